using Dl4m.Plotting;

namespace Dl4m.Training;

/// <summary>loss.png: training and validation total loss per validation point, with the two baselines as dashed lines.</summary>
public static class LossCurveFigure
{
    /// <summary>Writes the figure (atomically) to <paramref name="path"/>.</summary>
    public static void Save(string path, IReadOnlyList<HistoryRow> history, IReadOnlyList<(string Name, LossSummary Loss)> baselines, string lossName)
    {
        var figure = new Figure($"dl4m train ({lossName} loss)", "step", "loss (total)");
        if (history.Count > 0)
        {
            var xs = history.Select(r => (double)r.Step).ToList();
            figure.AddLine(xs, history.Select(r => r.Train.Total).ToList(), "train", "#1f77b4");
            figure.AddLine(xs, history.Select(r => r.Validation.Total).ToList(), "validation", "#d62728");
            double first = 0, last = Math.Max(1, xs[^1]);
            string[] colors = ["#7f7f7f", "#2ca02c"];
            for (int i = 0; i < baselines.Count; i++)
                figure.AddLine([first, last], [baselines[i].Loss.Total, baselines[i].Loss.Total], $"validation baseline: {baselines[i].Name}", colors[i % colors.Length], dashed: true);
        }
        figure.SavePng(path);
    }
}
