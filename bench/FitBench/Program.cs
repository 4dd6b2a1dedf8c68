using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(FitBench.FitBenchmarks).Assembly).Run(args);
