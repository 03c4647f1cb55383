using Dl4m.Data;

namespace Dl4m.Training;

/// <summary>
/// The normalisation of the three model features (z-scores with the train split's mean and population
/// standard deviation from the dataset manifest), stored with the model so generation can undo it.
/// </summary>
/// <param name="NoteMean">Mean MIDI note.</param>
/// <param name="NoteStd">Note standard deviation (semitones per normalised unit).</param>
/// <param name="VelocityMean">Mean velocity.</param>
/// <param name="VelocityStd">Velocity standard deviation.</param>
/// <param name="DeltaSecondsMean">Mean Δtime in seconds.</param>
/// <param name="DeltaSecondsStd">Δtime standard deviation in seconds.</param>
public sealed record FeatureScaling(double NoteMean, double NoteStd, double VelocityMean, double VelocityStd, double DeltaSecondsMean, double DeltaSecondsStd)
{
    /// <summary>The train statistics of a manifest; a zero or missing spread becomes 1 (the feature is then only centred).</summary>
    /// <exception cref="Dl4mException">The manifest lacks statistics for a feature.</exception>
    public static FeatureScaling FromManifest(DatasetManifest manifest)
    {
        FeatureNormalization Get(string name) => manifest.Normalization.TryGetValue(name, out var n)
            ? n
            : throw new Dl4mException($"dataset manifest has no normalisation statistics for '{name}'");
        static double Spread(double std) => std > 0 && double.IsFinite(std) ? std : 1.0;
        var note = Get("note");
        var velocity = Get("velocity");
        var delta = Get("delta_seconds");
        return new(note.Mean, Spread(note.Std), velocity.Mean, Spread(velocity.Std), delta.Mean, Spread(delta.Std));
    }

    /// <summary>Writes the three normalised features of <paramref name="e"/> into <paramref name="features"/>.</summary>
    public void Normalise(in EventRecord e, Span<float> features)
    {
        features[0] = (float)((e.Note - NoteMean) / NoteStd);
        features[1] = (float)((e.Velocity - VelocityMean) / VelocityStd);
        features[2] = (float)((e.DeltaSeconds - DeltaSecondsMean) / DeltaSecondsStd);
    }

    /// <summary>A normalised note back in semitones (MIDI note number, not rounded).</summary>
    public double NoteFromNormalised(float value) => value * NoteStd + NoteMean;
}
