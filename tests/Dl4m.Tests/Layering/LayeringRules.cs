namespace Dl4m.Tests.Layering;

/// <summary>
/// The library's layers as data: one line per namespace, bottom up. A namespace may import only what its line lists,
/// so a dependency that points the wrong way (the engine importing music, MIDI importing training, …) fails
/// <see cref="LayeringTests"/>. A new namespace needs a line too (the test names it): placing it is a decision.
/// </summary>
public static class LayeringRules
{
    /// <summary>The root namespace (<see cref="Dl4mException"/>): a rule or import of it means it alone, not every namespace below.</summary>
    public const string Root = "Dl4m";

    private const string IO = "Dl4m.IO", Midi = "Dl4m.Midi", Music = "Dl4m.Music", Nn = "Dl4m.Nn", Plotting = "Dl4m.Plotting",
        Data = "Dl4m.Data", Evaluation = "Dl4m.Evaluation", Categorical = "Dl4m.Categorical", Training = "Dl4m.Training",
        Generation = "Dl4m.Generation", Families = "Dl4m.Families", Pipeline = "Dl4m.Pipeline";

    /// <summary>The rules, bottom layer first.</summary>
    public static IReadOnlyList<LayerRule> All { get; } =
    [
        new(Root, [], "Dl4mException, the one error type every layer throws, stands on nothing"),
        new(IO, [Root], "atomic files, output locks and staging folders: plumbing under every layer"),
        new(Midi, [Root, IO], "MIDI bytes ↔ events; it knows nothing of music theory, datasets, models, training or metrics"),
        new(Music, [Root, Midi], "the music core (keys, pitch classes, notes, the one note-pairing rule) stands on MIDI alone, so data and metrics can share it"),
        new(Nn, [Root, IO], "the engine (tensors, layers, kernels, ONNX) is music-free: no MIDI, data, training, generation, evaluation or model family"),
        new(Plotting, [Root, IO, Midi, Music], "figures draw what they are given (music-core notes, numbers), never a generator's or trainer's types"),
        new(Data, [Root, IO, Midi, Music], "MIDI folders → datasets; training, generation and evaluation read datasets, never the reverse"),
        new(Evaluation, [Root, IO, Midi, Music, Data, Plotting], "metrics of MIDI files (a dataset may be the reference); they judge generated music, so they must not import generation or training"),
        new(Categorical, [Root, IO, Music, Data, Training], "the categorical family's encoding; it names Training.TrainingMode (the family code is being regrouped into Families/)"),
        new(Training, [Root, IO, Nn, Data, Categorical, Plotting, Families], "trains engine models on datasets (loss curves are figures); the trainer asks the family registry what to build"),
        new(Generation, [Root, IO, Midi, Music, Nn, Data, Categorical, Training, Plotting, Families], "writes songs from trained models; SongWriter asks the family of the model folder to generate"),
        new(Families, [Root, IO, Midi, Music, Nn, Data, Categorical, Training, Generation, Plotting], "a model family plugs its encoding, network, training task and generator into the shared training loop and song writer"),
        new(Pipeline, [Root, IO, Midi, Music, Nn, Data, Categorical, Training, Generation, Evaluation, Plotting, Families], "the demo runs the whole pipeline: the top, which nothing imports"),
    ];
}
