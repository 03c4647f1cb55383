#:project ../src/Dl4m/Dl4m.csproj
#:property PublishAot=false
// How long the built-in model takes to be ready to generate: BuiltInModel.Folder (write or compare its files) and
// CategoricalGenerator.Load (config, encoding, train.json, weights), the first time in a fresh process and then again.
//   dotnet run -c Release tools/measure_builtin_load.cs
using System.Diagnostics;
using Dl4m.Generation;
using Dl4m.Generation.Categorical;

var process = Process.GetCurrentProcess();
string root = Path.Combine(Path.GetTempPath(), "dl4m-measure-builtin");
for (int i = 0; i < 8; i++)
{
    var cpu = process.TotalProcessorTime;
    var clock = Stopwatch.StartNew();
    string folder = BuiltInModel.Folder(root); // with a root given, every call compares all files with the embedded bytes
    double folderMs = clock.Elapsed.TotalMilliseconds;
    clock.Restart();
    using (CategoricalGenerator.Load(folder, out _)) { }
    process.Refresh();
    Console.WriteLine($"{(i == 0 ? "first" : "again")}: folder {folderMs:F1} ms, load {clock.Elapsed.TotalMilliseconds:F1} ms, CPU {(process.TotalProcessorTime - cpu).TotalMilliseconds:F0} ms");
}
