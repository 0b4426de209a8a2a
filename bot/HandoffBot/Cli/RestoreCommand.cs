using HandoffBot.Options;
using HandoffBot.Storage.DataFile;
using Microsoft.Extensions.Options;

namespace HandoffBot.Cli;

/// <summary>`restore &lt;backup file&gt;`: puts a backup in place of the data file (see <see cref="DataFileRestore"/>); the bot must be stopped.</summary>
public sealed class RestoreCommand(IOptions<StorageOptions> storage, TimeProvider time, ILogger<RestoreCommand> logger) : ICliCommand
{
    public string Name => "restore";

    public string Usage => "restore <backup.db>       put a backup in place of the data file (stop the bot first)";

    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(storage);
        if (args.Count != 1)
        {
            await error.WriteLineAsync("Usage: " + Usage);
            return 2;
        }

        if (!File.Exists(args[0]))
        {
            await error.WriteLineAsync($"{args[0]}: file not found.");
            return 2;
        }

        var path = Path.GetFullPath(storage.Value.Path);
        using var held = DataFileLock.Acquire(path, time);
        var result = DataFileRestore.Run(path, args[0], time, logger);
        await output.WriteLineAsync($"Restored {path} from {Path.GetFullPath(args[0])}: {result.Restored.Summary()}.");
        if (result.Replaced is { } replaced)
        {
            await output.WriteLineAsync($"The file it replaced is kept as {replaced}.");
        }

        return 0;
    }
}
