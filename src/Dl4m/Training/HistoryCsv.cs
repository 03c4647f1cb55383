using System.Globalization;
using System.Text;

namespace Dl4m.Training;

/// <summary>history.csv: one line per validation point, invariant culture, full precision.</summary>
public static class HistoryCsv
{
    /// <summary>The header line.</summary>
    public const string Header =
        "epoch,step,train_total,train_note,train_velocity,train_delta_time,val_total,val_note,val_velocity,val_delta_time,val_note_accuracy,windows_per_s,seconds";

    /// <summary>The whole file's text.</summary>
    public static string Format(IEnumerable<HistoryRow> rows)
    {
        var text = new StringBuilder(Header).Append('\n');
        foreach (var r in rows)
        {
            text.Append(CultureInfo.InvariantCulture, $"{r.Epoch},{r.Step},");
            Append(text, r.Train.Total, r.Train.Note, r.Train.Velocity, r.Train.DeltaTime,
                r.Validation.Total, r.Validation.Note, r.Validation.Velocity, r.Validation.DeltaTime, r.Validation.NoteAccuracy);
            text.Append(CultureInfo.InvariantCulture, $"{r.WindowsPerSecond:F1},{r.Seconds:F2}\n");
        }
        return text.ToString();
    }

    private static void Append(StringBuilder text, params double[] values)
    {
        foreach (double v in values) text.Append(v.ToString("G9", CultureInfo.InvariantCulture)).Append(',');
    }
}
