using System.Diagnostics;
using System.Globalization;
using HandoffBot.Core.Metrics;
using HandoffBot.Options;
using HandoffBot.Storage;
using HandoffBot.Storage.Postgres;
using Microsoft.Extensions.Options;
using Npgsql;

namespace HandoffBot.Cli;

/// <summary>
/// `migrate --to postgres [--from &lt;file&gt;] [--connection &lt;connection string&gt;] [--replace]`: copies a
/// LiteDB file into PostgreSQL and verifies the counts (<see cref="LiteDbToPostgres"/>). The file is
/// Storage__Path unless --from names one; the database is Storage__ConnectionString unless
/// --connection names one (settings are the better place: a command line is visible to other users).
/// The file is taken with its lock, so the bot must be stopped. Exit 0: copied and verified; 1: the
/// copy failed or did not verify (nothing written); 2: usage; 3: the target holds data (no --replace);
/// 4/5: the file or the database cannot be used.
/// </summary>
public sealed class MigrateCommand(IOptions<StorageOptions> storage, FactsProjection projection, ILoggerFactory loggers) : ICliCommand
{
    public const int TargetNotEmptyExitCode = 3;

    public string Name => "migrate";

    public string Usage => "migrate --to postgres [--from <file>] [--connection <connection string>] [--replace]   copy the LiteDB file into PostgreSQL and verify the counts";

    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        string? to = null, from = null, connection = null;
        var replace = false;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--to" when i + 1 < args.Count:
                    to = args[++i];
                    break;
                case "--from" when i + 1 < args.Count:
                    from = args[++i];
                    break;
                case "--connection" when i + 1 < args.Count:
                    connection = args[++i];
                    break;
                case "--replace":
                    replace = true;
                    break;
                default:
                    await error.WriteLineAsync($"Unknown or incomplete option '{args[i]}'. Usage: {Usage}");
                    return 2;
            }
        }

        if (!string.Equals(to, StorageOptions.Postgres, StringComparison.Ordinal))
        {
            await error.WriteLineAsync($"Say where to: --to {StorageOptions.Postgres} (the only target). Usage: {Usage}");
            return 2;
        }

        var file = Path.GetFullPath(from ?? storage.Value.Path);
        if (!File.Exists(file))
        {
            await error.WriteLineAsync($"There is no LiteDB file at {file}: name it with --from or Storage__Path.");
            return 2;
        }

        connection ??= storage.Value.ConnectionString;
        if (string.IsNullOrWhiteSpace(connection))
        {
            await error.WriteLineAsync("Name the database: set Storage__ConnectionString (or pass --connection).");
            return 2;
        }

        try
        {
            _ = new NpgsqlConnectionStringBuilder(connection);
        }
        catch (ArgumentException ex)
        {
            await error.WriteLineAsync($"The connection string is not valid: {ex.Message}");
            return 2;
        }

        // Both opened as the bot opens them: the file with its lock (refused while the bot runs), the database migrated to this version's schema.
        using var source = new LiteDbContext(Microsoft.Extensions.Options.Options.Create(new StorageOptions { Path = file }), loggers.CreateLogger<LiteDbContext>());
        using var target = new PostgresDatabase(
            Microsoft.Extensions.Options.Options.Create(new StorageOptions { Provider = StorageOptions.Postgres, ConnectionString = connection }),
            loggers.CreateLogger<PostgresDatabase>());
        await output.WriteLineAsync($"Copying {file} ({source.OpenedWith.Summary()}) into the PostgreSQL {target.Where}, schema version {target.SchemaVersion}…");
        var clock = Stopwatch.StartNew();
        try
        {
            var counts = await new LiteDbToPostgres(source, target, projection).CopyAsync(replace, new Progress(output), ct);
            await output.WriteLineAsync(Table(counts));
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"Copied and verified in {clock.Elapsed.TotalSeconds:0.0} s. Start the bots with Storage__Provider=postgres and this connection string; keep {Path.GetFileName(file)} as the backup of before."));
            return 0;
        }
        catch (MigrationRefusedException ex)
        {
            if (ex.Counts.Count > 0)
            {
                await error.WriteLineAsync(Table(ex.Counts));
            }

            await error.WriteLineAsync(ex.Message);
            return ex.TargetHoldsData ? TargetNotEmptyExitCode : 1;
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidDataException or System.Text.Json.JsonException)
        {
            await error.WriteLineAsync($"The copy failed and was rolled back (the database is as it was): {ex.Message}");
            return 1;
        }
    }

    private static string Table(IReadOnlyList<CopiedCount> counts)
    {
        var width = counts.Max(c => c.What.Length);
        var lines = counts.Select(c => string.Create(CultureInfo.InvariantCulture,
            $"  {c.What.PadRight(width)}  {c.Source,12:N0} in the file  {c.Target,12:N0} in PostgreSQL  {(c.Matches ? "ok" : "DIFFERENT")}"));
        return string.Join(Environment.NewLine, lines);
    }

    /// <summary>Progress lines as they come (synchronously: System.Progress would post them to the thread pool).</summary>
    private sealed class Progress(TextWriter output) : IProgress<string>
    {
        public void Report(string value) => output.WriteLine("  … " + value);
    }
}
