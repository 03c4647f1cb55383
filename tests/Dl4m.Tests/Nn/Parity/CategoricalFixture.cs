using Dl4m.Categorical;

namespace Dl4m.Tests.Nn.Parity;

/// <summary>
/// A categorical parity fixture written by tools/make_categorical_fixture.py: a <see cref="TorchFixture"/> (model,
/// one-hot input, compact targets, three Adam steps) plus the encoding, the soft note target table and the
/// loss parts PyTorch computed per step.
/// </summary>
internal sealed record CategoricalFixture(
    TorchFixture Torch,
    CategoricalEncoding Encoding,
    float[] NoteTable,
    IReadOnlyList<IReadOnlyDictionary<string, double>> Parts)
{
    public static readonly string[] Names = ["categorical_many_to_many", "categorical_many_to_one", "categorical_regression"];

    public static CategoricalFixture Load(string name)
    {
        var torch = TorchFixture.Load(name);
        using var document = FixtureJson.Open(name);
        var root = document.RootElement;
        var e = root.GetProperty("encoding");
        HeadKind Kind(string property) => e.GetProperty(property).GetString() == "classes" ? HeadKind.Classes : HeadKind.Regression;
        var encoding = new CategoricalEncoding
        {
            Notes = e.GetProperty("notes").GetString() == "pitch" ? NoteTarget.Pitch : NoteTarget.Interval,
            IntervalRange = e.GetProperty("interval_range").GetInt32(),
            VelocityBins = e.GetProperty("velocity_bins").GetInt32(),
            Velocity = Kind("velocity"),
            Timing = Kind("timing"),
            // the fixtures are about the network and the loss: any grid of the fixture's class counts will do, and no bar input
            Delta = BeatGrid.Delta.First(e.GetProperty("delta_bins").GetInt32()),
            Duration = BeatGrid.Duration.First(e.GetProperty("duration_bins").GetInt32()),
            BarPositions = 0,
            Labels = Enumerable.Range(0, e.GetProperty("labels").GetInt32()).Select(i => $"label {i}").ToArray(),
        };
        var groups = root.GetProperty("groups").EnumerateArray().Select(g => new OutputGroup(
            g.GetProperty("name").GetString()!, g.GetProperty("offset").GetInt32(), g.GetProperty("width").GetInt32(),
            g.GetProperty("kind").GetString() == "classes" ? HeadKind.Classes : HeadKind.Regression)).ToArray();
        if (!groups.SequenceEqual(encoding.Groups) || encoding.InputSize != torch.Config.InputSize)
            throw new InvalidDataException($"{name}: the fixture's heads or input size differ from the encoding built from it");

        // Rows of the classes the targets use come from the fixture; the others are one-hot (never read).
        int classes = encoding.NoteClasses;
        var table = new float[classes * classes];
        for (int c = 0; c < classes; c++) table[c * classes + c] = 1f;
        foreach (var row in root.GetProperty("note_table_rows").EnumerateObject())
        {
            int c = int.Parse(row.Name, System.Globalization.CultureInfo.InvariantCulture);
            int n = 0;
            foreach (var v in row.Value.EnumerateArray()) table[c * classes + n++] = (float)v.GetDouble();
        }
        var parts = root.GetProperty("steps").EnumerateArray()
            .Select(s => (IReadOnlyDictionary<string, double>)s.GetProperty("parts").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble()))
            .ToList();
        return new CategoricalFixture(torch, encoding, table, parts);
    }
}
