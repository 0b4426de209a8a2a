using System.Diagnostics;
using HandoffBot.Cards;
using HandoffBot.Core.Handoffs;

namespace HandoffBot.Benchmarks;

/// <summary>
/// <c>--cards</c>: CPU time per card render (the production renderer: data for the reader, strict
/// expansion, finishing, limits) and per override check, measured as process CPU time so it stays
/// meaningful on a busy machine (docs/benchmarks.md).
/// </summary>
public static class CardRenderCpu
{
    public static async Task<int> RunAsync()
    {
        var templates = new CardTemplates();
        var renderer = CardSamples.Renderer("typical", templates);
        var samples = CardSamples.For("typical").ToList();
        foreach (var (name, card, platform, runs) in new[]
        {
            ("help (a command's answer)", "help", ChatPlatform.Teams, 4000),
            ("brief for the CSM", "brief-for-csm", ChatPlatform.Teams, 2000),
            ("brief for the CSM", "brief-for-csm", ChatPlatform.Slack, 2000),
            ("context request with its form", "context-request", ChatPlatform.Teams, 1000),
            ("digest", "digest", ChatPlatform.Teams, 2000),
        })
        {
            var sample = samples.Single(s => s.Card == card);
            async Task Once()
            {
                var state = (sample.State ?? new CardState()) with { Reader = sample.Reader };
                _ = sample.Command is { } c ? await renderer.RenderAsync(platform, c, sample.Reader) : await renderer.RenderAsync(platform, sample.Notification!, state);
            }

            var (cpu, wall) = await MeasureAsync(Once, runs);
            Console.WriteLine($"{platform} {name}: {cpu * 1000:0} µs CPU, {wall * 1000:0} µs wall per render");
        }

        var brief = CardTemplates.Shipped("teams/brief");
        var (checkCpu, checkWall) = await MeasureAsync(() => { _ = CardValidator.Check("teams/brief", brief); return Task.CompletedTask; }, 50);
        Console.WriteLine($"override check of teams/brief against its {CardSamples.DataFor("teams/brief").Count()} samples: {checkCpu:0.0} ms CPU, {checkWall:0.0} ms wall");
        Console.WriteLine($"(load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]})");
        return 0;
    }

    /// <summary>Milliseconds of process CPU and wall time per run, after a warm-up.</summary>
    private static async Task<(double Cpu, double Wall)> MeasureAsync(Func<Task> run, int runs)
    {
        for (var i = 0; i < Math.Max(10, runs / 10); i++)
        {
            await run();
        }

        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        for (var i = 0; i < runs; i++)
        {
            await run();
        }

        process.Refresh();
        return ((process.TotalProcessorTime - cpu).TotalMilliseconds / runs, wall.Elapsed.TotalMilliseconds / runs);
    }
}
