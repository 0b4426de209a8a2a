using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HandoffBot.Cli;
using HandoffBot.Core.Application;
using HandoffBot.Core.Metrics;
using HandoffBot.Options;
using HandoffBot.Tests.Storage.Contract;
using HandoffBot.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace HandoffBot.Tests.Storage;

/// <summary>
/// `migrate --to postgres` as an operator runs it: the built bot as its own process, on a copy of the
/// data file main wrote at cbc98ff (Fixtures/main-cbc98ff: six handoffs with notes, transcripts and
/// audit trails, 203 jobs, deliveries, people, Teams conversations, a Slack inbox log), into a real
/// PostgreSQL schema. The bot on PostgreSQL then finds everything the file held, and its metrics are the LiteDB bot's.
/// </summary>
public sealed class MigrateToPostgresTests : IDisposable, IPostgresBackend
{
    private static readonly string Fixture = Path.Combine(AppContext.BaseDirectory, "Storage", "Fixtures", "main-cbc98ff");

    /// <summary>Where the fixture writer's fake clock stopped.</summary>
    private static readonly DateTimeOffset WrittenAt = new(2026, 12, 14, 17, 0, 0, TimeSpan.Zero);

    private readonly string folder = Directory.CreateTempSubdirectory("handoffbot-topg").FullName;
    private readonly PostgresSchema schema = new();

    public MigrateToPostgresTests()
    {
        File.Copy(Path.Combine(Fixture, "handoffbot.db"), DbPath);
        File.Copy(Path.Combine(Fixture, "handoffbot.db.slack-inbox"), DbPath + ".slack-inbox");
    }

    private string DbPath => Path.Combine(folder, "handoffbot.db");

    public void Dispose()
    {
        schema.Dispose();
        Directory.Delete(folder, recursive: true);
    }

    private async Task<(int? Code, string Output, string Error)> MigrateAsync(params string[] options)
    {
        var environment = new Dictionary<string, string> { ["Storage__ConnectionString"] = schema.ConnectionString };
        await using var run = BotProcess.Start(DbPath, environment, ["migrate", "--to", "postgres", .. options]);
        var code = await run.ExitCodeAsync(TimeSpan.FromMinutes(3));
        return (code, run.Output, run.Error);
    }

    private long Rows(string table) => schema.Scalar<long>($"SELECT count(*) FROM {table}");

    /// <summary>Every table's row count, to show a refused run changed nothing.</summary>
    private string Snapshot() => string.Join(", ", HandoffBot.Storage.Postgres.LiteDbToPostgres.Tables.Select(t => $"{t}={Rows(t)}"));

    [BackendFact]
    public async Task FileWrittenByMain_CopiedAndVerified_TheBotOnPostgresFindsEverything_MetricsAsOnLiteDb()
    {
        var (code, output, error) = await MigrateAsync();

        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");
        Assert.Matches(@"handoffs\s+6 in the file\s+6 in PostgreSQL\s+ok", output);
        Assert.Matches(@"audit entries\s+(\d+) in the file\s+\1 in PostgreSQL\s+ok", output);
        Assert.Matches(@"jobs \(with the inbox log's\)\s+([\d,]+) in the file\s+\1 in PostgreSQL\s+ok", output);
        Assert.DoesNotContain("DIFFERENT", output, StringComparison.Ordinal);
        Assert.DoesNotContain(schema.ConnectionString, output + error, StringComparison.Ordinal);

        // Each handoff is the file's JSON, character for character (audit, notes, transcripts, brief).
        using (var file = new LiteDB.LiteDatabase($"Filename={DbPath};ReadOnly=true"))
        {
            foreach (var doc in file.GetCollection("handoffs").FindAll())
            {
                var id = doc["_id"].AsString;
                Assert.Equal(doc["json"].AsString, schema.Scalar<string>($"SELECT json FROM handoffs WHERE id = '{id}'"));
            }

            Assert.Equal(file.GetCollection("jobs").LongCount(), Rows("jobs"));
            Assert.Equal(file.GetCollection("deliveries").LongCount(), Rows("deliveries"));
            Assert.Equal(file.GetCollection("people").LongCount(), Rows("people"));
            Assert.Equal(2, Rows("teams_conversations"));
            Assert.Equal(6, Rows("handoff_facts"));
        }

        var expected = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(Fixture, "expected.json")))!;
        JsonNode onPostgres;
        using (var bot = new HandoffBotApp(time: new FakeTimeProvider(WrittenAt), settings: schema.Settings))
        {
            await MainDataFileMigrationTests.AssertEverythingIsThereAsync(bot, expected);
            using var admin = bot.AdminClient();
            onPostgres = (await admin.GetFromJsonAsync<JsonNode>("/api/metrics"))!;
        }

        using var liteDb = new HandoffBotApp(DbPath, new FakeTimeProvider(WrittenAt));
        using var liteAdmin = liteDb.AdminClient();
        var onLiteDb = (await liteAdmin.GetFromJsonAsync<JsonNode>("/api/metrics"))!;
        Assert.Equal(6, onLiteDb["overall"]!["handoffs"]!.GetValue<int>());
        Assert.True(JsonNode.DeepEquals(onLiteDb, onPostgres), $"LiteDB:\n{onLiteDb}\nPostgreSQL:\n{onPostgres}");
    }

    [BackendFact]
    public async Task NonEmptyDatabase_IsRefused_UnlessReplace_NeverDoubled()
    {
        Assert.Equal(0, (await MigrateAsync()).Code);
        var copied = Snapshot();

        var (again, _, refusal) = await MigrateAsync();

        Assert.Equal(MigrateCommand.TargetNotEmptyExitCode, again);
        Assert.Contains("already holds data", refusal, StringComparison.Ordinal);
        Assert.Contains("--replace", refusal, StringComparison.Ordinal);
        Assert.Equal(copied, Snapshot());

        var (replaced, output, error) = await MigrateAsync("--replace");

        Assert.True(replaced == 0, $"exit {replaced}\n{output}\n{error}");
        Assert.Equal(copied, Snapshot());
    }

    [BackendFact]
    public async Task WhileTheBotHoldsTheFile_Refused_TheDatabaseIsNotTouched()
    {
        using var running = new HandoffBotApp(DbPath, new FakeTimeProvider(WrittenAt));
        _ = running.Services;

        var (code, output, error) = await MigrateAsync();

        Assert.NotEqual(0, code);
        Assert.Contains("did not run", error, StringComparison.Ordinal);
        Assert.Equal(0L, schema.Scalar<long>($"SELECT count(*) FROM information_schema.tables WHERE table_schema = '{schema.Name}'"));
        Assert.DoesNotContain("Copying", output, StringComparison.Ordinal);
    }
}

/// <summary>The verb's usage mistakes: nothing opened, exit 2 and what to fix.</summary>
public sealed class MigrateCommandUsageTests
{
    private const string DbPath = "/nonexistent/handoffbot.db";

    [Theory]
    [InlineData(new string[0], "--to postgres")]
    [InlineData(new[] { "--to", "mysql" }, "--to postgres")]
    [InlineData(new[] { "--to", "postgres", "--from", "/nonexistent/handoffbot.db" }, "There is no LiteDB file at /nonexistent/handoffbot.db")]
    [InlineData(new[] { "--to", "postgres", "--from" }, "Unknown or incomplete option '--from'")]
    [InlineData(new[] { "--to", "postgres", "--force" }, "Unknown or incomplete option '--force'")]
    public async Task UsageMistakes_Exit2_SayingWhatIsMissing(string[] args, string expected)
    {
        var command = Command(connectionString: "Host=127.0.0.1;Database=unused");
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await command.RunAsync(args, output, error, CancellationToken.None);

        Assert.Equal(2, code);
        Assert.Contains(expected, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoConnectionString_Exit2_NamingTheSetting()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var existing = Path.Combine(AppContext.BaseDirectory, "Storage", "Fixtures", "main-cbc98ff", "handoffbot.db"); // checked to exist, never opened

        var code = await Command(connectionString: null).RunAsync(["--to", "postgres", "--from", existing], output, error, CancellationToken.None);

        Assert.Equal(2, code);
        Assert.Contains("Storage__ConnectionString", error.ToString(), StringComparison.Ordinal);
    }

    private static MigrateCommand Command(string? connectionString) => new(
        Microsoft.Extensions.Options.Options.Create(new StorageOptions { Path = DbPath, ConnectionString = connectionString }),
        new FactsProjection(new FixedPlaybookProvider(Core.Playbooks.PlaybookLoader.Parse("owners: { revopsFallback: revops@example.com }"))),
        NullLoggerFactory.Instance);
}
