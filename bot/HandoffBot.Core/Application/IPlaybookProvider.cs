using HandoffBot.Core.Playbooks;

namespace HandoffBot.Core.Application;

/// <summary>The playbook in force now (it may be reloaded while the bot runs).</summary>
public interface IPlaybookProvider
{
    Playbook Current { get; }
}

public sealed class FixedPlaybookProvider(Playbook playbook) : IPlaybookProvider
{
    public Playbook Current { get; } = playbook;
}
