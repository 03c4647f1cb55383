using BenchmarkDotNet.Running;

// Kernel micro-benchmarks; the end-to-end figures against PyTorch come from `dl4m bench train|generate`.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
