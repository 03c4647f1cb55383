using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Dl4m.Data;

/// <summary>
/// Train/validation/test proportions, and the rule that puts a file in a split from a hash alone (its
/// content hash, or with <see cref="SplitGrouping.Name"/> the hash of its file name): the hash's first 8
/// bytes, read as a big-endian integer and scaled to [0, 1), fall below train → train, below
/// train + validation → validation, else test. A file therefore keeps its split however the rest of the
/// corpus changes.
/// </summary>
public sealed record SplitRatios
{
    /// <summary>Creates proportions; they are normalised to sum to 1.</summary>
    public SplitRatios(double train, double validation, double test)
    {
        double sum = train + validation + test;
        if (!(train >= 0 && validation >= 0 && test >= 0) || !(sum > 0) || double.IsInfinity(sum))
            throw new Dl4mException($"DatasetBuildOptions.Split needs three non-negative parts with a positive sum, got {train}/{validation}/{test}", "DatasetBuildOptions.Split");
        Train = train / sum;
        Validation = validation / sum;
        Test = test / sum;
    }

    /// <summary>80/10/10.</summary>
    public static SplitRatios Default { get; } = new(80, 10, 10);

    /// <summary>Fraction of files in train.</summary>
    public double Train { get; }

    /// <summary>Fraction of files in validation.</summary>
    public double Validation { get; }

    /// <summary>Fraction of files in test.</summary>
    public double Test { get; }

    /// <summary>
    /// Parses "train/validation/test" in percent that sum to 100 ("80/10/10") or in fractions that sum to 1
    /// ("0.9/0.05/0.05"). Any other sum is refused rather than silently renormalised: "50/50/50" is a typo, not a choice.
    /// </summary>
    public static SplitRatios Parse(string text)
    {
        var parts = text.Split('/');
        var values = new double[3];
        if (parts.Length != 3 || !parts.Select((p, i) => double.TryParse(p.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out values[i])).All(ok => ok))
            throw new Dl4mException($"DatasetBuildOptions.Split '{text}' is not train/validation/test, e.g. 80/10/10", "DatasetBuildOptions.Split");
        double sum = values[0] + values[1] + values[2];
        if (Math.Abs(sum - 100) > 1e-6 && Math.Abs(sum - 1) > 1e-9)
            throw new Dl4mException($"DatasetBuildOptions.Split '{text}' sums to {sum.ToString(CultureInfo.InvariantCulture)}; the three parts must sum to 100 (percent) or 1 (fractions)", "DatasetBuildOptions.Split");
        return new SplitRatios(values[0], values[1], values[2]);
    }

    /// <summary>The split of a file with the given content hash (at least 8 bytes).</summary>
    public DatasetSplit Assign(ReadOnlySpan<byte> contentHash)
    {
        double position = (BinaryPrimitives.ReadUInt64BigEndian(contentHash) >> 11) * (1.0 / (1UL << 53));
        if (position < Train) return DatasetSplit.Train;
        if (position < Train + Validation) return DatasetSplit.Validation;
        return DatasetSplit.Test;
    }

    /// <summary>
    /// The split of a file by its name alone: the SHA-256 of the UTF-8 file name without folder and extension,
    /// lower-cased (invariant), so "melody/Ashover1.mid" and "ashover1.MID" always share a split.
    /// </summary>
    public DatasetSplit AssignByName(string path) => Assign(NameHash(path));

    /// <summary>The hash <see cref="AssignByName"/> places a file by.</summary>
    public static byte[] NameHash(string path) =>
        SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFileNameWithoutExtension(path).ToLowerInvariant()));

    /// <summary>The split of a file under <paramref name="grouping"/>, from its path and content hash.</summary>
    public DatasetSplit Assign(SplitGrouping grouping, string path, ReadOnlySpan<byte> contentHash) =>
        grouping == SplitGrouping.Name ? AssignByName(path) : Assign(contentHash);

    /// <summary>"80/10/10" style text, in percent.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Train * 100:0.###}/{Validation * 100:0.###}/{Test * 100:0.###}");
}
