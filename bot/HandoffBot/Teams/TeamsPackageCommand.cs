using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using HandoffBot.Cli;

namespace HandoffBot.Teams;

/// <summary>
/// `teams-package [--out handoffbot-teams.zip] [--version 1.0.0]`: the Teams app package (manifest
/// with the bot id from MicrosoftAppId (or Teams__MicrosoftAppId), color.png, outline.png), ready to upload in Teams.
/// </summary>
public sealed class TeamsPackageCommand(BotFrameworkSettings botSettings) : ICliCommand
{
    public const string DefaultOutput = "handoffbot-teams.zip";

    public string Name => "teams-package";

    public string Usage => "teams-package [--out <file.zip>] [--version <x.y.z>]   the Teams app package with the bot id from MicrosoftAppId (or Teams__MicrosoftAppId)";

    /// <summary>The manifest template and icons, copied next to the binaries at build.</summary>
    public static string SourceFolder => Path.Combine(AppContext.BaseDirectory, "manifest", "teams");

    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var settings = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["out"] = DefaultOutput };
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] is "--out" or "--version" && i + 1 < args.Count)
            {
                settings[args[i][2..]] = args[++i];
            }
            else
            {
                await error.WriteLineAsync($"Unexpected argument '{args[i]}'.{Environment.NewLine}Usage: {Usage}");
                return 2;
            }
        }

        var botId = botSettings.MicrosoftAppId;
        if (!Guid.TryParse(botId, out _))
        {
            await error.WriteLineAsync("MicrosoftAppId must be the bot's Microsoft App ID (a GUID): set MicrosoftAppId or Teams__MicrosoftAppId (see docs/teams.md).");
            return 2;
        }

        var manifest = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(SourceFolder, "manifest.json"), ct))!.AsObject();
        manifest["id"] = botId;
        manifest["bots"]![0]!["botId"] = botId;
        if (settings.TryGetValue("version", out var version))
        {
            manifest["version"] = version;
        }

        var path = Path.GetFullPath(settings["out"]);
        File.Delete(path);
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            var entry = zip.CreateEntry("manifest.json");
            await using (var stream = entry.Open())
            {
                await JsonSerializer.SerializeAsync(stream, manifest, new JsonSerializerOptions { WriteIndented = true }, ct);
            }

            zip.CreateEntryFromFile(Path.Combine(SourceFolder, "color.png"), "color.png");
            zip.CreateEntryFromFile(Path.Combine(SourceFolder, "outline.png"), "outline.png");
        }

        await output.WriteLineAsync($"Wrote {path} (bot {botId}). Upload it in Teams: Apps → Manage your apps → Upload an app.");
        return 0;
    }
}
