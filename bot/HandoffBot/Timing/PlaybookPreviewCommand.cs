using HandoffBot.Cli;
using HandoffBot.Core.Application;

namespace HandoffBot.Timing;

/// <summary>`playbook preview --segment Enterprise --closed 2026-11-02 [--tz Europe/Berlin] [--at 15:30]`: the timeline a deal would follow.</summary>
public sealed class PlaybookPreviewCommand(IPlaybookProvider playbooks) : ICliCommand
{
    public string Name => "playbook preview";

    public string Usage => "playbook preview --segment <name> --closed <yyyy-MM-dd> [--tz <zone>] [--at <HH:mm>]   the timeline a deal would follow";

    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] is "--segment" or "--closed" or "--tz" or "--at" && i + 1 < args.Count)
            {
                options[args[i][2..]] = args[++i];
            }
            else
            {
                await error.WriteLineAsync($"Unexpected argument '{args[i]}'.{Environment.NewLine}Usage: {Usage}");
                return 2;
            }
        }

        var (timeline, errors) = PreviewRequest.Run(playbooks.Current, options.GetValueOrDefault("segment"), options.GetValueOrDefault("closed"),
            options.GetValueOrDefault("tz"), options.GetValueOrDefault("at"));
        if (timeline is null)
        {
            foreach (var e in errors)
            {
                await error.WriteLineAsync($"--{e.Field}: {e.Message}");
            }

            await error.WriteLineAsync("Usage: " + Usage);
            return 2;
        }

        PreviewRequest.Write(timeline, output);
        return 0;
    }
}
