using HandoffBot.Storage.DataFile;

namespace HandoffBot.Cli;

/// <summary>
/// Finds the verb among the registered commands (two-word verbs first) and runs it. Commands are
/// resolved here, not injected, and open the data file only when they run, so a verb that does not
/// need it (or `backup`, which asks the running bot) works while the bot holds the file; a verb
/// refused the data file gets the reason printed and its exit code, not a stack trace.
/// </summary>
public sealed class CliRunner(IServiceProvider services)
{
    /// <summary>The first argument names a command unless it is an option (e.g. --urls).</summary>
    public static bool IsCommandLine(string[] args) => args.Length > 0 && !args[0].StartsWith('-');

    public async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        try
        {
            return await RunCommandAsync(args, output, error, ct);
        }
        catch (StorageUnavailableException ex)
        {
            await error.WriteLineAsync($"`{args[0]}` did not run. {ex.Message}");
            return ex.ExitCode;
        }
    }

    private async Task<int> RunCommandAsync(string[] args, TextWriter output, TextWriter error, CancellationToken ct)
    {
        var byName = new Dictionary<string, ICliCommand>(StringComparer.OrdinalIgnoreCase);
        foreach (var command in services.GetServices<ICliCommand>())
        {
            if (!byName.TryAdd(command.Name, command))
            {
                throw new InvalidOperationException($"Two commands are named '{command.Name}'.");
            }
        }

        if (args.Length >= 2 && byName.TryGetValue($"{args[0]} {args[1]}", out var twoWords))
        {
            return await twoWords.RunAsync(args[2..], output, error, ct);
        }

        if (byName.TryGetValue(args[0], out var oneWord))
        {
            return await oneWord.RunAsync(args[1..], output, error, ct);
        }

        await error.WriteLineAsync($"Unknown command '{args[0]}'. Commands:");
        foreach (var command in byName.Values.OrderBy(c => c.Name, StringComparer.Ordinal))
        {
            await error.WriteLineAsync("  " + command.Usage);
        }

        await error.WriteLineAsync("Run with no command to start the bot.");
        return 2;
    }
}
