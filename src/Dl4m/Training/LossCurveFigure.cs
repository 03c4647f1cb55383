using Dl4m.Plotting;

namespace Dl4m.Training;

/// <summary>loss.png: training and validation loss per validation point, with the baselines as dashed lines.</summary>
public static class LossCurveFigure
{
    /// <summary>Writes the figure (atomically) to <paramref name="path"/>.</summary>
    public static void Save(string path, IReadOnlyList<HistoryRow> history, IReadOnlyList<(string Name, LossSummary Loss)> baselines, string lossName) =>
        Save(path, history, baselines, $"dl4m train ({lossName} loss)", "loss (total)", l => l.Total);

    /// <summary>
    /// Writes the figure of <paramref name="value"/> (a part of each summary, e.g. the categorical model's note NLL)
    /// for training, validation and the baselines.
    /// </summary>
    public static void Save(string path, IReadOnlyList<HistoryRow> history, IReadOnlyList<(string Name, LossSummary Loss)> baselines,
        string title, string yLabel, Func<LossSummary, double> value)
    {
        var figure = new Figure(title, "step", yLabel);
        if (history.Count > 0)
        {
            var xs = history.Select(r => (double)r.Step).ToList();
            figure.AddLine(xs, history.Select(r => value(r.Train)).ToList(), "train", "#1f77b4");
            figure.AddLine(xs, history.Select(r => value(r.Validation)).ToList(), "validation", "#d62728");
            double first = 0, last = Math.Max(1, xs[^1]);
            string[] colors = ["#7f7f7f", "#2ca02c"];
            for (int i = 0; i < baselines.Count; i++)
                figure.AddLine([first, last], [value(baselines[i].Loss), value(baselines[i].Loss)], $"validation baseline: {baselines[i].Name}", colors[i % colors.Length], dashed: true);
        }
        figure.SavePng(path);
    }
}
