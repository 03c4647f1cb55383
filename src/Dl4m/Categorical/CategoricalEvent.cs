namespace Dl4m.Categorical;

/// <summary>
/// One note-on as the categorical model sees it: pitch and velocity, and its time on the beat grid in whole steps
/// of 1/<see cref="BeatGrid.StepsPerBeat"/> beat (see <see cref="BeatTokens"/> for how a song's records become these).
/// </summary>
/// <param name="Pitch">MIDI note 0–127.</param>
/// <param name="Velocity">Velocity 1–127.</param>
/// <param name="DeltaSteps">Grid steps since the previous note-on (0 for chord notes and the song's first note).</param>
/// <param name="DurationSteps">Grid steps until the note-off (at least 1).</param>
/// <param name="BarStep">Grid steps from the start of the note's bar.</param>
public readonly record struct CategoricalEvent(int Pitch, int Velocity, int DeltaSteps, int DurationSteps, int BarStep = 0);
