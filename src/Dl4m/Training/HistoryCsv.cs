using System.Globalization;
using System.Text;

namespace Dl4m.Training;

/// <summary>
/// history.csv: one line per validation point, invariant culture, full precision. The last two columns say which
/// points gave new best weights (best = 1) and the patience counter after each (validations since the last
/// improvement of more than --min-delta).
/// </summary>
public static class HistoryCsv
{
    /// <summary>The header line.</summary>
    public const string Header =
        "epoch,step,train_total,train_note,train_velocity,train_delta_time,val_total,val_note,val_velocity,val_delta_time,val_note_accuracy,windows_per_s,seconds," +
        "best,without_improvement";

    /// <summary>The header line of a categorical model: note_ce is the cross-entropy against the smoothed target
    /// (what training minimises), note_nll the hard −ln p(true note) in nats.</summary>
    public const string CategoricalHeader =
        "epoch,step,train_total,train_note_ce,train_note_nll,train_velocity,train_delta_time,train_duration,train_note_accuracy," +
        "val_total,val_note_ce,val_note_nll,val_velocity,val_delta_time,val_duration,val_note_accuracy,windows_per_s,seconds,best,without_improvement";

    /// <summary>The whole file's text for a categorical model.</summary>
    public static string FormatCategorical(IEnumerable<HistoryRow> rows)
    {
        var text = new StringBuilder(CategoricalHeader).Append('\n');
        foreach (var r in rows)
        {
            text.Append(CultureInfo.InvariantCulture, $"{r.Epoch},{r.Step},");
            foreach (var l in (LossSummary[])[r.Train, r.Validation])
                Append(text, l.Total, l.Note, l.NoteNll ?? double.NaN, l.Velocity, l.DeltaTime, l.Duration ?? double.NaN, l.NoteAccuracy);
            text.Append(CultureInfo.InvariantCulture, $"{r.WindowsPerSecond:F1},{r.Seconds:F2},{(r.Best ? 1 : 0)},{r.WithoutImprovement}\n");
        }
        return text.ToString();
    }

    /// <summary>The whole file's text.</summary>
    public static string Format(IEnumerable<HistoryRow> rows)
    {
        var text = new StringBuilder(Header).Append('\n');
        foreach (var r in rows)
        {
            text.Append(CultureInfo.InvariantCulture, $"{r.Epoch},{r.Step},");
            Append(text, r.Train.Total, r.Train.Note, r.Train.Velocity, r.Train.DeltaTime,
                r.Validation.Total, r.Validation.Note, r.Validation.Velocity, r.Validation.DeltaTime, r.Validation.NoteAccuracy);
            text.Append(CultureInfo.InvariantCulture, $"{r.WindowsPerSecond:F1},{r.Seconds:F2},{(r.Best ? 1 : 0)},{r.WithoutImprovement}\n");
        }
        return text.ToString();
    }

    private static void Append(StringBuilder text, params double[] values)
    {
        foreach (double v in values) text.Append(v.ToString("G9", CultureInfo.InvariantCulture)).Append(',');
    }
}
