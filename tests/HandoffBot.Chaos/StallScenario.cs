using System.Net;

namespace HandoffBot.Chaos;

/// <summary>
/// Deals go in and the network between the bot and Slack stalls for 60 s (connections accepted,
/// nothing forwarded; what was sent arrives when it resumes) the instant Slack receives a random one
/// of the bot's posts — so Slack has that message and the bot never hears back, and the posts after
/// it reach Slack only after the bot gave up on them. Meanwhile a person's /handoff must still be
/// answered within Slack's 3 s. At the end every context request is in Slack exactly once and no
/// message job is left pending, running or failed.
/// </summary>
internal sealed class StallScenario(int seed, string bot, string repo)
{
    private const int Deals = 8;
    private static readonly TimeSpan Stall = TimeSpan.FromSeconds(60);

    public async Task<IReadOnlyList<Check>> RunAsync(CancellationToken ct)
    {
        var random = new Random(seed);
        await using var world = await ChaosWorld.CreateAsync("stall", bot, repo);
        await world.Bot.StartAsync(ct);
        var stallAt = random.Next(1, Deals + 1);
        var stalled = new TaskCompletionSource<DateTimeOffset>(TaskCreationOptions.RunContinuationsAsynchronously);
        var posts = 0;
        world.Slack.Received += call =>
        {
            if (call.Method == "chat.postMessage" && Interlocked.Increment(ref posts) == stallAt)
            {
                world.Proxy.Stall();
                stalled.TrySetResult(DateTimeOffset.UtcNow);
            }
        };
        for (var i = 1; i <= Deals; i++)
        {
            await world.PostDealAsync(i, ct);
        }

        var stalledSince = await stalled.Task.WaitAsync(TimeSpan.FromMinutes(2), ct);
        await Task.Delay(TimeSpan.FromSeconds(5), ct);
        var (status, body, took) = await world.CommandAsync(ChaosWorld.UnknownUser, "mine", ct);
        var left = Stall - (DateTimeOffset.UtcNow - stalledSince);
        if (left > TimeSpan.Zero)
        {
            await Task.Delay(left, ct);
        }

        world.Proxy.Resume();
        var settled = await Outcome.SettleAsync(
            world,
            () => world.Count(Deals).Dms.Values.All(n => n >= 1) && world.Slack.CallsTo("response_url").Count > 0,
            TimeSpan.FromMinutes(3),
            ct);

        if (Environment.GetEnvironmentVariable("CHAOS_VERBOSE") == "1")
        {
            foreach (var call in world.Slack.Calls)
            {
                Console.WriteLine($"  {call.At:HH:mm:ss.fff} {call.Method} {call.Args["channel"]}");
            }

            Console.WriteLine($"  stalled {stalledSince:HH:mm:ss.fff}");
        }

        var (dms, _, doubled, _) = world.Count(Deals);
        var detail = $"seed {seed}, stalled {Stall.TotalSeconds:0} s at Slack's post {stallAt} of {Deals}";
        var answeredInTime = status == HttpStatusCode.OK && took < TimeSpan.FromSeconds(3) && body.Contains("Working on it", StringComparison.Ordinal);
        IReadOnlyList<Check> checks =
        [
            Outcome.ExactlyOnce("chaos-stall-context-requests-exactly-once", dms, doubled, detail),
            await Outcome.NoJobLeftAsync("chaos-stall-no-job-stuck-or-failed", world, settled, detail, ct),
            new Check("chaos-stall-slash-command-answered-within-3s", answeredInTime,
                $"HTTP {(int)status} after {took.TotalMilliseconds:0} ms{(answeredInTime ? "" : ": " + body[..Math.Min(200, body.Length)])}; the answer followed through the response_url: {world.Slack.CallsTo("response_url").Count > 0} ({detail})"),
        ];
        world.KeepFiles = checks.Any(c => !c.Passed);
        return checks;
    }
}
