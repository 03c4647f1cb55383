namespace Dl4m.Training;

/// <summary>Loss parts (means over rows, see <see cref="Losses.LossParts"/>) and rounded-note accuracy of one evaluation.</summary>
/// <param name="Total">Weighted total that training minimises.</param>
/// <param name="Note">Note part.</param>
/// <param name="Velocity">Velocity MSE (normalised units).</param>
/// <param name="DeltaTime">Δtime MSE (normalised units).</param>
/// <param name="NoteAccuracy">Share of rows whose de-normalised predicted note, rounded, is the true note (NaN when not measured).</param>
public sealed record LossSummary(double Total, double Note, double Velocity, double DeltaTime, double NoteAccuracy)
{
    /// <summary>True when every loss part is a finite number.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsFinite => double.IsFinite(Total) && double.IsFinite(Note) && double.IsFinite(Velocity) && double.IsFinite(DeltaTime);
}
