using System.Diagnostics;
using BenchmarkDotNet.Running;
using HandoffBot.Benchmarks;
using HandoffBot.Core.Metrics;

// dotnet run -c Release --project tests/HandoffBot.Benchmarks -- --filter '*'   (BenchmarkDotNet, wall clock)
// dotnet run -c Release --project tests/HandoffBot.Benchmarks -- --cpu         (CPU time per draft: meaningful on a busy machine too)
// dotnet run -c Release --project tests/HandoffBot.Benchmarks -- --teams-load [seconds]   (Teams message turns/s, docs/benchmarks.md)
// dotnet run -c Release --project tests/HandoffBot.Benchmarks -- --measure storage [handoffs]   (integrity pass, backup, migration, repair on a big file)
// dotnet run -c Release --project tests/HandoffBot.Benchmarks -- --cards       (CPU time per card render and per override check)
// dotnet run -c Release --project tests/HandoffBot.Benchmarks -- --crm-ack [seconds]      (HubSpot/Salesforce acknowledgement latency)
// dotnet run -c Release --project tests/HandoffBot.Benchmarks -- --storage metrics litedb|postgres [handoffs]      (metrics + digest from the stored facts)
// dotnet run -c Release --project tests/HandoffBot.Benchmarks -- --storage drain litedb|postgres [instances] [jobs] [concurrency]
if (args is ["--storage", "metrics", var metricsProvider, ..])
{
    await StorageBench.MetricsAsync(metricsProvider, args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 100_000);
    return 0;
}

if (args is ["--storage", "drain", var drainProvider, ..])
{
    int Arg(int i, int fallback) => args.Length > i ? int.Parse(args[i], System.Globalization.CultureInfo.InvariantCulture) : fallback;
    await StorageBench.DrainAsync(drainProvider, Arg(3, 1), Arg(4, 10_000), Arg(5, 1));
    return 0;
}

// dotnet run -c Release --project tests/HandoffBot.Benchmarks -- --storage migrate [handoffs]   (migrate --to postgres over a LiteDB file of real handoffs)
if (args is ["--storage", "migrate", ..])
{
    await StorageBench.MigrateAsync(args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 10_000);
    return 0;
}

if (args is ["--crm-ack", ..])
{
    return await CrmAck.RunAsync(TimeSpan.FromSeconds(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10));
}

if (args is ["--teams-load", ..])
{
    return await TeamsLoad.RunAsync(TimeSpan.FromSeconds(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10));
}

if (args is ["--cards", ..])
{
    return await CardRenderCpu.RunAsync();
}

// dotnet run -c Release --project tests/HandoffBot.Benchmarks -- --brief-learned [runs]   (learned draft: load, wall, CPU, peak RSS)
if (args is ["--brief-learned", ..])
{
    return LearnedBriefRun.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5);
}

if (args is ["--cpu", ..])
{
    var bench = new BriefBenchmarks();
    bench.Setup();
    for (var i = 0; i < 5; i++)
    {
        bench.HourCall();
    }

    const int Runs = 20;
    using var process = Process.GetCurrentProcess();
    var cpu = process.TotalProcessorTime;
    var wall = Stopwatch.StartNew();
    for (var i = 0; i < Runs; i++)
    {
        bench.HourCall();
    }

    process.Refresh();
    Console.WriteLine($"1-hour call ({BriefBenchmarks.Words} words incl. cue timings): {(process.TotalProcessorTime - cpu).TotalMilliseconds / Runs:0.0} ms CPU, {wall.Elapsed.TotalMilliseconds / Runs:0.0} ms wall per draft (load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]})");
    return 0;
}


// `--measure`: one cold run of each scenario with wall time and the process's peak memory, for
// docs/benchmarks.md; otherwise BenchmarkDotNet (pass its usual arguments, e.g. --filter *Metrics*).
if (args.Contains("--measure"))
{
    var scenario = args.SkipWhile(a => a != "--measure").Skip(1).FirstOrDefault() ?? "all";
    if (scenario is "all" or "drain")
    {
        using var drain = new JobDrain();
        await drain.EnqueueAsync(10_000);
        var clock = Stopwatch.StartNew();
        var ran = await drain.DrainAsync();
        Report($"drain: {ran} jobs, {drain.Notifier.Sent} messages", clock.Elapsed);
    }

    if (scenario is "all" or "metrics")
    {
        var asOf = new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
        var facts = Portfolio.Generate(100_000, asOf);
        var clock = Stopwatch.StartNew();
        var metrics = HandoffMetrics.Compute(facts, asOf);
        var afterMetrics = clock.Elapsed;
        var (report, chart) = DigestBuilder.Build(facts, new DateOnly(2026, 11, 23), new DateOnly(2026, 11, 29), TimeZoneInfo.Utc, asOf);
        var afterDigest = clock.Elapsed;
        var png = HandoffBot.Timing.DigestCharts.Render(chart);
        Console.WriteLine($"metrics {afterMetrics.TotalMilliseconds:0} ms, digest {(afterDigest - afterMetrics).TotalMilliseconds:0} ms, chart {(clock.Elapsed - afterDigest).TotalMilliseconds:0} ms");
        Report($"metrics+digest+chart: {facts.Count} handoffs, {metrics.ByAe.Count} AEs, {report.HandoffCount} this week, chart {png.Length} bytes", clock.Elapsed);
    }

    if (scenario is "storage")
    {
        var count = args.SkipWhile(a => a != "storage").Skip(1).Select(a => int.Parse(a, System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault(10_000);
        await StorageMeasure.RunAsync(count);
    }

    if (scenario is "all" or "scan")
    {
        var playbook = HandoffBot.Core.Playbooks.PlaybookLoader.Parse("owners: { revopsFallback: revops@example.com }");
        using var stored = new StoredPortfolio();
        await stored.FillAsync(10_000, playbook);
        var read = Stopwatch.StartNew();
        await stored.ReadOnlyAsync();
        Console.WriteLine($"read only: {read.ElapsedMilliseconds} ms");
        var clock = Stopwatch.StartNew();
        var projected = await stored.ProjectAsync(playbook.Calendar);
        Report($"scan+project from LiteDB: {projected} stored handoffs", clock.Elapsed);
    }

    return 0;
}

BenchmarkSwitcher.FromAssembly(typeof(JobDrain).Assembly).Run(args);
return 0;

static void Report(string what, TimeSpan elapsed)
{
    using var process = Process.GetCurrentProcess();
    Console.WriteLine($"{what}: {elapsed.TotalMilliseconds:0} ms; peak working set {process.PeakWorkingSet64 / 1024 / 1024} MB; managed heap now {GC.GetTotalMemory(false) / 1024 / 1024} MB");
}
