using System.Collections.Concurrent;
using HandoffBot.Tests.Support;
using HandoffBot.Tests.Teams;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HandoffBot.Tests.Demo;

/// <summary>
/// Expected states are one calm line saying what to do, never a warning with a stack trace: here the
/// AE has not installed the bot in Teams yet, so their context request cannot be delivered and waits.
/// </summary>
public sealed class CalmLogTests
{
    [Fact]
    public async Task NobodyInstalledTheBotYet_OneInfoLineSayingWhatToDo_NoStackTrace()
    {
        var logs = new Lines();
        await using var world = await TeamsWorld.StartAsync(services: s => s.AddSingleton<ILoggerProvider>(logs));

        await world.PostDealAsync(Deals.Complete());
        await world.App.RunJobsAsync();

        var waiting = logs.Entries.Where(e => e.Message.Contains("Waiting to send", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(waiting);
        Assert.All(waiting, e => Assert.Equal((LogLevel.Information, (Exception?)null), (e.Level, e.Exception)));
        Assert.Contains("install", waiting[0].Message, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(logs.Entries, e => e.Category.EndsWith("JobRunner", StringComparison.Ordinal) && e.Exception is not null);
    }

    [Fact]
    public async Task ASecondBotOnTheSamePort_SaysSoInOneParagraph_ExitCode7()
    {
        using var first = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        first.Start();
        var port = ((System.Net.IPEndPoint)first.LocalEndpoint).Port;

        var (exitCode, output) = await BotProcess.RunUntilExitAsync(new Dictionary<string, string?> { ["Urls"] = $"http://127.0.0.1:{port}", ["Teams__Enabled"] = "false" });

        Assert.Equal(HandoffBot.Hosting.AddressInUse.ExitCode, exitCode);
        Assert.Contains("HandoffBot did not start", output, StringComparison.Ordinal);
        Assert.Contains("stop it first", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheInMemoryTestHost_StartsWhateverHoldsTheConfiguredPort()
    {
        // The port probe is for Kestrel only: test hosts starting side by side once took turns holding
        // localhost:3978 in their probes and stopped each other ("the server has not been started").
        using var other = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        other.Start();
        var port = ((System.Net.IPEndPoint)other.LocalEndpoint).Port;
        using var app = new HandoffBotApp(settings: new Dictionary<string, string?> { ["Urls"] = $"http://127.0.0.1:{port}" });

        using var client = app.CreateClient();
        using var response = await client.GetAsync("/healthz");

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }

    private sealed class Lines : ILoggerProvider
    {
        public ConcurrentQueue<(string Category, LogLevel Level, string Message, Exception? Exception)> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(Lines owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                owner.Entries.Enqueue((category, logLevel, formatter(state, exception), exception));
        }
    }
}
