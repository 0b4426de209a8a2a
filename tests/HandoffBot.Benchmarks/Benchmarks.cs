using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using HandoffBot.Core.Metrics;

namespace HandoffBot.Benchmarks;

[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 5)]
public class JobDrainBenchmark
{
    private JobDrain? drain;

    [Params(10_000)]
    public int Jobs { get; set; }

    [IterationSetup]
    public void Setup()
    {
        drain = new JobDrain();
        drain.EnqueueAsync(Jobs).GetAwaiter().GetResult();
    }

    [IterationCleanup]
    public void Cleanup() => drain?.Dispose();

    [Benchmark(Description = "10,000 due jobs drained through the outbox to a fake platform")]
    public int Drain() => drain!.DrainAsync().GetAwaiter().GetResult();
}

[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 2, iterationCount: 5)]
public class MetricsBenchmark
{
    private static readonly DateTimeOffset AsOf = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private List<HandoffFacts> facts = [];

    [Params(100_000)]
    public int Handoffs { get; set; }

    [GlobalSetup]
    public void Setup() => facts = Portfolio.Generate(Handoffs, AsOf);

    [Benchmark(Description = "metrics (all groups) + weekly digest over 100,000 handoffs")]
    public int MetricsAndDigest()
    {
        var metrics = HandoffMetrics.Compute(facts, AsOf);
        var (report, chart) = DigestBuilder.Build(facts, new DateOnly(2026, 11, 23), new DateOnly(2026, 11, 29), TimeZoneInfo.Utc, AsOf);
        return metrics.ByAe.Count + report.HandoffCount + chart.Series.Count;
    }
}
