using HandoffBot.Cli;

namespace HandoffBot.Storage.Postgres;

/// <summary>
/// `backup`, `repair` and `restore` work on the LiteDB file. With PostgreSQL the database server keeps
/// the data: these verbs say so and name the tools (docs/deploy.md) instead of answering "unknown command".
/// </summary>
public sealed class PostgresFileCommand(string name) : ICliCommand
{
    public string Name => name;

    public string Usage => $"{name}   (LiteDB only; with Storage__Provider=postgres use pg_dump / pg_restore: docs/deploy.md)";

    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(error);
        await error.WriteLineAsync(
            $"`{name}` works on the LiteDB data file; this bot stores its data in PostgreSQL (Storage__Provider=postgres). "
            + "Back it up with pg_dump (e.g. `pg_dump -Fc -f handoffbot.dump <database>`) and restore with pg_restore; "
            + "PostgreSQL repairs itself from its write-ahead log. See docs/deploy.md.");
        return 2;
    }
}
