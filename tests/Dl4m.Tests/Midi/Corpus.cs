namespace Dl4m.Tests.Midi;

/// <summary>Finds the shared Nottingham corpus (../shared/corpus/nottingham from the repository root).</summary>
internal static class Corpus
{
    public static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Dl4m.slnx"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException($"no Dl4m.slnx above {AppContext.BaseDirectory}");
    }

    /// <summary>
    /// The corpus folder, or null when this machine has none (tests then skip and say so). DL4M_NOTTINGHAM names it
    /// for a checkout that is not beside shared/ (a git worktree under another folder).
    /// </summary>
    public static string? Nottingham()
    {
        string path = Environment.GetEnvironmentVariable("DL4M_NOTTINGHAM") is { Length: > 0 } given
            ? Path.GetFullPath(given)
            : Path.GetFullPath(Path.Combine(RepoRoot(), "..", "shared", "corpus", "nottingham"));
        return Directory.Exists(path) ? path : null;
    }

    public const string Missing = "corpus ../shared/corpus/nottingham (from the repository root) is absent on this machine";

    public static string Fixture(params string[] parts) =>
        Path.Combine([AppContext.BaseDirectory, "Fixtures", .. parts]);
}
