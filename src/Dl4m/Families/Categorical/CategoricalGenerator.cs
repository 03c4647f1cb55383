using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Reflection;
using Dl4m.Categorical;
using Dl4m.Generation;
using Dl4m.Generation.Sampling;
using Dl4m.Music;
using Dl4m.Nn;
using Dl4m.Nn.Transformer;
using Dl4m.Training;

namespace Dl4m.Families.Categorical;

/// <summary>
/// Writes new events with a categorical model: feeds the primer step by step, then at each step reads the output
/// row, draws the note (temperature, top-k, top-p, or beam search over the note head) and the velocity, Δtime and
/// duration heads, decodes the event and feeds it back. Durations are the model's own. Times are grid steps: the
/// generator tracks each note's bar position itself (the last primer note's, plus Δ, wrapping at the bar length)
/// and places the notes at a tempo (<see cref="SongMeter"/>), so they lie on the beat grid. One generator is not
/// thread-safe (its model's step buffers are shared); for songs in parallel load one generator per thread.
/// </summary>
public sealed class CategoricalGenerator : IDisposable
{
    /// <summary>Wraps a model whose input and output sizes match <paramref name="encoding"/>.</summary>
    /// <param name="model">LSTM(…) → Dense(<see cref="CategoricalEncoding.OutputSize"/>) over <see cref="CategoricalEncoding.InputSize"/> inputs,
    /// or a transformer of those sizes.</param>
    /// <param name="encoding">How events map to inputs and outputs.</param>
    /// <param name="lookback">Events per training window: the sliding window of <see cref="ContextMode.Window"/>.</param>
    /// <exception cref="Dl4mException">The sizes differ.</exception>
    public CategoricalGenerator(INetwork model, CategoricalEncoding encoding, int lookback = CategoricalModelInfo.DefaultLookback)
    {
        if (lookback < 1) throw new Dl4mException($"look-back {lookback} must be at least 1");
        if (model.InputSize != encoding.InputSize || model.OutputSize != encoding.OutputSize)
            throw new Dl4mException($"{ModelStore.ConfigFileName}: the model takes {model.InputSize} inputs and gives {model.OutputSize} outputs; {CategoricalEncodingJson.FileName} needs {encoding.InputSize} and {encoding.OutputSize}");
        Network = model;
        Encoding = encoding;
        Lookback = lookback;
    }

    /// <summary>Events per training window (train.json's look-back): the window of <see cref="ContextMode.Window"/>.</summary>
    public int Lookback { get; }

    /// <summary>The network (owned: disposed with the generator).</summary>
    public INetwork Network { get; }

    /// <summary>The LSTM model (the categorical family's).</summary>
    /// <exception cref="InvalidOperationException">The network is another kind (<see cref="Network"/>).</exception>
    public Model Model => Network as Model ?? throw new InvalidOperationException($"the generator runs a {Network.Describe()}, not an LSTM model");

    /// <summary>How events map to the model's inputs and outputs.</summary>
    public CategoricalEncoding Encoding { get; }

    /// <summary>Tests: sees every input row fed to the model, in order (lets a test compare generation's inputs with training's).</summary>
    internal Action<float[]>? InputObserver { get; set; }

    private static string Version =>
        typeof(CategoricalGenerator).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>
    /// Loads a categorical model folder written by <c>dl4m train --model categorical</c>: config.json,
    /// model.safetensors, train.json (dataset and look-back) and encoding.json.
    /// </summary>
    /// <exception cref="Dl4mException">The folder or one of its files is missing or unreadable; the message names the file.</exception>
    public static CategoricalGenerator Load(string modelFolder, out CategoricalModelInfo info)
    {
        if (!Directory.Exists(modelFolder)) throw new Dl4mException($"model folder '{modelFolder}' does not exist");
        foreach (string file in new[] { ModelStore.ConfigFileName, ModelStore.WeightsFileName, Trainer.RecordFileName, CategoricalEncodingJson.FileName })
            if (!File.Exists(Path.Combine(modelFolder, file)))
                throw new Dl4mException($"model folder '{modelFolder}' has no {file}: not a categorical model folder written by dl4m train (or training never reached a checkpoint)");
        var encoding = CategoricalEncodingJson.TryLoad(modelFolder)!; // errors name encoding.json
        info = CategoricalModelInfo.Read(modelFolder);
        INetwork model;
        try
        {
            // the transformer family shares the encoding, records and generator; its config.json says which network it is
            model = TransformerStore.IsTransformer(modelFolder) ? TransformerStore.Load(modelFolder) : ModelStore.Load(modelFolder);
        }
        catch (Exception e) when (e is not Dl4mException)
        {
            throw new Dl4mException($"model folder '{modelFolder}' cannot be used by dl4m {Version}: {e.Message}", e);
        }
        try
        {
            return new CategoricalGenerator(model, encoding, info.Lookback);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Generates one song after <paramref name="primer"/> (fed whole, in the model's key: the caller moves it to C
    /// major / A minor when <see cref="CategoricalEncoding.NormalizeKey"/>), conditioned on label index
    /// <paramref name="label"/> (−1: none). Round mode and temperature 0 are greedy; <see cref="GenerationOptions.Beam"/>
    /// above 0 searches the note head instead of sampling it. <see cref="ContextMode.Window"/> resets the state and feeds the
    /// last <see cref="Lookback"/> events again before every note, exactly as training windows start (look-back× slower).
    /// <paramref name="meter"/> (default: the corpus median tempo, 4/4) gives the bar the positions wrap at and the
    /// tempo the notes are placed at; the first note starts at its bar position, so the song's bars begin at 0.
    /// </summary>
    /// <exception cref="Dl4mException">Invalid or unsupported options, an empty primer, or an unknown label index.</exception>
    public GeneratedSong Generate(ReadOnlySpan<CategoricalEvent> primer, int label, GenerationOptions options, SongMeter? meter = null)
    {
        meter ??= new SongMeter(Encoding.MedianBpm);
        if (!(meter.Bpm is >= 10 and <= 400)) throw new Dl4mException($"tempo {meter.Bpm} bpm: must be between 10 and 400");
        if (meter.BarSteps < 1) throw new Dl4mException($"bar of {meter.BarSteps} grid steps: must be at least 1");
        CheckOptions(options);
        if (primer.IsEmpty) throw new Dl4mException("the primer has no note events");
        if (label < -1 || label >= Encoding.Labels.Count) throw new Dl4mException($"label index {label}: the model has {Encoding.Labels.Count} labels");
        var settings = options.Mode == GenerationMode.Round
            ? SamplingSettings.Greedy
            : new SamplingSettings(options.TemperatureFor(categorical: true), options.TopK, options.TopP);
        var heads = new CategoricalHeads(Encoding, options.LowNote, options.HighNote);
        var random = new Random(options.Seed);
        int limit = options.Seconds is null ? options.Notes : GenerationOptions.MaxNotes;

        var state = Network.CreateSequenceState();
        var input = new float[Encoding.InputSize];
        var output = new float[Encoding.OutputSize];
        // one throwaway step on a scratch state: the JIT compiles the kernels before the clock starts (see OriginalGenerator)
        Network.CreateSequenceState().Step(input, output);
        void Feed()
        {
            InputObserver?.Invoke(input);
            state.Step(input, output);
        }
        var clock = Stopwatch.StartNew();
        // the song so far (primer, then generated notes): the lookback inputs read it back up to the longest look-back
        var history = new List<CategoricalEvent>(primer.Length + (options.Seconds is null ? limit : 1024));
        var bars = Encoding.LookbackBars.ToArray();
        int lookbacks = Encoding.LookbackSlots; // suggestions, and version 3's aligned events after them
        var suggestions = new CategoricalEvent[lookbacks];
        foreach (var e in primer)
        {
            history.Add(e);
            LookbackFeatures.Suggest(Encoding, CollectionsMarshal.AsSpan(history), history.Count - 1, meter.BarSteps, bars, suggestions);
            Encoding.EncodeInput(e, label, suggestions, input);
            Feed();
        }
        int previous = primer[^1].Pitch;
        int bar = primer[^1].BarStep % meter.BarSteps;
        var events = new List<CategoricalEvent>(options.Seconds is null ? limit : 1024);
        double logProbability = 0;
        if (options.Beam > 0)
        {
            events.AddRange(new BeamSearch(Network, Encoding, heads, options.Beam) { InputObserver = InputObserver }
                .Run(state, output, primer, bar, meter.BarSteps, label, limit, settings, random, out logProbability, options.Cancellation));
        }
        else
        {
            bool window = options.Context == ContextMode.Window;
            // window mode: ring of the last look-back events (oldest at `oldest`) with the lookback inputs each had when
            // it was added, computed over the whole song as in training (not over the window)
            var recent = new CategoricalEvent[Lookback];
            var recentSuggestions = new CategoricalEvent[Lookback * lookbacks];
            int held = Math.Min(primer.Length, Lookback), oldest = 0;
            for (int i = 0; i < held; i++)
            {
                int index = primer.Length - held + i;
                recent[i] = primer[index];
                LookbackFeatures.Suggest(Encoding, CollectionsMarshal.AsSpan(history), index, meter.BarSteps, bars, recentSuggestions.AsSpan(i * lookbacks, lookbacks));
            }
            long steps = 0;
            while (events.Count < limit)
            {
                options.Cancellation.ThrowIfCancellationRequested();
                if (window && (events.Count > 0 || primer.Length > Lookback)) // the priming above fed the whole primer
                {
                    state.Reset();
                    for (int i = 0; i < held; i++)
                    {
                        int slot = (oldest + i) % Lookback;
                        Encoding.EncodeInput(recent[slot], label, recentSuggestions.AsSpan(slot * lookbacks, lookbacks), input);
                        Feed();
                    }
                }
                int noteClass = heads.ChooseNote(output, previous, settings, random, out double lp);
                var next = heads.Complete(noteClass, output, previous, settings, random);
                next = next with { BarStep = bar = BeatTokens.Advance(bar, next.DeltaSteps, meter.BarSteps) };
                steps = events.Count == 0 ? next.BarStep : steps + next.DeltaSteps; // the first note sits at its bar position
                if (options.Seconds is { } s && steps * meter.SecondsPerStep >= s) break;
                events.Add(next);
                history.Add(next);
                logProbability += lp;
                previous = next.Pitch;
                LookbackFeatures.Suggest(Encoding, CollectionsMarshal.AsSpan(history), history.Count - 1, meter.BarSteps, bars, suggestions);
                if (window)
                {
                    int slot;
                    if (held < Lookback) slot = held++;
                    else { slot = oldest; oldest = (oldest + 1) % Lookback; }
                    recent[slot] = next;
                    suggestions.CopyTo(recentSuggestions.AsSpan(slot * lookbacks, lookbacks));
                    continue;
                }
                Encoding.EncodeInput(next, label, suggestions, input);
                Feed();
            }
        }
        clock.Stop();
        return new GeneratedSong(Notes(events, options.Duration, meter), clock.Elapsed.TotalMilliseconds, primer.Length, 0)
        {
            NoteLogProbability = logProbability,
            Meter = meter,
        };
    }

    /// <summary>Throws a <see cref="Dl4mException"/> naming the option when <paramref name="options"/> are invalid or not for a categorical model.</summary>
    public static void CheckOptions(GenerationOptions options)
    {
        options.Validate();
        if (options.Context == ContextMode.Window && options.Beam > 0) throw new Dl4mException("GenerationOptions.Context window cannot be combined with GenerationOptions.Beam (each beam carries its own state)", "GenerationOptions.Beam");
        if (options.Beam > 0 && options.Seconds is not null) throw new Dl4mException("GenerationOptions.Beam needs GenerationOptions.Notes: beam search generates a fixed number of notes, not GenerationOptions.Seconds", "GenerationOptions.Beam");
        if (options.Duration is { Kind: DurationKind.Corpus, Seconds: <= 0 })
            throw new Dl4mException("GenerationOptions.Duration corpus: the corpus median is not known (resolve it with CorpusDuration.Median)", "GenerationOptions.Duration");
    }

    /// <summary>
    /// The events as notes at <paramref name="meter"/>'s tempo: the first onset at its bar position (so bar 1 starts
    /// at 0 and the file's bars are the model's), the others after it by their Δ steps; lengths learned (whole steps)
    /// or from <paramref name="rule"/>. Times are whole steps × seconds per step, so the file's ticks are exact.
    /// </summary>
    private static List<Note> Notes(List<CategoricalEvent> events, DurationRule? rule, SongMeter meter)
    {
        var notes = new List<Note>(events.Count);
        long step = 0;
        for (int i = 0; i < events.Count; i++)
        {
            var e = events[i];
            step = i == 0 ? e.BarStep : step + e.DeltaSteps;
            notes.Add(new Note(e.Pitch, e.Velocity, step * meter.SecondsPerStep, Math.Max(1, e.DurationSteps) * meter.SecondsPerStep));
        }
        if (rule is null) return notes;
        return rule.Apply(notes.ConvertAll(n => (n.Pitch, n.Velocity, n.StartSeconds)));
    }

    /// <summary>Disposes the model.</summary>
    public void Dispose() => Network.Dispose();
}
