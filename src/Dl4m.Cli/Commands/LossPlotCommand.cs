using System.CommandLine;
using Dl4m.IO;
using Dl4m.Training.Losses;

namespace Dl4m.Cli.Commands;

/// <summary>`dl4m loss-plot`: draw the musical note loss, optionally over a digitised reference curve, and print the RMS difference.</summary>
internal static class LossPlotCommand
{
    public static Command Create()
    {
        var output = CommonOptions.Out("PNG file to write (written atomically).");
        var force = CommonOptions.Force("Replace an existing PNG.");
        var compare = new Option<string?>("--compare") { Description = "CSV curve (header 'diff,loss') to draw underneath and compare with over [-15, 15]." };
        var degree = new Option<int>("--degree")
        {
            Description = "Polynomial degree of the fit.",
            DefaultValueFactory = _ => new NoteLossOptions().Degree,
        };
        var json = CommonOptions.Json();
        var command = new Command("loss-plot", "Draw the musical note loss (and its octave continuation) as a PNG.") { output, compare, degree, force, json };
        command.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            string outPath = parse.GetValue(output)!;
            bool replace = parse.GetValue(force);
            OutputFile.CheckNew(outPath, replace); // before any work: refuse at once
            string? comparePath = parse.GetValue(compare);
            // Read the reference first: a bad file fails before any work.
            var reference = comparePath is null ? null : ReferenceCurve.Load(comparePath);
            var loss = NoteLoss.Fit(new NoteLossOptions { Degree = parse.GetValue(degree) });
            OutputFile.WriteAllBytes(outPath, NoteLossFigure.Create(loss, reference).RenderPng(), replace, "figure");

            double range = loss.Options.FitRange;
            var minima = NoteLossFigure.LocalMinima(loss, -range, range);
            double maxInRange = Enumerable.Range(0, 3001).Max(i => loss.Value(-range + i * range / 1500));
            (double Rms, int Points)? rms = reference?.RmsDifference(loss, -range, range);
            // Within one octave the comparison is free of the continuation choice beyond ±12 (see docs/note-loss.md).
            (double Rms, int Points)? octaveRms = reference?.RmsDifference(loss, -12, 12);

            if (parse.GetValue(json))
            {
                JsonOutput.Print(stdout, new
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
                    RmsWithinOctave = octaveRms is null ? (double?)null : Math.Round(octaveRms.Value.Rms, 4),
                });
            }
            else
            {
                stdout.WriteLine($"wrote {outPath}");
                stdout.WriteLine($"note loss: degree {loss.Options.Degree}, fit over ±{range:0.#} semitones, minima at {string.Join(", ", minima)}, max {maxInRange:0.###}");
                stdout.WriteLine($"octave continuation: +{loss.OctaveStepUp:0.###} per octave up, +{loss.OctaveStepDown:0.###} per octave down");
                if (rms is not null)
                {
                    stdout.WriteLine($"RMS difference vs {comparePath}: {rms.Value.Rms:0.####} over {rms.Value.Points} points in [{-range:0.#}, {range:0.#}]");
                    stdout.WriteLine($"  within one octave [-12, 12]: {octaveRms!.Value.Rms:0.####} over {octaveRms.Value.Points} points");
                }
            }
            return 0;
        });
        return command;
    }
}
