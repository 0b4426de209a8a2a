using System.Collections.Concurrent;

namespace HandoffBot.Chaos;

/// <summary>
/// Three bot processes on one PostgreSQL database, each on its own port and nothing in front of them
/// but the driver sending round the three (as a load balancer would, skipping one that is down).
/// 200 deals go in spread over them; each AE presses "Send to CS" on the instance the request
/// reaches; meanwhile an instance is killed with SIGKILL at random moments (three times, each time
/// restarted a moment later). At the end Slack must hold every context request and every brief
/// exactly once, no outbox key twice, no message job left pending, running or failed, and posts to
/// the CS channel spaced as the per-channel pacing says, across the instances.
/// </summary>
internal sealed class MultiInstanceScenario(int seed, string bot, string repo, string postgres)
{
    private const int Deals = 200;
    private const int Instances = 3;
    private const int Kills = 3;
    private const int IntervalMs = 100;

    public async Task<IReadOnlyList<Check>> RunAsync(CancellationToken ct)
    {
        var random = new Random(seed);
        await using var world = await ChaosWorld.CreateAsync("multi", bot, repo, Instances, postgres, new Dictionary<string, string>
        {
            ["Slack__ChannelMessageIntervalMs"] = IntervalMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
            // Scheduler__Concurrency unset: PostgreSQL's default (8), as shipped.
        });
        var channelPosts = new ConcurrentQueue<DateTimeOffset>();
        world.Slack.Received += call =>
        {
            if (call.Method == "chat.postMessage" && call.Args["channel"]?.ToString() == ChaosWorld.BriefChannel)
            {
                channelPosts.Enqueue(call.At);
            }
        };

        // Started together: they migrate the schema once between them.
        await Task.WhenAll(world.Bots.Select(b => b.StartAsync(ct)));
        using var stopProducer = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var producer = ProduceAsync(world, stopProducer.Token);
        var started = DateTimeOffset.UtcNow;
        var killed = new List<int>();
        for (var kill = 0; kill < Kills; kill++)
        {
            await Task.Delay(random.Next(1500, 6000), ct);
            var victim = random.Next(Instances);
            killed.Add(victim + 1);
            await world.Bots[victim].KillAsync();
            await Task.Delay(random.Next(500, 3000), ct);
            await world.Bots[victim].StartAsync(ct);
        }

        var settled = await Outcome.SettleAsync(world, () => world.Count(Deals).Briefs.Values.All(n => n >= 1), TimeSpan.FromMinutes(4), ct);
        await stopProducer.CancelAsync();
        await producer.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

        var (dms, briefs, doubled, _) = world.Count(Deals);
        var detail = $"seed {seed}, {Instances} instances on one database, instances {string.Join(",", killed)} killed -9 and restarted, {Deals} deals, {(DateTimeOffset.UtcNow - started).TotalSeconds:0} s";
        var times = channelPosts.Order().ToList();
        // Slots are reserved IntervalMs apart across the instances; what reaches Slack may be bunched a little by
        // scheduling, so the check is the rate Slack sees: posts in any one second (three instances pacing on their
        // own would reach three times the allowance).
        // The slots here are 100 ms apart (production: 1,000 ms), so a few hundred ms of scheduling delay on the loaded
        // 2-core CI machine (three bots and PostgreSQL) bunches 2–3 late posts with on-time ones: half the allowance again
        // is tolerated. Instances pacing on their own would reach three times the allowance, which this still catches.
        var allowance = 1000 / IntervalMs;
        var jitter = allowance / 2;
        var busiest = times.Select((t, i) => times.Skip(i).TakeWhile(u => u - t < TimeSpan.FromSeconds(1)).Count()).DefaultIfEmpty(0).Max();
        IReadOnlyList<Check> checks =
        [
            Outcome.ExactlyOnce("chaos-multi-instance-context-requests-exactly-once", dms, doubled, detail),
            Outcome.ExactlyOnce("chaos-multi-instance-briefs-exactly-once", briefs, doubled, detail),
            await Outcome.NoJobLeftAsync("chaos-multi-instance-no-job-stuck-or-failed", world, settled, detail, ct),
            new Check("chaos-multi-instance-channel-pacing", times.Count >= Deals && busiest <= allowance + jitter,
                $"{times.Count} posts to the CS channel from {Instances} instances, at most {busiest} in any one second (slots {IntervalMs} ms apart: {allowance} a second, +{jitter} for scheduling jitter)"),
        ];
        world.KeepFiles = checks.Any(c => !c.Passed);
        return checks;
    }

    private static async Task ProduceAsync(ChaosWorld world, CancellationToken ct)
    {
        await Parallel.ForEachAsync(Enumerable.Range(1, Deals), new ParallelOptions { MaxDegreeOfParallelism = 6, CancellationToken = ct }, async (i, token) =>
            await world.PostDealAsync(i, token));
        var pressed = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        while (!ct.IsCancellationRequested)
        {
            foreach (var dm in world.Slack.Posted.Where(m => m.Channel.StartsWith('D') && !pressed.ContainsKey(m.Ts)).ToList())
            {
                await world.SubmitAsync(dm, ct);
                pressed[dm.Ts] = true;
            }

            await Task.Delay(200, ct);
        }
    }
}
