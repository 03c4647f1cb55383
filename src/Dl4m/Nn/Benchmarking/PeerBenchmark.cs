using System.Diagnostics;
using System.Text.Json;

namespace Dl4m.Nn.Benchmarking;

/// <summary>
/// Runs ../shared/peers/torch_lstm_bench.py (relative to the repository root, found by walking up
/// from the binary to the folder holding Dl4m.slnx) with Debian's /usr/bin/python3, and parses its JSON.
/// </summary>
internal static class PeerBenchmark
{
    public const string Python = "/usr/bin/python3";

    public static string? FindScript()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Dl4m.slnx")))
            {
                string script = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "peers", "torch_lstm_bench.py"));
                return File.Exists(script) ? script : null;
            }
        }
        return null;
    }

    /// <summary>Runs the peer with these arguments (e.g. "--lookback 32 --batch 64 --threads 2").</summary>
    public static PeerResult Run(params string[] arguments)
    {
        string? script = FindScript();
        if (script is null) return Failed("peer script ../shared/peers/torch_lstm_bench.py not found above the binary's folder");
        if (!File.Exists(Python)) return Failed($"{Python} not found");
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(script);
        foreach (string a in arguments) start.ArgumentList.Add(a);
        try
        {
            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            string stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
                return Failed($"peer exited with {process.ExitCode}: {stderr.Result.Trim().Split('\n').LastOrDefault()}");
            using var json = JsonDocument.Parse(stdout.Trim().Split('\n').Last());
            var root = json.RootElement;
            return new PeerResult(
                root.GetProperty("version").GetString(),
                root.GetProperty("threads").GetInt32(),
                root.GetProperty("train_windows_per_s").GetDouble(),
                root.GetProperty("generate_notes_per_s").GetDouble(),
                null);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return Failed($"peer failed: {e.Message}");
        }
    }

    private static PeerResult Failed(string why) => new(null, 0, 0, 0, why);
}
