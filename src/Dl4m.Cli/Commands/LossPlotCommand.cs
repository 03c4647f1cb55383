using System.CommandLine;
using Dl4m.Training.Losses;

namespace Dl4m.Cli.Commands;

/// <summary>`dl4m loss-plot`: draw the musical note loss, optionally over a digitised reference curve, and print the RMS difference.</summary>
internal static class LossPlotCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "PNG file to write (written atomically).", Required = true };
        var compare = new Option<string?>("--compare") { Description = "CSV curve (header 'diff,loss') to draw underneath and compare with over [-15, 15]." };
        var degree = new Option<int>("--degree")
        {
            Description = "Polynomial degree of the fit.",
            DefaultValueFactory = _ => new NoteLossOptions().Degree,
        };
        var json = CommonOptions.Json();
        var command = new Command("loss-plot", "Draw the musical note loss (and its octave continuation) as a PNG.") { output, compare, degree, json };
        command.SetAction(parse =>
        {
            string outPath = parse.GetValue(output)!;
            string? comparePath = parse.GetValue(compare);
            var loss = NoteLoss.Fit(new NoteLossOptions { Degree = parse.GetValue(degree) });
            var reference = comparePath is null ? null : ReferenceCurve.Load(comparePath);
            NoteLossFigure.Create(loss, reference).SavePng(outPath);

            double range = loss.Options.FitRange;
            var minima = NoteLossFigure.LocalMinima(loss, -range, range);
            double maxInRange = Enumerable.Range(0, 3001).Max(i => loss.Value(-range + i * range / 1500));
            (double Rms, int Points)? rms = reference?.RmsDifference(loss, -range, range);

            if (parse.GetValue(json))
            {
                JsonOutput.Print(new
                {
                    Out = outPath,
                    loss.Options.Degree,
                    FitRange = range,
                    Minima = minima,
                    MaxInRange = Math.Round(maxInRange, 4),
                    OctaveStepUp = Math.Round(loss.OctaveStepUp, 4),
                    OctaveStepDown = Math.Round(loss.OctaveStepDown, 4),
                    Compare = comparePath,
                    Rms = rms is null ? (double?)null : Math.Round(rms.Value.Rms, 4),
                    RmsPoints = rms?.Points,
                });
            }
            else
            {
                Console.WriteLine($"wrote {outPath}");
                Console.WriteLine($"note loss: degree {loss.Options.Degree}, fit over ±{range:0.#} semitones, minima at {string.Join(", ", minima)}, max {maxInRange:0.###}");
                Console.WriteLine($"octave continuation: +{loss.OctaveStepUp:0.###} per octave up, +{loss.OctaveStepDown:0.###} per octave down");
                if (rms is not null)
                    Console.WriteLine($"RMS difference vs {comparePath}: {rms.Value.Rms:0.####} over {rms.Value.Points} points in [{-range:0.#}, {range:0.#}]");
            }
            return 0;
        });
        return command;
    }
}
