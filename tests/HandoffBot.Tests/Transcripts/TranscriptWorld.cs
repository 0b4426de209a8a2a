using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HandoffBot.FakeGong;
using HandoffBot.Tests.Support;

namespace HandoffBot.Tests.Transcripts;

/// <summary>The bot in-process with the fake Gong API on loopback, and the transcript samples.</summary>
public sealed class TranscriptWorld : IAsyncDisposable
{
    public const string GongKey = "test-gong-key";
    public const string GongSecret = "test-gong-secret";
    public const string SampleCallId = "7782342274025937895";

    private TranscriptWorld(FakeGongServer gong, HandoffBotApp app)
    {
        Gong = gong;
        App = app;
    }

    public FakeGongServer Gong { get; }

    public HandoffBotApp App { get; }

    public static readonly string SamplesFolder = FindSamples();

    public static async Task<TranscriptWorld> StartAsync(IDictionary<string, string?>? settings = null, Action<Microsoft.Extensions.DependencyInjection.IServiceCollection>? services = null, bool gong = true, Microsoft.Extensions.Time.Testing.FakeTimeProvider? time = null)
    {
        var fake = new FakeGongServer { AccessKey = GongKey, AccessKeySecret = GongSecret };
        fake.AddCall(FakeGongServer.SampleCall());
        await fake.StartAsync();
        var all = new Dictionary<string, string?>
        {
            ["Gong:ApiBaseUrl"] = fake.BaseUrl,
            ["Gong:AccessKey"] = gong ? GongKey : null,
            ["Gong:AccessKeySecret"] = gong ? GongSecret : null,
            ["Gong:MaxRetries"] = "0", // the durable job retries; in-call retries have their own tests
            ["Gong:RequestsPerSecond"] = "100", // the 3-a-second limit waits on the test clock: its own test sets it
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>())
        {
            all[k] = v;
        }

        var app = new HandoffBotApp(time: time, settings: all) { ConfigureTestServices = services };
        fake.Clock = app.Time.GetUtcNow;
        return new TranscriptWorld(fake, app);
    }

    public static string Sample(string name) => File.ReadAllText(Path.Combine(SamplesFolder, name));

    public static IEnumerable<string> SampleNames() =>
        Directory.EnumerateFiles(SamplesFolder).Select(Path.GetFileName).OfType<string>().Where(n => !n.EndsWith(".md", StringComparison.Ordinal)).Order(StringComparer.Ordinal);

    /// <summary>A new handoff (a signed deal through the intake); its id.</summary>
    public async Task<string> NewHandoffAsync(string? crmId = null)
    {
        using var response = await App.PostDealAsync(Deals.Minimal(crmId ?? "CRM-" + Guid.NewGuid().ToString("N")[..10]).ToJsonString());
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        return body!["id"]!.GetValue<string>();
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Gong.DisposeAsync();
    }

    /// <summary>A test clock that says when a timer is set, so a test advances time only once something waits on it.</summary>
    public sealed class WatchedClock() : Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 11, 2, 14, 0, 0, TimeSpan.Zero))
    {
        public event Action<TimeSpan>? TimerSet;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            TimerSet?.Invoke(dueTime);
            return timer;
        }
    }

    private static string FindSamples()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "transcript-samples");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("tests/transcript-samples not found above " + AppContext.BaseDirectory);
    }
}
