namespace Dl4m.IO;

/// <summary>
/// The one rule for a file a user asked for (a song, a figure, a report, an ONNX export): an existing file is never
/// replaced unless <c>force</c> says so, and the file is written whole or not at all (<see cref="AtomicFile"/>: a
/// temporary name in the same folder, then a rename). Folders follow the same rule through <see cref="StagingFolder"/>.
/// </summary>
public static class OutputFile
{
    /// <summary>The parameter that allows replacing an existing output, as errors name it (the tool maps it to its --force).</summary>
    public const string ForceParameter = "force";

    /// <summary>The error for an output that exists and may not be replaced: one line naming it.</summary>
    public static Dl4mException ExistsError(string path) =>
        new($"'{path}' exists: use {ForceParameter} to overwrite it", ForceParameter);

    /// <summary>Refuses <paramref name="path"/> when it exists (a file or a folder) and <paramref name="force"/> is false, before any work is done.</summary>
    /// <exception cref="Dl4mException">The output exists and <paramref name="force"/> is false.</exception>
    public static void CheckNew(string path, bool force)
    {
        if (!force && (File.Exists(path) || Directory.Exists(path))) throw ExistsError(path);
    }

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/> atomically, refusing an existing file unless <paramref name="force"/>.</summary>
    /// <param name="path">The file to write; its folder must exist.</param>
    /// <param name="bytes">Its whole contents.</param>
    /// <param name="force">True: replace an existing file.</param>
    /// <param name="what">What the file is, for error messages ("figure", "ONNX file").</param>
    /// <exception cref="Dl4mException">The file exists without <paramref name="force"/>, or it cannot be written.</exception>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes, bool force, string what = "file")
    {
        CheckNew(path, force);
        AtomicFile.WriteAllBytes(path, bytes, what, overwrite: force);
    }

    /// <summary>Writes <paramref name="text"/> as UTF-8 (see <see cref="WriteAllBytes"/>).</summary>
    public static void WriteAllText(string path, string text, bool force, string what = "file") =>
        WriteAllBytes(path, System.Text.Encoding.UTF8.GetBytes(text), force, what);
}
