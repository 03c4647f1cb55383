using Dl4m.Categorical;
using Dl4m.Data;
using Dl4m.Generation;

namespace Dl4m.Families.Categorical;

/// <summary>
/// The categorical branch of <see cref="SongWriter.Run"/>: label, primers (on the beat grid, moved to the model's key),
/// tempo and bar of each song, generation.
/// </summary>
internal static class CategoricalSongWriter
{
    /// <param name="request">The request (its model folder is null for the built-in model).</param>
    /// <param name="output">Writes each song's files.</param>
    /// <param name="notice">Gets one-line notices.</param>
    /// <param name="builtIn">The model is the <see cref="BuiltInModel"/>: its training dataset is not shipped, so without a
    /// primer file or <see cref="GenerationRequest.DataFolder"/> each song is primed with a built-in tune.</param>
    /// <param name="family">The family recorded with each song (the transformer's songs come through here too; default categorical).</param>
    public static GeneratedFile[] Run(GenerationRequest request, SongOutput output, Action<string>? notice, bool builtIn = false, Training.ModelKind? family = null)
    {
        // the built-in model loads from the bytes embedded in the library, any other from its folder
        CategoricalGenerator Load(out CategoricalModelInfo loaded)
        {
            var generator = builtIn ? BuiltInModel.Load(out loaded) : CategoricalGenerator.Load(request.ModelFolder!, out loaded);
            if (generator.Network is Nn.Transformer.TransformerNetwork transformer) transformer.CachedWeights = request.CachedWeights;
            return generator;
        }
        using var first = Load(out var info);
        var encoding = first.Encoding;
        int label = LabelIndex(encoding, request.Label);
        string? dataFolder = request.DataFolder ?? (!builtIn && Directory.Exists(info.Dataset) ? info.Dataset : null);
        using var dataset = dataFolder is null ? null : Dataset.Open(dataFolder);
        if (builtIn && dataset is null && request.Song is not null)
            throw new Dl4mException($"GenerationRequest.Song {request.Song}: the built-in model ships no dataset; give GenerationRequest.DataFolder", "GenerationRequest.Song");
        if (dataset is null && request.PrimerFile is null && !builtIn)
            throw new Dl4mException($"no primer: the dataset '{info.Dataset}' of train.json is gone; give GenerationRequest.DataFolder or GenerationRequest.PrimerFile");
        var options = SongWriter.ResolveCorpusDuration(request.Options, dataset);
        CategoricalGenerator.CheckOptions(options);
        if (request.PrimerFile is not null && label < 0 && encoding.Labels.Count > 0)
            notice?.Invoke($"no GenerationRequest.Label: the model's label input stays empty (it knows {string.Join(", ", encoding.Labels)})");

        var primers = new Primed[request.Count];
        for (int k = 0; k < request.Count; k++)
            primers[k] = PrimerOf(request, dataset, encoding, info.Lookback, label, unchecked(options.Seed + k));

        var results = new GeneratedFile[request.Count];
        double temperature = options.TemperatureFor(categorical: true);
        SongWriter.InParallel(() => Parallel.For(0, request.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, () => (CategoricalGenerator?)null, (k, loop, local) =>
        {
            var generator = k == 0 ? first : local ?? Load(out _);
            int seed = unchecked(options.Seed + k);
            var primer = primers[k];
            var song = generator.Generate(primer.Events, primer.Label, options with { Seed = seed }, primer.Meter);
            song = song.WithPrimerShift(primer.Shift);
            results[k] = output.Write(k, song, seed, primer.Source) with
            {
                Family = family ?? Training.ModelKind.Categorical,
                Temperature = options.Mode == GenerationMode.Round ? 0 : temperature,
                Label = primer.Label >= 0 ? encoding.Labels[primer.Label] : null,
                TempoSource = primer.TempoSource,
            };
            return k == 0 ? local : generator;
        }, local => local?.Dispose()));
        return results;
    }

    /// <summary>The one-hot index of <c>--label</c> (−1 when none is given).</summary>
    private static int LabelIndex(CategoricalEncoding encoding, string? label)
    {
        if (label is null) return -1;
        int index = encoding.LabelIndex(label);
        if (index >= 0) return index;
        throw new Dl4mException(encoding.Labels.Count == 0
            ? $"GenerationRequest.Label {label}: this model was trained without labels"
            : $"GenerationRequest.Label {label}: unknown label; the model knows {string.Join(", ", encoding.Labels)}");
    }

    /// <summary>
    /// A primer as the model needs it: the first look-back events of its song on the beat grid (<see cref="BeatTokens"/>),
    /// moved to C major / A minor when the model was trained so; and the song's meter: the tempo of <c>--bpm</c>, else
    /// the primer song's median tempo, else the corpus median of encoding.json, and the bar of the primer's last note.
    /// </summary>
    private static Primed PrimerOf(GenerationRequest request, Dataset? dataset, CategoricalEncoding encoding, int lookback, int label, int seed)
    {
        EventRecord[] events;
        string source;
        if (request.PrimerFile is not null)
        {
            events = Primer.FromMidiFile(request.PrimerFile, int.MaxValue, dataset?.Manifest.Options.Drums == "include");
            source = Path.GetFullPath(request.PrimerFile);
        }
        else if (dataset is null)
        {
            events = BuiltInModel.Tune(seed, out source); // only the built-in model gets here (see Run)
            // a built-in tune is melody over chords, like the files at the root of a corpus: condition on that label
            // rather than on none (training never left the label input empty)
            if (label < 0 && encoding.Labels.Count > 0) label = Math.Max(0, encoding.LabelIndex(BuiltInModel.TuneLabel));
        }
        else
        {
            string? wanted = label >= 0 ? encoding.Labels[label] : null;
            int song = request.Song ?? Primer.RandomValidationSong(dataset, new Random(seed), wanted);
            events = Primer.FromDataset(dataset, song, int.MaxValue);
            source = $"dataset song {song}: {dataset.Songs[song].Path}";
            if (label < 0) label = encoding.LabelIndex(dataset.Songs[song].Label); // −1 when the song's label is not the model's
        }
        int shift = encoding.NormalizeKey ? SongKeys.Shift(events) : 0; // the key of the whole song, estimated as training did
        var tokens = BeatTokens.Of(events);
        var primer = new CategoricalEvent[Math.Min(lookback, tokens.Length)];
        for (int i = 0; i < primer.Length; i++)
            primer[i] = tokens[i] with { Pitch = Math.Clamp(tokens[i].Pitch + shift, 0, 127) };
        var (bpm, tempoSource) = request.Bpm is { } given ? (given, TempoSources.Option)
            : BeatTokens.MedianBpm(events) is { } median ? (median, TempoSources.Primer)
            : (encoding.MedianBpm, TempoSources.Corpus);
        // canonical order only permutes notes within a grid step, so the record at the primer's end is in its last bar
        var meter = new SongMeter(bpm, BeatTokens.BarSteps(events[primer.Length - 1]));
        return new Primed(primer, label, shift, source, meter, tempoSource);
    }

    private sealed record Primed(CategoricalEvent[] Events, int Label, int Shift, string Source, SongMeter Meter, string TempoSource);
}
