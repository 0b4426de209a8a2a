using HandoffBot.Teams;
using Microsoft.Extensions.Options;

namespace HandoffBot.Demo;

/// <summary>
/// Whether the demo's powers are on. Acting as someone else and the local Slack page exist only when
/// all of these hold at once: the demo was asked for, the host runs in Development, and Teams is on
/// without an app id (anonymous: the local playground). Any one missing (Production, an app id set,
/// no demo) and they are refused — whatever else is configured, e.g. Teams__AllowUnauthenticatedUnsafe.
/// </summary>
public sealed class DemoGate(IOptions<DemoOptions> demo, IOptions<TeamsOptions> teams, IHostEnvironment environment)
{
    /// <summary>The demo is running: Development, and the demo command (or Demo__Enabled) asked for it.</summary>
    public bool IsOn => demo.Value.Enabled && environment.IsDevelopment();

    /// <summary>A person may switch whom they act as: the demo, and Teams anonymous (no app id, so no real tenant is behind it).</summary>
    public bool ActAsAllowed => IsOn && teams.Value.Enabled && teams.Value.IsAnonymous;

    public DemoOptions Options => demo.Value;
}
