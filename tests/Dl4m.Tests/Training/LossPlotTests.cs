using Dl4m.Cli;
using Dl4m.Tests.Cli;
using Dl4m.Plotting;
using Dl4m.Training.Losses;

namespace Dl4m.Tests.Training;

public sealed class LossPlotTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("dl4m-loss-plot-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    private static string PosterCsv => Path.Combine(AppContext.BaseDirectory, "Fixtures", "Training", "note-loss-poster-curve.csv");

    private static int Run(params string[] args) => CommandRunner.Run(args).ExitCode;

    [Fact]
    public void Loss_plot_writes_a_png_and_leaves_no_temporary_file()
    {
        string png = Path.Combine(_folder, "note-loss.png");
        Assert.Equal(0, Run("loss-plot", "--out", png, "--compare", PosterCsv, "--json"));
        var bytes = File.ReadAllBytes(png);
        Assert.Equal(PngSignature, bytes[..8]);
        Assert.True(bytes.Length > 20_000, $"only {bytes.Length} bytes: is anything drawn?");
        Assert.Equal([png], Directory.GetFiles(_folder));
    }

    [Fact]
    public void Saving_replaces_an_existing_file_whole()
    {
        string png = Path.Combine(_folder, "figure.png");
        File.WriteAllText(png, "old");
        var figure = new Figure("t", "x", "y");
        figure.AddLine([0.0, 1, 2], [1.0, 0, 1], "line");
        figure.SavePng(png, 300, 200);
        Assert.Equal(PngSignature, File.ReadAllBytes(png)[..8]);
        Assert.Single(Directory.GetFiles(_folder));
    }

    [Fact]
    public void Unwritable_output_is_a_clear_error()
    {
        var error = Assert.Throws<Dl4mException>(() => NoteLossFigure.Create(NoteLoss.Default).SavePng(Path.Combine(_folder, "missing", "x.png")));
        Assert.Contains("does not exist", error.Message);
        Assert.Contains("x.png", error.Message);
        Assert.Throws<Dl4mException>(() => NoteLossFigure.Create(NoteLoss.Default).SavePng(_folder));
        Assert.Equal(CliRunner.InputError, Run("loss-plot", "--out", Path.Combine(_folder, "missing", "x.png")));
    }

    [Theory]
    [InlineData("x,y\n0,1\n", "line 1 must be the header")]
    [InlineData("diff,loss\n0,1\n1,abc\n", "line 3")]
    [InlineData("diff,loss\n0,1,2\n", "line 2")]
    [InlineData("diff,loss\n1,1\n0,1\n", "not above the previous")]
    [InlineData("diff,loss\n", "no points")]
    public void Malformed_reference_curves_are_clear_errors(string text, string expected)
    {
        string csv = Path.Combine(_folder, "curve.csv");
        File.WriteAllText(csv, text);
        var error = Assert.Throws<Dl4mException>(() => ReferenceCurve.Load(csv));
        Assert.Contains(expected, error.Message);
        Assert.Contains("curve.csv", error.Message);
        Assert.Equal(CliRunner.InputError, Run("loss-plot", "--out", Path.Combine(_folder, "x.png"), "--compare", csv));
        Assert.False(File.Exists(Path.Combine(_folder, "x.png")));
    }

    [Fact]
    public void Missing_reference_curve_is_a_clear_error()
    {
        var error = Assert.Throws<Dl4mException>(() => ReferenceCurve.Load(Path.Combine(_folder, "none.csv")));
        Assert.Contains("none.csv", error.Message);
    }

    [Fact]
    public void Reference_curve_rms_is_zero_against_itself()
    {
        var lines = new List<string> { "diff,loss" };
        for (int i = -30; i <= 30; i++)
            lines.Add(FormattableString.Invariant($"{i * 0.5},{NoteLoss.Default.Value(i * 0.5):R}"));
        var curve = ReferenceCurve.Parse(lines, "self");
        var (rms, points) = curve.RmsDifference(NoteLoss.Default);
        Assert.Equal(61, points);
        Assert.Equal(0, rms, 12);
    }
}
