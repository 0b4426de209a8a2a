using HandoffBot.Options;
using HandoffBot.Storage.DataFile;
using Microsoft.Extensions.Options;

namespace HandoffBot.Cli;

/// <summary>`repair`: rebuilds a damaged data file from its readable pages (see <see cref="DataFileRepair"/>). Exit 0: nothing lost; 1: repaired with losses (listed); 4: not repairable.</summary>
public sealed class RepairCommand(IOptions<StorageOptions> storage, TimeProvider time) : ICliCommand
{
    public string Name => "repair";

    public string Usage => "repair                    rebuild a damaged data file from its readable pages (stop the bot first)";

    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(storage);
        if (args.Count != 0)
        {
            await error.WriteLineAsync("Usage: " + Usage);
            return 2;
        }

        var path = Path.GetFullPath(storage.Value.Path);
        if (!File.Exists(path))
        {
            await error.WriteLineAsync($"There is no data file at {path} (Storage__Path).");
            return 2;
        }

        using var held = DataFileLock.Acquire(path, time);
        await output.WriteLineAsync($"Repairing {path}…");
        var report = DataFileRepair.Run(path, time);
        await output.WriteLineAsync(report.Describe());
        return report.Complete ? 0 : 1;
    }
}
