using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using HandoffBot.Core.Handoffs;

namespace HandoffBot.Demo;

/// <summary>
/// What the demo runs on: its own folder (<c>data/demo/</c> under the working directory, i.e.
/// bot/HandoffBot/data/demo under <c>dotnet run</c>) with its own data file, people and playbook, written
/// fresh at every start from the files shipped inside the app — the user's data file, playbook and
/// people are never read or touched — and a fake Slack workspace served by the bot itself.
/// </summary>
public static class DemoSettings
{
    /// <summary>The demo CS channel: the Handoffs channel of the playground's team (manifest/teams/playground.yml), or the local Slack page's #cs-handoffs.</summary>
    public const string TeamsChannel = "19:handoffs@thread.tacv2";

    public const string TeamsTeam = "19:cs-team@thread.tacv2";

    public const string SlackChannel = "C0DEMOCS01";

    public const string SlackToken = "xoxb-demo-local-only";

    /// <summary>The settings the demo puts over every other source (the user's Storage__Path, Playbook__Path… never reach it).</summary>
    public static Dictionary<string, string?> For(ChatPlatform platform, string folder, Uri self, string slackSigningSecret) => new()
    {
        ["Demo:Enabled"] = "true",
        ["Demo:Platform"] = platform.ToString(),
        ["Storage:Path"] = Path.Combine(folder, "handoffbot.db"),
        ["Playbook:Path"] = Path.Combine(folder, "playbook.yaml"),
        ["People:SeedPath"] = Path.Combine(folder, "people.yaml"),
        ["Teams:Enabled"] = "true",
        ["Slack:SigningSecret"] = slackSigningSecret,
        ["Slack:BotToken"] = SlackToken,
        ["Slack:ApiBaseUrl"] = new Uri(self, "demo/slack/api/").ToString(),
        ["Slack:ChannelMessageIntervalMs"] = "0",
        ["Timing:PublicBaseUrl"] = self.ToString().TrimEnd('/'),
        ["Timing:WatchPlaybook"] = "false",
        ["Scheduler:PollSeconds"] = "1",
        ["Scheduler:RetryDelaySeconds"] = "5",

        // A quiet console: the SDK's and the retry pipeline's per-call lines say nothing a person trying it needs.
        ["Logging:LogLevel:HandoffBot.Teams.TeamsAdapter"] = "Warning",
        ["Logging:LogLevel:Polly"] = "Warning",
        ["Logging:LogLevel:System.Net.Http.HttpClient"] = "Warning",
    };

    /// <summary>A signing secret made for this run: only the bot itself (the Slack page's relay) can sign as Slack.</summary>
    public static string NewSigningSecret() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    /// <summary>Writes the demo's people, playbook and playground configuration into <paramref name="folder"/>.</summary>
    public static void WriteFiles(string folder, ChatPlatform platform)
    {
        Directory.CreateDirectory(folder);
        var channel = platform == ChatPlatform.Slack ? "slack:" + SlackChannel : "teams:" + TeamsChannel;
        File.WriteAllText(Path.Combine(folder, "people.yaml"), Resource("people.yaml").Replace("{{platform}}", platform.ToString().ToLowerInvariant(), StringComparison.Ordinal));
        File.WriteAllText(Path.Combine(folder, "playbook.yaml"), Resource("playbook.yaml").Replace("{{channel}}", channel, StringComparison.Ordinal));
        var playground = Path.Combine(folder, "playground");
        Directory.CreateDirectory(playground);
        File.WriteAllText(Path.Combine(playground, ".m365agentsplayground.yml"), Resource("playground.yml"));
    }

    /// <summary>The sample deal (Acme Logistics), closed yesterday (so the sales leader's digest of the last seven days has it).</summary>
    public static byte[] SampleDeal(DateOnly today) => System.Text.Encoding.UTF8.GetBytes(Resource("sample-deal.json")
        .Replace("{{today}}", today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{{yesterday}}", today.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{{in60days}}", today.AddDays(60).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{{in90days}}", today.AddDays(90).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), StringComparison.Ordinal));

    public static string Resource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("demo/" + name)
            ?? throw new InvalidOperationException($"The demo file {name} is not in the app.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
