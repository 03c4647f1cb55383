#:project ../src/Dl4m/Dl4m.csproj
#:property PublishAot=false
// How long the built-in model takes to be ready to generate (BuiltInModel.Load: config, encoding, train.json and the
// weights read from the bytes embedded in Dl4m.Core.dll), the first time in a fresh process and then again; wall and
// process CPU time (all threads, JIT included). Run it several times: each run is one fresh process.
//   dotnet run -c Release tools/measure_builtin_load.cs            # JIT-compiled Dl4m.Core, as under `dotnet run`
// The clock starts at the first line of the program (runtime start-up, before Main, is not counted).
using System.Diagnostics;
using System.Runtime.Intrinsics;
using Dl4m.Generation;

var process = Process.GetCurrentProcess();
string isa = Vector512.IsHardwareAccelerated ? "AVX-512" : Vector256.IsHardwareAccelerated ? "AVX2" : "128-bit";
string load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";
Console.WriteLine($"{isa}, {Environment.ProcessorCount} cores, load average {load}");
for (int i = 0; i < 8; i++)
{
    var cpu = process.TotalProcessorTime;
    var clock = Stopwatch.StartNew();
    using (BuiltInModel.Load(out _)) { }
    double wall = clock.Elapsed.TotalMilliseconds;
    process.Refresh();
    Console.WriteLine($"{(i == 0 ? "first" : "again")}: load {wall:F1} ms, CPU {(process.TotalProcessorTime - cpu).TotalMilliseconds:F0} ms");
}
