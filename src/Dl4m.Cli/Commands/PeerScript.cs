using System.Diagnostics;
using System.Text.Json;

namespace Dl4m.Cli.Commands;

/// <summary>
/// Runs a peer benchmark script (../shared/peers/*.py from the repository root, with Debian's python3) and
/// returns the one JSON object it prints. The one launcher of every `bench` subcommand's peer
/// (mido for `bench parse`, PyTorch through <see cref="TorchPeer"/> for `bench train` and `bench generate`).
/// </summary>
internal static class PeerScript
{
    /// <summary>Debian's python3, which has mido, torch and onnx (the python3 first on PATH may not).</summary>
    public const string Python = "/usr/bin/python3";

    /// <summary>The path of a peer script: the override if given, else ../shared/peers/NAME from the repository root.</summary>
    public static string Locate(string name, string? overridePath)
    {
        if (overridePath is not null)
        {
            if (!File.Exists(overridePath)) throw new Dl4mException($"--peer-script {overridePath}: no such file");
            return Path.GetFullPath(overridePath);
        }
        foreach (string start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (!File.Exists(Path.Combine(dir.FullName, "Dl4m.slnx"))) continue;
                string path = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "peers", name));
                if (File.Exists(path)) return path;
                throw new Dl4mException($"peer script {path} not found (give --peer-script PATH, or --no-peer to skip the peer)");
            }
        }
        throw new Dl4mException($"peer script {name}: no repository root (Dl4m.slnx) above the tool or the current folder (give --peer-script PATH, or --no-peer)");
    }

    /// <summary>
    /// The path of a script inside the repository (e.g. tools/torch_categorical_bench.py): the override if given,
    /// else <paramref name="relativePath"/> under the repository root (the folder with Dl4m.slnx above the tool or the current folder).
    /// </summary>
    public static string LocateInRepository(string relativePath, string? overridePath)
    {
        if (overridePath is not null) return Locate(Path.GetFileName(relativePath), overridePath);
        foreach (string start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (!File.Exists(Path.Combine(dir.FullName, "Dl4m.slnx"))) continue;
                string path = Path.GetFullPath(Path.Combine(dir.FullName, relativePath));
                if (File.Exists(path)) return path;
                throw new Dl4mException($"peer script {path} not found (give --peer-script PATH, or --no-peer to skip the peer)");
            }
        }
        throw new Dl4mException($"peer script {relativePath}: no repository root (Dl4m.slnx) above the tool or the current folder (give --peer-script PATH, or --no-peer)");
    }

    /// <summary>Runs the script with the arguments and parses its JSON output; failures become one-line errors.</summary>
    public static JsonElement Run(string script, params string[] arguments)
    {
        if (!File.Exists(Python)) throw new Dl4mException($"peer needs {Python} (Debian's python3), which is missing (use --no-peer)");
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(script);
        foreach (string argument in arguments) start.ArgumentList.Add(argument);
        Process? started;
        try
        {
            started = Process.Start(start);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new Dl4mException($"cannot start {Python} {script}: {e.Message}");
        }
        using var process = started ?? throw new Dl4mException($"cannot start {Python} {script}");
        var stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            string last = stderr.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "no message";
            throw new Dl4mException($"peer {Path.GetFileName(script)} failed with exit code {process.ExitCode}: {last}");
        }
        try
        {
            using var json = JsonDocument.Parse(stdout);
            return json.RootElement.Clone();
        }
        catch (JsonException)
        {
            throw new Dl4mException($"peer {Path.GetFileName(script)} printed no JSON object");
        }
    }
}
