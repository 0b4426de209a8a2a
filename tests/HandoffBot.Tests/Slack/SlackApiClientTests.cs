using HandoffBot.FakeSlack;
using Microsoft.Extensions.DependencyInjection;
using HandoffBot.Slack;
using HandoffBot.Slack.Api;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MsOptions = Microsoft.Extensions.Options.Options;

namespace HandoffBot.Tests.Slack;

/// <summary>The Web API client against the fake Slack over real HTTP, with waits on a fake clock.</summary>
public sealed class SlackApiClientTests : IAsyncLifetime
{
    private readonly FakeSlackServer slack = new() { Token = SlackWorld.Token };
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 2, 14, 0, 0, TimeSpan.Zero));
    private readonly List<ServiceProvider> disposables = [];

    public async Task InitializeAsync()
    {
        slack.Clock = time.GetUtcNow;
        slack.AddUser("U0CASEY", "casey.csm@example.com", "Casey Lin");
        await slack.StartAsync();
    }

    public async Task DisposeAsync()
    {
        disposables.ForEach(d => d.Dispose());
        await slack.DisposeAsync();
    }

    /// <summary>The client as the app wires it (HTTP client with its resilience pipeline), on the test's fake clock.</summary>
    private SlackApis Client(string? token = SlackWorld.Token, int maxAttempts = 3, int intervalMs = 1000)
    {
        var options = MsOptions.Create(new SlackOptions { BotToken = token, ApiBaseUrl = slack.BaseUrl, MaxAttempts = maxAttempts, ChannelMessageIntervalMs = intervalMs });
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<TimeProvider>(time)
            .AddSingleton(options)
            .AddSlackWebApiClient()
            .BuildServiceProvider();
        disposables.Add(services);
        var core = new SlackApiClient(services.GetRequiredService<IHttpClientFactory>(), options, time, NullLogger<SlackApiClient>.Instance);
        return new SlackApis(core, new ChannelPacer(options, new HandoffBot.Storage.LocalChannelSlots(), time));
    }

    /// <summary>Moves the fake clock on until the call completes (its waits are on that clock).</summary>
    private async Task<T> DriveAsync<T>(Task<T> call)
    {
        while (!call.IsCompleted)
        {
            time.Advance(TimeSpan.FromMilliseconds(250));
            await Task.WhenAny(call, Task.Delay(5));
        }

        return await call;
    }

    [Fact]
    public async Task OkFalse_ThrowsTypedException_WithSlacksErrorCode()
    {
        slack.Fail("chat.postMessage", new FakeFailure(Error: "channel_not_found"));

        var ex = await Assert.ThrowsAsync<SlackApiException>(() => Client().PostMessageAsync("C0NOPE", "hi"));

        Assert.Equal("channel_not_found", ex.Error);
        Assert.Equal("chat.postMessage", ex.Method);
        Assert.Single(slack.Calls);
    }

    [Fact]
    public async Task RateLimited_WaitsRetryAfter_ThenSucceeds()
    {
        slack.Fail("chat.postMessage", new FakeFailure(429, RetryAfterSeconds: 3));

        var posted = await DriveAsync(Client().PostMessageAsync("C0CSBRIEF", "hi"));

        Assert.Equal("C0CSBRIEF", posted.Channel);
        var calls = slack.CallsTo("chat.postMessage");
        Assert.Equal(2, calls.Count);
        Assert.True(calls[1].At - calls[0].At >= TimeSpan.FromSeconds(3), $"waited {calls[1].At - calls[0].At}");
    }

    [Fact]
    public async Task RateLimited_LongerThanWeWait_FailsAtOnce_SoTheJobRetriesLater()
    {
        slack.Fail("views.publish", new FakeFailure(429, RetryAfterSeconds: 600));

        var ex = await Assert.ThrowsAsync<SlackRateLimitedException>(() => Client().PublishAsync("U0CASEY", new System.Text.Json.Nodes.JsonObject { ["type"] = "home" }));

        Assert.Equal(TimeSpan.FromSeconds(600), ex.RetryAfter);
        Assert.Single(slack.Calls);
    }

    [Fact]
    public async Task ServerErrors_AreRetriedWithBackoff_Bounded()
    {
        for (var i = 0; i < 3; i++)
        {
            slack.Fail("chat.update", new FakeFailure(503));
        }

        var call = Client(maxAttempts: 3).UpdateAsync("C0CSBRIEF", "1.2", "x");
        var ex = await Assert.ThrowsAsync<SlackUnavailableException>(() => DriveAsync(call));

        Assert.Equal(503, ex.Status);
        var calls = slack.CallsTo("chat.update");
        Assert.Equal(3, calls.Count);
        Assert.True(calls[1].At - calls[0].At >= TimeSpan.FromSeconds(1));
        Assert.True(calls[2].At - calls[1].At >= TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task ServerError_ThenOk_Succeeds()
    {
        slack.Fail("users.lookupByEmail", new FakeFailure(500));

        var user = await DriveAsync(Client().LookupByEmailAsync("casey.csm@example.com"));

        Assert.Equal("U0CASEY", user!.Id);
        Assert.Null(await Client().LookupByEmailAsync("nobody@example.com"));
    }

    [Fact]
    public async Task MessagesToOneChannel_AreSpacedASecondApart_OtherChannelsAreNot()
    {
        var client = Client();

        var first = await client.PostMessageAsync("C0ONE", "1");
        var other = await client.PostMessageAsync("C0TWO", "2");
        var second = await DriveAsync(client.PostMessageAsync("C0ONE", "3"));

        var calls = slack.CallsTo("chat.postMessage");
        Assert.Equal(calls[0].At, calls[1].At);
        Assert.True(calls[2].At - calls[0].At >= TimeSpan.FromSeconds(1), $"spaced {calls[2].At - calls[0].At}");
        Assert.NotEqual(first.Ts, second.Ts);
        Assert.Equal("C0TWO", other.Channel);
    }

    [Fact]
    public async Task WrongToken_IsInvalidAuth_NoToken_IsNotConfigured()
    {
        Assert.Equal("invalid_auth", (await Assert.ThrowsAsync<SlackApiException>(() => Client(token: "xoxb-wrong").TestAsync())).Error);
        await Assert.ThrowsAsync<SlackNotConfiguredException>(() => Client(token: null).TestAsync());
        Assert.Equal("U0BOT", (await Client().TestAsync()).UserId);
    }

    [Fact]
    public async Task ScheduleAndDelete_RoundTrip()
    {
        var client = Client();
        var scheduled = await client.ScheduleMessageAsync("C0CSBRIEF", time.GetUtcNow().AddHours(2), "later");

        await client.DeleteScheduledMessageAsync("C0CSBRIEF", scheduled.Id);

        Assert.Equal("invalid_scheduled_message_id", (await Assert.ThrowsAsync<SlackApiException>(() => client.DeleteScheduledMessageAsync("C0CSBRIEF", scheduled.Id))).Error);
    }

    [Fact]
    public async Task PostMessage_ServerError_IsNotRepeatedInTheCall_SlackMayHaveIt()
    {
        slack.Fail("chat.postMessage", new FakeFailure(500));

        var ex = await Assert.ThrowsAsync<SlackUnavailableException>(() => DriveAsync(Client().PostMessageAsync("C0CSBRIEF", "hi")));

        Assert.Equal(500, ex.Status);
        Assert.Single(slack.CallsTo("chat.postMessage")); // the outbox asks Slack before it posts again
    }

    [Fact]
    public async Task PostMessage_ServiceUnavailable_IsRetried_SlackDidNotProcessIt()
    {
        slack.Fail("chat.postMessage", new FakeFailure(503));

        await DriveAsync(Client().PostMessageAsync("C0CSBRIEF", "hi"));

        Assert.Equal(2, slack.CallsTo("chat.postMessage").Count);
    }

    [Fact]
    public async Task RateLimited_CarriesRetryAfter_ForTheJobRunner()
    {
        slack.Fail("chat.postMessage", new FakeFailure(429, RetryAfterSeconds: 3600));

        var ex = await Assert.ThrowsAsync<SlackRateLimitedException>(() => Client().PostMessageAsync("C0CSBRIEF", "hi"));

        Assert.Equal(TimeSpan.FromHours(1), ((Core.Scheduling.IRetryAfter)ex).RetryAfter);
    }
}
