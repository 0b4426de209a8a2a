using System.Globalization;

namespace HandoffBot.Chaos;

/// <summary>
/// <c>dotnet HandoffBot.Chaos.dll --bot &lt;HandoffBot.dll&gt; --repo &lt;repository root&gt; [--seed N] [--scenario kill|stall|all|multi --postgres &lt;connection string&gt;]</c>.
/// Prints the seed and one PASS/FAIL line per check; the exit code is 0 unless the driver itself broke.
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var options = args.Select((a, i) => (a, i)).Where(p => p.a.StartsWith("--", StringComparison.Ordinal) && p.i + 1 < args.Length)
            .ToDictionary(p => p.a[2..], p => args[p.i + 1], StringComparer.Ordinal);
        if (!options.TryGetValue("bot", out var bot) || !File.Exists(bot))
        {
            await Console.Error.WriteLineAsync("usage: --bot <path to HandoffBot.dll> --repo <repository root> [--seed N] [--scenario kill|stall|all|multi] [--postgres <connection string>]");
            return 2;
        }

        var repo = options.GetValueOrDefault("repo") ?? Directory.GetCurrentDirectory();
        var seed = options.TryGetValue("seed", out var s) ? int.Parse(s, CultureInfo.InvariantCulture) : Environment.TickCount & 0x7fffffff;
        var scenario = options.GetValueOrDefault("scenario") ?? "all";
        Console.WriteLine($"chaos seed {seed} (rerun with --seed {seed})");
        var checks = new List<Check>();
        if (scenario is "kill" or "all")
        {
            checks.AddRange(await RunAsync("chaos-kill9", () => new KillScenario(seed, bot, repo).RunAsync));
        }

        if (scenario is "stall" or "all")
        {
            checks.AddRange(await RunAsync("chaos-stall", () => new StallScenario(seed, bot, repo).RunAsync));
        }

        if (scenario is "multi")
        {
            if (!options.TryGetValue("postgres", out var postgres))
            {
                await Console.Error.WriteLineAsync("--scenario multi needs --postgres <connection string>");
                return 2;
            }

            checks.AddRange(await RunAsync("chaos-multi-instance", () => new MultiInstanceScenario(seed, bot, repo, postgres).RunAsync));
        }

        foreach (var check in checks)
        {
            Console.WriteLine(check.Passed ? $"PASS {check.Name}: {check.Detail}" : $"FAIL {check.Name}: {check.Detail}");
        }

        return 0;
    }

    private static async Task<IReadOnlyList<Check>> RunAsync(string name, Func<Func<CancellationToken, Task<IReadOnlyList<Check>>>> scenario)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        try
        {
            return await scenario()(limit.Token);
        }
#pragma warning disable CA1031 // a broken run is reported as a failed check, with why
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return [new Check(name, false, $"the run broke: {ex.GetType().Name}: {ex.Message}".ReplaceLineEndings(" "))];
        }
    }
}

internal sealed record Check(string Name, bool Passed, string Detail);
