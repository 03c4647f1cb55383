namespace Dl4m.Midi;

/// <summary>Names of key signatures as a key-signature meta event encodes them (sharps −7…7, major/minor).</summary>
public static class KeySignatureNames
{
    private static readonly string[] Major = ["Cb", "Gb", "Db", "Ab", "Eb", "Bb", "F", "C", "G", "D", "A", "E", "B", "F#", "C#"];
    private static readonly string[] Minor = ["Ab", "Eb", "Bb", "F", "C", "G", "D", "A", "E", "B", "F#", "C#", "G#", "D#", "A#"];

    /// <summary>"G major", "E minor"…; for values outside the specification, a description of the raw bytes.</summary>
    /// <param name="sharps">Sharps (positive) or flats (negative), −7…7.</param>
    /// <param name="mode">0 major, 1 minor.</param>
    public static string Name(int sharps, int mode) =>
        sharps is < -7 or > 7 || mode is not (0 or 1)
            ? $"invalid key signature ({sharps} sharps, mode {mode})"
            : mode == 0 ? $"{Major[sharps + 7]} major" : $"{Minor[sharps + 7]} minor";
}
