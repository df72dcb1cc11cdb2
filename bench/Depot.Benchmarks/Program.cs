using BenchmarkDotNet.Running;

// `dotnet run -c Release --project bench/Depot.Benchmarks -- --filter '*' --artifacts bench/results/benchmarks` runs them
// all; see bench/README.md.
BenchmarkSwitcher.FromAssembly(typeof(Depot.Benchmarks.SecretBenchmarks).Assembly).Run(args);
