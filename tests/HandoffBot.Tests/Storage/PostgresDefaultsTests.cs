using HandoffBot.Options;
using HandoffBot.Storage;
using HandoffBot.Storage.Postgres;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace HandoffBot.Tests.Storage;

/// <summary>What the bot assumes on PostgreSQL where the settings say nothing, and that a setting always wins.</summary>
public sealed class PostgresDefaultsTests
{
    private const string Server = "Host=db.internal;Port=5432;Database=handoffbot;Username=bot;Password=secret";

    [Fact]
    public void ConnectionString_WithoutTheirSettings_PreparesStatementsAndSkipsTheReset()
    {
        var builder = PostgresDatabase.WithDefaults(Server);

        Assert.Equal((PostgresDatabase.DefaultMaxAutoPrepare, true), (builder.MaxAutoPrepare, builder.NoResetOnClose));
        Assert.Equal(("db.internal", "handoffbot", "secret"), (builder.Host, builder.Database, builder.Password));
    }

    [Theory]
    [InlineData("Max Auto Prepare=0;No Reset On Close=false", 0, false)]
    [InlineData("MaxAutoPrepare=5;NoResetOnClose=False", 5, false)]
    [InlineData("max auto prepare=7", 7, true)]
    [InlineData("No Reset On Close=false", PostgresDatabase.DefaultMaxAutoPrepare, false)]
    public void ConnectionString_TheirSettingWins_InAnySpelling(string theirs, int prepare, bool noReset)
    {
        var builder = PostgresDatabase.WithDefaults($"{Server};{theirs}");

        Assert.Equal((prepare, noReset), (builder.MaxAutoPrepare, builder.NoResetOnClose));
    }

    [Theory]
    [InlineData("postgres", null, SchedulerOptions.PostgresConcurrency)]
    [InlineData("postgres", "2", 2)]
    [InlineData("litedb", null, 1)]
    [InlineData("litedb", "3", 3)]
    public void SchedulerConcurrency_UnsetOnPostgres_RunsJobsSideBySide(string provider, string? configured, int expected)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Storage:Provider"] = provider,
            ["Storage:ConnectionString"] = provider == "postgres" ? Server : null,
            ["Storage:Path"] = Path.Combine(Path.GetTempPath(), "unused.db"),
        };
        if (configured is not null)
        {
            settings["Scheduler:Concurrency"] = configured;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        services.AddValidatedOptions<SchedulerOptions>(SchedulerOptions.Section);
        services.AddStorage(configuration);
        using var provided = services.BuildServiceProvider();

        // Only the options are resolved: nothing connects.
        Assert.Equal(expected, provided.GetRequiredService<IOptions<SchedulerOptions>>().Value.Concurrency);
    }
}
