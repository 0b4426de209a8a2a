using System.ComponentModel.DataAnnotations;
using HandoffBot.Core.Handoffs;

namespace HandoffBot.Demo;

/// <summary>
/// Section "Demo": the local trial that <c>dotnet run --project bot/HandoffBot -- demo</c> starts. The
/// command sets <see cref="Enabled"/> and <see cref="Platform"/> itself; the trial works only in the
/// Development environment with anonymous Teams (<see cref="DemoGate"/>).
/// </summary>
public sealed class DemoOptions
{
    public const string Section = "Demo";

    /// <summary>Set by the <c>demo</c> command: a demo directory, a demo CS channel, the sample deal, act-as, the Slack page.</summary>
    public bool Enabled { get; set; }

    /// <summary>Where the demo people are: Teams (the Agents Playground) or Slack (the local Slack page).</summary>
    public ChatPlatform Platform { get; set; } = ChatPlatform.Teams;

    /// <summary>The port the demo asks the Microsoft 365 Agents Playground to listen on (a busy port: it picks another and says which).</summary>
    [Range(1, 65535)]
    public int PlaygroundPort { get; set; } = 56150;

    /// <summary>Start the playground (through npx) with the demo; false: start it yourself (the command is logged).</summary>
    public bool StartPlayground { get; set; } = true;

    /// <summary>The playground's npm package, pinned to the version the demo was checked with.</summary>
    public string PlaygroundPackage { get; set; } = "@microsoft/m365agentsplayground@0.2.28";
}
