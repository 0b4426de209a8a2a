using HandoffBot.Core.Application;
using HandoffBot.Core.Playbooks;
using HandoffBot.Options;
using Microsoft.Extensions.Options;

namespace HandoffBot.Hosting;

/// <summary>The playbook from Playbook:Path, loaded once (start-up fails on an invalid file).</summary>
public sealed class PlaybookProvider(IOptions<PlaybookOptions> options) : IPlaybookProvider
{
    private readonly Lazy<Playbook> playbook = new(() => PlaybookLoader.LoadFile(FilePaths.Resolve(options.Value.Path)));

    public Playbook Current => playbook.Value;

    public string Path => FilePaths.Resolve(options.Value.Path);
}
