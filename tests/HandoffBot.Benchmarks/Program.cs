using System.Diagnostics;
using BenchmarkDotNet.Running;
using HandoffBot.Benchmarks;

// dotnet run -c Release --project tests/HandoffBot.Benchmarks -- --filter '*'   (BenchmarkDotNet, wall clock)
// dotnet run -c Release --project tests/HandoffBot.Benchmarks -- --cpu         (CPU time per draft: meaningful on a busy machine too)
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
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(BriefBenchmarks).Assembly).Run(args);
