using System.Text.Json.Serialization;

namespace Dl4m.Training;

/// <summary>
/// Loss parts (means over rows) and note accuracy of one evaluation. For the original model: the parts of
/// <see cref="Losses.LossParts"/> and rounded-note accuracy. For the categorical model: <see cref="Note"/> is the
/// note cross-entropy against the (smoothed) training target, <see cref="NoteNll"/> the negative log-likelihood of
/// the true note (nats per note), <see cref="Velocity"/>, <see cref="DeltaTime"/> and <see cref="Duration"/> the
/// heads' cross-entropies (or squared errors of z-scores), and <see cref="NoteAccuracy"/> the share of argmax hits.
/// </summary>
/// <param name="Total">Weighted total that training minimises.</param>
/// <param name="Note">Note part.</param>
/// <param name="Velocity">Velocity part (seed: MSE in normalised units).</param>
/// <param name="DeltaTime">Δtime part (seed: MSE in normalised units).</param>
/// <param name="NoteAccuracy">Share of rows whose predicted note is the true note (NaN when not measured).</param>
public sealed record LossSummary(double Total, double Note, double Velocity, double DeltaTime, double NoteAccuracy)
{
    /// <summary>Categorical only: mean −ln p(true note) in nats (null for the original model).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? NoteNll { get; init; }

    /// <summary>
    /// Categorical only: mean −ln p(true note) with each note scored inside its window alone (the state zero at the window's
    /// start), beside <see cref="NoteNll"/>, which scores each note with its whole song before it (null when not measured).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? WindowNoteNll { get; init; }

    /// <summary>Categorical only: the duration head's part (null for the original model).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? Duration { get; init; }

    /// <summary>True when every loss part is a finite number.</summary>
    [JsonIgnore]
    public bool IsFinite => double.IsFinite(Total) && double.IsFinite(Note) && double.IsFinite(Velocity) && double.IsFinite(DeltaTime)
        && (NoteNll is not { } nll || double.IsFinite(nll)) && (Duration is not { } d || double.IsFinite(d));
}
