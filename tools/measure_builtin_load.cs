#:project ../src/Dl4m/Dl4m.csproj
#:property PublishAot=false
// How long the built-in model takes to be ready to generate (BuiltInModel.Load: config, encoding, train.json and the
// weights read from the bytes embedded in Dl4m.Core.dll), the first time in a fresh process and then again; wall and
// process CPU time (all threads, JIT included). Each run is one fresh process: run it several times.
//   dotnet run -c Release tools/measure_builtin_load.cs                      # Dl4m.Core JIT-compiled, as under `dotnet run`
//   dotnet run -c Release tools/measure_builtin_load.cs -- PUB/Dl4m.Core.dll # a published (ReadyToRun) Dl4m.Core.dll
// where PUB comes from `dotnet publish src/Dl4m.Cli -c Release -r linux-x64 -o PUB`. The clock starts at the first
// line of the program: the runtime's own start-up, before Main, is not counted.
using System.Diagnostics;
using System.Runtime.Intrinsics;
using System.Runtime.Loader;
using Dl4m.Generation;

var process = Process.GetCurrentProcess();
string isa = Vector512.IsHardwareAccelerated ? "AVX-512" : Vector256.IsHardwareAccelerated ? "AVX2" : "128-bit";
string load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
Func<IDisposable> loadModel = () => BuiltInModel.Load(out _);
string build = "JIT-compiled Dl4m.Core";
if (args.Length > 0)
{
    // the published library in a load context of its own (the project's copy is loaded too, but never called);
    // the method is looked up here, so only its call is timed
    var published = new AssemblyLoadContext("published").LoadFromAssemblyPath(Path.GetFullPath(args[0]));
    var method = published.GetType("Dl4m.Generation.BuiltInModel")!.GetMethod("Load")!;
    loadModel = () => (IDisposable)method.Invoke(null, [null])!;
    build = $"{args[0]} (called by reflection)";
}
Console.WriteLine($"{isa}, {Environment.ProcessorCount} cores, load average {load}, {build}");
for (int i = 0; i < 8; i++)
{
    var cpu = process.TotalProcessorTime;
    long methods = System.Runtime.JitInfo.GetCompiledMethodCount();
    var jit = System.Runtime.JitInfo.GetCompilationTime();
    var clock = Stopwatch.StartNew();
    using (loadModel()) { }
    double wall = clock.Elapsed.TotalMilliseconds;
    process.Refresh();
    Console.WriteLine($"{(i == 0 ? "first" : "again")}: load {wall:F1} ms, CPU {(process.TotalProcessorTime - cpu).TotalMilliseconds:F0} ms"
        + $" (JIT: {System.Runtime.JitInfo.GetCompiledMethodCount() - methods} methods, {(System.Runtime.JitInfo.GetCompilationTime() - jit).TotalMilliseconds:F0} ms)");
}
