using System.Collections.Concurrent;

namespace HandoffBot.Chaos;

/// <summary>
/// 50 deals go in while the bot is killed with SIGKILL 20 times and restarted on the same data file
/// each time: at a random moment, or (chosen at random) the instant Slack has a post of the bot's
/// and has not answered yet — the worst point, where Slack has the message and the bot never hears.
/// Each deal's AE presses "Send to CS" as soon as their DM arrives.
/// At the end Slack must hold every context request (DM) and every brief (CS channel) exactly once,
/// no outbox key twice, and no message job left pending, running or failed.
/// </summary>
internal sealed class KillScenario(int seed, string bot, string repo)
{
    private const int Deals = 50;
    private const int Kills = 20;

    public async Task<IReadOnlyList<Check>> RunAsync(CancellationToken ct)
    {
        var random = new Random(seed);
        await using var world = await ChaosWorld.CreateAsync("kill", bot, repo);
        await world.Bot.StartAsync(ct);
        using var stopProducer = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var producer = ProduceAsync(world, stopProducer.Token);
        var started = DateTimeOffset.UtcNow;
        var midPost = 0;
        for (var kill = 0; kill < Kills; kill++)
        {
            if (random.Next(2) == 0 && await KilledMidPostAsync(world, TimeSpan.FromMilliseconds(random.Next(1000, 5000)), ct))
            {
                midPost++;
            }
            else
            {
                await Task.Delay(random.Next(300, 3500), ct);
            }

            await world.Bot.KillAsync();
            await world.Bot.StartAsync(ct);
        }

        var killedFor = DateTimeOffset.UtcNow - started;
        var settled = await Outcome.SettleAsync(world, () => world.Count(Deals).Briefs.Values.All(n => n >= 1), TimeSpan.FromMinutes(3), ct);
        await stopProducer.CancelAsync();
        await producer.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

        var (dms, briefs, doubled, _) = world.Count(Deals);
        var detail = $"seed {seed}, {Kills} kills ({midPost} while Slack held a post) in {killedFor.TotalSeconds:0} s, {Deals} deals";
        IReadOnlyList<Check> checks =
        [
            Outcome.ExactlyOnce("chaos-kill9-context-requests-exactly-once", dms, doubled, detail),
            Outcome.ExactlyOnce("chaos-kill9-briefs-exactly-once", briefs, doubled, detail),
            await Outcome.NoJobLeftAsync("chaos-kill9-no-job-stuck-or-failed", world, settled, detail, ct),
        ];
        world.KeepFiles = checks.Any(c => !c.Passed);
        return checks;
    }

    /// <summary>Kills the bot the instant Slack receives its next chat.postMessage (before answering); false when none came within <paramref name="wait"/>.</summary>
    private static async Task<bool> KilledMidPostAsync(ChaosWorld world, TimeSpan wait, CancellationToken ct)
    {
        var killed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnReceived(FakeSlack.FakeSlackCall call)
        {
            if (call.Method == "chat.postMessage" && !killed.Task.IsCompleted)
            {
                world.Bot.KillNow();
                killed.TrySetResult();
            }
        }

        world.Slack.Received += OnReceived;
        try
        {
            await killed.Task.WaitAsync(wait, ct);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
        finally
        {
            world.Slack.Received -= OnReceived;
        }
    }

    /// <summary>Takes the deals in, then presses "Send to CS" on each context request that reaches a DM (again after a kill if unacknowledged).</summary>
    private static async Task ProduceAsync(ChaosWorld world, CancellationToken ct)
    {
        for (var i = 1; i <= Deals; i++)
        {
            await world.PostDealAsync(i, ct);
        }

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

/// <summary>The verdicts shared by the scenarios.</summary>
internal static class Outcome
{
    public static Check ExactlyOnce(string name, Dictionary<int, int> perDeal, List<string> doubledKeys, string detail)
    {
        var missing = perDeal.Where(p => p.Value == 0).Select(p => p.Key).ToList();
        var twice = perDeal.Where(p => p.Value > 1).Select(p => p.Key).ToList();
        var ok = missing.Count == 0 && twice.Count == 0 && doubledKeys.Count == 0;
        return new Check(name, ok, ok
            ? $"{perDeal.Count} of {perDeal.Count} delivered once, no outbox key twice ({detail})"
            : $"lost {missing.Count} (deals {string.Join(',', missing)}), doubled {twice.Count} (deals {string.Join(',', twice)}), outbox keys seen twice {doubledKeys.Count} ({detail})");
    }

    /// <summary>Waits (polling the admin API, real time) until <paramref name="delivered"/> holds and no message job is pending or running.</summary>
    public static async Task<bool> SettleAsync(ChaosWorld world, Func<bool> delivered, TimeSpan limit, CancellationToken ct)
    {
        var deadline = DateTimeOffset.UtcNow + limit;
        while (DateTimeOffset.UtcNow < deadline)
        {
            if (delivered() && (await OpenMessageJobsAsync(world, ct)).Count == 0)
            {
                // A late double would show up now: give it a moment before counting.
                await Task.Delay(TimeSpan.FromSeconds(3), ct);
                return true;
            }

            await Task.Delay(TimeSpan.FromSeconds(1), ct);
        }

        return false;
    }

    public static async Task<Check> NoJobLeftAsync(string name, ChaosWorld world, bool settled, string detail, CancellationToken ct)
    {
        var open = await OpenMessageJobsAsync(world, ct);
        var failed = await world.JobsAsync("failed", ct);
        var ok = settled && open.Count == 0 && failed.Count == 0;
        return new Check(name, ok, ok
            ? $"none pending, running or failed ({detail})"
            : $"settled={settled}, open message jobs {open.Count} ({string.Join(", ", open.Take(5))}), failed {failed.Count} ({string.Join(" | ", failed.Take(3).Select(j => j!["kind"] + ": " + j["lastError"]))}); bot log {world.LogPath} ({detail})");
    }

    private static async Task<List<string>> OpenMessageJobsAsync(ChaosWorld world, CancellationToken ct)
    {
        var open = new List<string>();
        foreach (var status in new[] { "pending", "running" })
        {
            foreach (var job in await world.JobsAsync(status, ct))
            {
                var kind = job!["kind"]!.GetValue<string>();
                if (kind.StartsWith("notify.", StringComparison.Ordinal) || kind.StartsWith("slack.", StringComparison.Ordinal))
                {
                    open.Add($"{kind} {status}");
                }
            }
        }

        return open;
    }
}
