using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Notifications;
using HandoffBot.Core.Scheduling;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace HandoffBot.Tests.Support;

/// <summary>
/// The bot with a recording fake for each platform, on a fake clock that tests move forward; the
/// fakes and the clock outlive a restart (<see cref="RestartAsync"/>: a new host on the same file),
/// so a message sent twice across the restart shows up twice.
/// </summary>
public sealed class TimingWorld : IDisposable
{
    private readonly IDictionary<string, string?>? settings;

    public TimingWorld(IDictionary<string, string?>? settings = null, DateTimeOffset? start = null)
    {
        this.settings = settings;
        Time = new FakeTimeProvider(start ?? new DateTimeOffset(2026, 11, 2, 14, 0, 0, TimeSpan.Zero));
        App = NewApp(null);
    }

    public FakeTimeProvider Time { get; }

    public RecordingNotifier Teams { get; } = new(ChatPlatform.Teams);

    public RecordingNotifier Slack { get; } = new(ChatPlatform.Slack);

    public HandoffBotApp App { get; private set; }

    public IEnumerable<RecordingNotifier.Delivery> All => Teams.Deliveries.Concat(Slack.Deliveries);

    public IReadOnlyList<(ChatPlatform Platform, RecordingNotifier.Delivery Delivery)> Of<T>()
        where T : Notification =>
        [.. Teams.Of<T>().Select(d => (ChatPlatform.Teams, d)), .. Slack.Of<T>().Select(d => (ChatPlatform.Slack, d))];

    /// <summary>Stops the bot and starts a new one on the same LiteDB file, clock and platforms.</summary>
    public void Restart()
    {
        var path = App.DbPath;
        App.Dispose();
        App = NewApp(path);
        _ = App.Services; // start the host (start-up tasks run)
    }

    /// <summary>Moves the clock to every due job up to <paramref name="until"/> in turn and runs what is due, like the runner would.</summary>
    public async Task RunUntilAsync(DateTimeOffset until)
    {
        var store = App.Get<IJobStore>();
        await App.RunJobsAsync();
        while (await store.NextDueAtAsync() is { } next && next <= until)
        {
            if (next > Time.GetUtcNow())
            {
                Time.SetUtcNow(next);
            }

            await App.RunJobsAsync();
        }

        if (until > Time.GetUtcNow())
        {
            Time.SetUtcNow(until);
        }

        await App.RunJobsAsync();
    }

    public Task RunForAsync(TimeSpan span) => RunUntilAsync(Time.GetUtcNow() + span);

    public async Task<string> PostDealAsync(JsonObject deal)
    {
        var response = await App.PostDealAsync(deal.ToJsonString());
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
    }

    public async Task<Handoff> HandoffAsync(string id) => (await App.Get<IHandoffStore>().GetAsync(id))!;

    public void Dispose() => App.Dispose();

    private HandoffBotApp NewApp(string? dbPath) => new(dbPath, Time, settings)
    {
        ConfigureTestServices = services =>
        {
            services.AddSingleton<IChatNotifier>(Teams);
            services.AddSingleton<IChatNotifier>(Slack);
        },
    };
}
