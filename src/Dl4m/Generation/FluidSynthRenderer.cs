using System.Diagnostics;

namespace Dl4m.Generation;

/// <summary>Renders MIDI to WAV with FluidSynth and the General MIDI soundfont (Debian: fluidsynth, fluid-soundfont-gm).</summary>
public static class FluidSynthRenderer
{
    /// <summary>Where Debian's fluid-soundfont-gm puts the soundfont.</summary>
    public const string SoundFont = "/usr/share/sounds/sf2/FluidR3_GM.sf2";

    /// <summary>The line to show when rendering is unavailable.</summary>
    public const string InstallHint = "GenerationRequest.Wav needs FluidSynth and the General MIDI soundfont: apt-get install fluidsynth fluid-soundfont-gm";

    /// <summary>The fluidsynth executable on PATH, or null.</summary>
    public static string? FindExecutable()
    {
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(dir, "fluidsynth");
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    /// <summary>True when both fluidsynth and the soundfont are installed.</summary>
    public static bool IsAvailable => FindExecutable() is not null && File.Exists(SoundFont);

    /// <summary>Renders <paramref name="midiPath"/> to <paramref name="wavPath"/> at 44.1 kHz (through a temporary file renamed at the end).</summary>
    /// <exception cref="Dl4mException">FluidSynth or the soundfont is missing, or FluidSynth fails.</exception>
    public static void Render(string midiPath, string wavPath)
    {
        string exe = FindExecutable() ?? throw new Dl4mException(InstallHint);
        if (!File.Exists(SoundFont)) throw new Dl4mException(InstallHint);
        string temp = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(wavPath))!, $".{Path.GetFileName(wavPath)}.{Environment.ProcessId}.tmp.wav");
        var info = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in new[] { "-ni", "-F", temp, "-r", "44100", SoundFont, midiPath }) info.ArgumentList.Add(arg);
        using var process = Process.Start(info) ?? throw new Dl4mException($"cannot start {exe}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        string stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        _ = stdout.Result;
        if (process.ExitCode != 0 || !File.Exists(temp))
        {
            File.Delete(temp);
            throw new Dl4mException($"fluidsynth failed on '{midiPath}' (exit {process.ExitCode}): {stderr.Trim().Split('\n').LastOrDefault()}");
        }
        File.Move(temp, wavPath, overwrite: true);
    }
}
