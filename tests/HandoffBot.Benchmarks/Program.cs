using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/HandoffBot.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(HandoffBot.Benchmarks.BriefBenchmarks).Assembly).Run(args);
