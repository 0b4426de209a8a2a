namespace HandoffBot.Hosting;

/// <summary>One integration's state at start-up; each disabled one is logged with the setting that enables it.</summary>
public sealed record IntegrationStatus(string Name, bool Enabled, string HowToEnable, string? Detail = null);

/// <summary>Registered by each adapter (intake, admin API, Teams, Slack, AI…).</summary>
public interface IIntegrationStatusSource
{
    IntegrationStatus Status { get; }
}

internal sealed class DelegateStatusSource(Func<IntegrationStatus> status) : IIntegrationStatusSource
{
    public IntegrationStatus Status => status();
}
