using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace HandoffBot.Benchmarks;

/// <summary>
/// `--teams-load`: message turns per second through /api/messages at 16 connections, each turn
/// answered through a fake Bot Connector on loopback. Measures, in one run and under the same load
/// generator: the textbook SDK echo bot (CloudAdapter + ActivityHandler, one reply per turn) and the
/// real bot (Program with all its services, on Kestrel) answering `help` with a card.
/// </summary>
public static class TeamsLoad
{
    private const int Connections = 16;
    private const int ConnectorPort = 3993;
    private const int EchoPort = 3994;
    private const int BotPort = 3995;

    public static async Task<int> RunAsync(TimeSpan duration)
    {
        await using var connector = await StartConnectorAsync();
        await using var echo = await StartEchoBotAsync();
        using var bot = StartRealBot();
        await WaitUntilUpAsync($"http://127.0.0.1:{BotPort}/healthz");

        // TEAMS_LOAD_ONLY=bot skips the echo bot (for profiling the real bot's turn alone).
        var only = Environment.GetEnvironmentVariable("TEAMS_LOAD_ONLY");
        foreach (var (name, url, text) in new[]
        {
            ("textbook echo bot (SDK as documented)", $"http://127.0.0.1:{EchoPort}/api/messages", "hello"),
            ("HandoffBot: `help` → card reply", $"http://127.0.0.1:{BotPort}/api/messages", "help"),
        }.Where(b => only != "bot" || b.Item3 == "help"))
        {
            await LoadAsync(url, text, TimeSpan.FromSeconds(3), null);
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var result = await LoadAsync(url, text, duration, connector);
            // CPU per turn (bot, connector and load generator together: one process) is steadier than turns/s on a shared machine.
            var perTurn = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds / Math.Max(1, result.Rate * duration.TotalSeconds);
            Console.WriteLine($"| {name} | {result.Rate:0} turns/s | p50 {result.P50:0.0} ms | p99 {result.P99:0.0} ms | {perTurn:0.00} ms CPU/turn | {result.Errors} errors | {result.Replies} replies seen by the connector |");
        }

        return 0;
    }

    private sealed record Result(double Rate, double P50, double P99, int Errors, int Replies);

    private static async Task<Result> LoadAsync(string url, string text, TimeSpan duration, Connector? connector)
    {
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Connections });
        var latencies = new ConcurrentBag<double>();
        var errors = 0;
        var before = connector?.Replies ?? 0;
        var stop = Stopwatch.StartNew();
        var next = 0;
        await Task.WhenAll(Enumerable.Range(0, Connections).Select(async worker =>
        {
            while (stop.Elapsed < duration)
            {
                var id = Interlocked.Increment(ref next);
                var body = $$$"""
                    {"type":"message","id":"load-{{{worker}}}-{{{id}}}","channelId":"msteams","serviceUrl":"http://127.0.0.1:{{{ConnectorPort}}}/",
                     "from":{"id":"29:avery","aadObjectId":"aad-avery"},"recipient":{"id":"28:bot","name":"HandoffBot"},
                     "conversation":{"id":"a:chat-avery","conversationType":"personal","tenantId":"tenant-1"},
                     "channelData":{"tenant":{"id":"tenant-1"}},"text":"{{{text}}}"}
                    """;
                using var content = new StringContent(body, Encoding.UTF8, "application/json");
                var started = Stopwatch.GetTimestamp();
                using var response = await client.PostAsync(url, content);
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (!response.IsSuccessStatusCode)
                {
                    Interlocked.Increment(ref errors);
                }
            }
        }));
        var sorted = latencies.Order().ToArray();
        return new Result(
            sorted.Length / stop.Elapsed.TotalSeconds,
            sorted[sorted.Length / 2],
            sorted[(int)(sorted.Length * 0.99)],
            errors,
            (connector?.Replies ?? 0) - before);
    }

    private sealed class Connector(WebApplication app) : IAsyncDisposable
    {
        public int Replies;

        public async ValueTask DisposeAsync() => await app.DisposeAsync();
    }

    private static async Task<Connector> StartConnectorAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{ConnectorPort}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var connector = new Connector(app);
        IResult Reply()
        {
            Interlocked.Increment(ref connector.Replies);
            return Results.Text("""{"id":"1"}""", "application/json");
        }

        app.MapPost("/v3/conversations/{c}/activities", Reply);
        app.MapPost("/v3/conversations/{c}/activities/{a}", Reply);
        app.MapGet("/v3/conversations/{c}/members/{m}", () =>
            Results.Text("""{"id":"29:avery","name":"Avery Brooks","aadObjectId":"aad-avery","email":"avery.ae@example.com"}""", "application/json"));
        await app.StartAsync();
        return connector;
    }

    /// <summary>The echo bot exactly as the SDK's samples wire it.</summary>
    private static async Task<WebApplication> StartEchoBotAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{EchoPort}");
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<BotFrameworkAuthentication>(new ConfigurationBotFrameworkAuthentication(new ConfigurationBuilder().Build()));
        builder.Services.AddSingleton<IBotFrameworkHttpAdapter>(sp => new CloudAdapter(sp.GetRequiredService<BotFrameworkAuthentication>(), sp.GetRequiredService<ILogger<CloudAdapter>>()));
        builder.Services.AddSingleton<IBot, EchoBot>();
        var app = builder.Build();
        app.MapPost("/api/messages", (HttpRequest req, HttpResponse res, IBotFrameworkHttpAdapter adapter, IBot bot) => adapter.ProcessAsync(req, res, bot));
        await app.StartAsync();
        return app;
    }

    private sealed class EchoBot : ActivityHandler
    {
        protected override Task OnMessageActivityAsync(ITurnContext<Microsoft.Bot.Schema.IMessageActivity> turnContext, CancellationToken cancellationToken) =>
            turnContext.SendActivityAsync(MessageFactory.Text("Echo: " + turnContext.Activity.Text), cancellationToken);
    }

    /// <summary>
    /// The real bot (Program, all its services with the template card renderer, a fresh LiteDB file,
    /// anonymous Teams) on Kestrel.
    /// </summary>
    private sealed class RealBot : WebApplicationFactory<HandoffBot.Teams.TeamsBot>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            var data = Path.Combine(Path.GetTempPath(), "handoffbot-load", Guid.NewGuid().ToString("N"));
            builder.UseEnvironment("Production");
            builder.UseSetting("Storage:Path", Path.Combine(data, "handoffbot.db"));
            builder.UseSetting("Scheduler:Enabled", "false");

            // Anonymous Teams outside Development has to be asked for by name (the load generator sends unsigned activities).
            builder.UseSetting("Teams:AllowUnauthenticatedUnsafe", "true");
            var source = AppContext.BaseDirectory;
            while (!File.Exists(Path.Combine(source, "tests", "Defaults", "playbook.yaml")))
            {
                source = Path.GetDirectoryName(source.TrimEnd('/'))!;
            }

            builder.UseSetting("Playbook:Path", Path.Combine(source, "tests", "Defaults", "playbook.yaml"));
            builder.UseSetting("People:SeedPath", Path.Combine(source, "tests", "Defaults", "people.yaml"));
            builder.UseSetting("Logging:LogLevel:Default", "Warning");
            builder.ConfigureLogging(l => l.ClearProviders());
        }
    }

    private static RealBot StartRealBot()
    {
        // Run from the build output (playbook.yaml, people.yaml), not from a source folder.
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_HANDOFFBOT", AppContext.BaseDirectory);
        var bot = new RealBot();
        bot.UseKestrel(BotPort);
        bot.StartServer();
        return bot;
    }

    private static async Task WaitUntilUpAsync(string url)
    {
        using var client = new HttpClient();
        for (var i = 0; i < 120; i++)
        {
            try
            {
                if ((await client.GetAsync(url)).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(500);
        }

        throw new TimeoutException("The bot did not start.");
    }
}
