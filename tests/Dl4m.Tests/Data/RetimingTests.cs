using Dl4m.Data;
using Dl4m.Data.Retiming;
using Dl4m.Midi;
using Dl4m.Tests.Midi;

namespace Dl4m.Tests.Data;

/// <summary>
/// The re-timing tool changes time in seconds and nothing in beats: Nottingham files and their re-timed versions
/// (constant 60 and 180 bpm, rubato, other resolutions) give the same beats, bar positions and bar lengths per event.
/// </summary>
public class RetimingTests
{
    private const float Tolerance = 1e-4f;

    private static EventRecord[] RoundTrip(MidiFile file, RetimeOptions options, int seed, out RetimeChoice choice, out MidiFile written)
    {
        var retimed = MidiRetimer.Apply(file, options, new Random(seed), "song.mid", out choice);
        written = MidiReader.Read(MidiWriter.Write(retimed), MidiReadSettings.Strict);
        return NoteEventExtractor.ExtractAll(written);
    }

    private static void AssertSameBeats(EventRecord[] expected, EventRecord[] actual, string what)
    {
        Assert.True(expected.Length == actual.Length, $"{what}: {actual.Length} events instead of {expected.Length}");
        for (int i = 0; i < expected.Length; i++)
        {
            var (a, b) = (expected[i], actual[i]);
            Assert.True(a.Note == b.Note && a.Velocity == b.Velocity && a.Channel == b.Channel && a.Program == b.Program && a.Flags == b.Flags,
                $"{what}, event {i}: note, velocity, channel, program or flags changed");
            Assert.True(Math.Abs(a.DeltaBeats - b.DeltaBeats) <= Tolerance, $"{what}, event {i}: Δbeats {b.DeltaBeats} vs {a.DeltaBeats}");
            Assert.True(Math.Abs(a.DurationBeats - b.DurationBeats) <= Tolerance, $"{what}, event {i}: duration beats {b.DurationBeats} vs {a.DurationBeats}");
            Assert.True(Math.Abs(a.BarPosition - b.BarPosition) <= Tolerance, $"{what}, event {i}: bar position {b.BarPosition} vs {a.BarPosition}");
            Assert.True(a.BarLength == b.BarLength, $"{what}, event {i}: bar length {b.BarLength} vs {a.BarLength}");
        }
    }

    private static IEnumerable<string> SomeNottinghamFiles() =>
        MidiFileFinder.Find(Corpus.Nottingham()!).Where((_, i) => i % 10 == 0).Select(f => f.FullPath);

    [CorpusFact]
    public void Nottingham_files_keep_their_beats_and_bars_under_every_tempo_map_and_resolution()
    {
        var versions = new (string Name, RetimeOptions Options)[]
        {
            ("constant 60", new RetimeOptions { Tempo = RetimeTempo.Constant, MinBpm = 60, MaxBpm = 60 }),
            ("constant 180", new RetimeOptions { Tempo = RetimeTempo.Constant, MinBpm = 180, MaxBpm = 180 }),
            ("rubato", new RetimeOptions { Tempo = RetimeTempo.Rubato }),
            ("ppq 480", new RetimeOptions { Ppq = [480] }),
            ("rubato, ppq random", new RetimeOptions { Tempo = RetimeTempo.Rubato, Ppq = RetimeOptions.RandomPpqChoices }),
        };
        int files = 0, rescaled = 0, signatureChanges = 0;
        var barLengths = new HashSet<float>();
        foreach (string path in SomeNottinghamFiles())
        {
            var source = MidiReader.ReadFile(path, MidiReadSettings.Strict);
            var original = NoteEventExtractor.ExtractAll(source);
            files++;
            signatureChanges += TimeSignatureMap.FromFile(source, TempoMap.FromFile(source)).Segments.Count - 1;
            foreach (var e in original) barLengths.Add(e.BarLength);
            for (int v = 0; v < versions.Length; v++)
            {
                var (name, options) = versions[v];
                var events = RoundTrip(source, options, files * 31 + v, out var choice, out _);
                AssertSameBeats(original, events, $"{Path.GetFileName(path)}, {name}");
                if (choice.Ppq != choice.SourcePpq) rescaled++;
                double originalSeconds = original.Sum(e => (double)e.DeltaSeconds), seconds = events.Sum(e => (double)e.DeltaSeconds);
                if (name == "constant 60") Assert.Equal(originalSeconds * 2, seconds, originalSeconds * 1e-4); // Nottingham plays at 120 bpm
                if (name == "constant 180") Assert.Equal(originalSeconds * 2 / 3, seconds, originalSeconds * 1e-4);
                if (name.StartsWith("rubato", StringComparison.Ordinal) && original.Length > 8)
                {
                    Assert.True(Math.Abs(originalSeconds - seconds) > 1e-3, $"{path}: rubato kept the timing");
                    Assert.True(events.Select(e => e.Bpm).Distinct().Count() > 1, $"{path}: rubato gave one tempo");
                }
            }
        }
        // The sample really exercises metres and resolutions: several bar lengths, changes of signature, re-scaled files.
        Assert.True(files > 300);
        Assert.True(barLengths.Count >= 4, $"bar lengths seen: {string.Join(", ", barLengths)}");
        Assert.True(signatureChanges > 0);
        Assert.True(rescaled > files, $"{rescaled} re-scaled versions of {files} files");
    }

    [CorpusFact]
    public void A_transposed_Nottingham_file_differs_only_in_its_notes()
    {
        foreach (string path in SomeNottinghamFiles().Take(40))
        {
            var source = MidiReader.ReadFile(path, MidiReadSettings.Strict);
            var original = NoteEventExtractor.ExtractAll(source);
            var events = RoundTrip(source, new RetimeOptions { Transpose = 5 }, 1, out var choice, out _);
            Assert.Equal(5, choice.Transpose);
            Assert.Equal(original.Length, events.Length);
            for (int i = 0; i < original.Length; i++)
            {
                Assert.Equal(Math.Min(127, original[i].Note + 5), events[i].Note);
                Assert.Equal(original[i] with { Note = 0 }, events[i] with { Note = 0 });
            }
        }
    }

    private static MidiEvent On(long tick, int channel, int note) => MidiEvent.ChannelEvent(tick, MidiEventType.NoteOn, channel, note, 100);
    private static MidiEvent Off(long tick, int channel, int note) => MidiEvent.ChannelEvent(tick, MidiEventType.NoteOff, channel, note, 0);

    /// <summary>A format 1 file at 480 PPQ: conductor with 4/4 and 100 bpm, then 32 bars of quarter notes on channel 0 and a drum on channel 9.</summary>
    private static MidiFile Song(int bars = 32, long tickOffset = 0)
    {
        var conductor = new MidiTrack([
            MidiEvent.MetaEvent(0, MetaType.TimeSignature, [4, 2, 24, 8]),
            MidiEvent.MetaEvent(0, MetaType.SetTempo, [0x09, 0x27, 0xC0]), // 600,000 µs: 100 bpm
            MidiEvent.MetaEvent(0, MetaType.EndOfTrack, []),
        ]);
        var notes = new List<MidiEvent>();
        for (int beat = 0; beat < bars * 4; beat++)
        {
            long t = beat * 480L + tickOffset;
            notes.Add(On(t, 0, 60 + beat % 12));
            notes.Add(On(t, 9, 36));
            notes.Add(Off(t + 240, 9, 36));
            notes.Add(Off(t + 480, 0, 60 + beat % 12));
        }
        notes.Add(MidiEvent.MetaEvent(notes[^1].Tick, MetaType.EndOfTrack, []));
        return new MidiFile(1, TimeDivision.Ppq(480), [conductor, new MidiTrack(notes)]);
    }

    [Fact]
    public void Rubato_changes_tempo_every_beat_within_a_quarter_of_its_base_and_slows_at_phrase_ends()
    {
        var retimed = MidiRetimer.Apply(Song(), new RetimeOptions { Tempo = RetimeTempo.Rubato }, new Random(7), "song.mid", out var choice);
        var tempi = retimed.Tracks[0].Events.Where(e => e.MetaType == MetaType.SetTempo && e.Type == MidiEventType.Meta).ToList();
        Assert.DoesNotContain(retimed.Tracks[1].Events, e => e.Type == MidiEventType.Meta && e.MetaType == MetaType.SetTempo);
        long lastTick = 32 * 4 * 480;
        Assert.Equal(32 * 4 + 1, tempi.Count); // beats 0..128: the last note-off is on beat 128
        Assert.Equal(Enumerable.Range(0, tempi.Count).Select(b => b * 480L), tempi.Select(e => e.Tick));
        Assert.Equal(lastTick, retimed.Tracks[0].Events[^1].Tick); // the conductor's end-of-track moved after its last tempo
        double baseBpm = choice.Bpm!.Value;
        Assert.InRange(baseBpm, 60, 180);
        var bpm = tempi.Select(e => 60e6 / ((e.Payload![0] << 16) | (e.Payload[1] << 8) | e.Payload[2])).ToArray();
        Assert.All(bpm, b => Assert.InRange(b, baseBpm * 0.75 - 0.01, baseBpm * 1.25 + 0.01));
        // The last beat of every 4-bar phrase is slower than the phrase's first beat, on average by about the ritardando.
        var phraseStarts = Enumerable.Range(0, 8).Select(p => bpm[p * 16]).ToArray();
        var phraseEnds = Enumerable.Range(0, 8).Select(p => bpm[p * 16 + 15]).ToArray();
        Assert.True(phraseEnds.Average() < phraseStarts.Average() * 0.9, $"phrase ends {phraseEnds.Average():F1} bpm vs starts {phraseStarts.Average():F1}");
        // Smooth: neighbouring beats within a phrase never jump by more than 15 %.
        for (int b = 1; b < bpm.Length; b++)
            if (b % 16 != 0) Assert.InRange(bpm[b] / bpm[b - 1], 0.85, 1.15);
    }

    [Fact]
    public void Constant_tempo_replaces_every_tempo_event_with_one_drawn_from_the_range()
    {
        var options = RetimeOptions.Parse("constant:70-90", null, null, 3);
        var retimed = MidiRetimer.Apply(Song(2), options, new Random(1), "song.mid", out var choice);
        var tempo = Assert.Single(retimed.Tracks.SelectMany(t => t.Events), e => e.Type == MidiEventType.Meta && e.MetaType == MetaType.SetTempo);
        Assert.Equal(0, tempo.Tick);
        Assert.InRange(choice.Bpm!.Value, 70, 90);
        Assert.Equal(choice.Bpm.Value, NoteEventExtractor.ExtractAll(retimed)[0].Bpm, 0.01);
    }

    [Fact]
    public void Resolution_changes_only_when_every_tick_maps_exactly()
    {
        var song = Song(2);
        var exact = MidiRetimer.Apply(song, new RetimeOptions { Ppq = [192] }, new Random(1), "a.mid", out var choice);
        Assert.Equal((192, 480), (choice.Ppq, choice.SourcePpq));
        Assert.Equal(192, exact.Division.TicksPerQuarter);
        Assert.Equal(96, exact.Tracks[1].Events[2].Tick); // the drum's note-off, an eighth note in

        var odd = Song(2, tickOffset: 1); // tick 1 × 192 / 480 is not whole
        var kept = MidiRetimer.Apply(odd, new RetimeOptions { Ppq = [192] }, new Random(1), "b.mid", out choice);
        Assert.Equal((480, 480), (choice.Ppq, choice.SourcePpq));
        Assert.Same(odd.Tracks, kept.Tracks);
        var drawn = MidiRetimer.Apply(odd, new RetimeOptions { Ppq = [192, 384, 960] }, new Random(1), "c.mid", out choice);
        Assert.Equal(960, choice.Ppq); // the only one of the three that tick 1 maps to exactly: the draw is among those
        Assert.Equal(960, drawn.Division.TicksPerQuarter);
        Assert.Equal(2, drawn.Tracks[1].Events[0].Tick);
    }

    [Fact]
    public void Transposition_moves_every_non_drum_note_and_clamps_into_range()
    {
        var song = Song(1);
        var up = MidiRetimer.Apply(song, new RetimeOptions { Transpose = 70 }, new Random(1), "a.mid", out _);
        var pairs = song.Tracks[1].Events.Zip(up.Tracks[1].Events).ToList();
        Assert.All(pairs, p => Assert.Equal(p.First.Channel == 9 || p.First.Type == MidiEventType.Meta ? p.First.Data1 : Math.Min(127, p.First.Data1 + 70), p.Second.Data1));
        Assert.All(pairs, p => Assert.Equal(p.First with { Data1 = 0 }, p.Second with { Data1 = 0 }));
        Assert.Contains(pairs, p => p.Second.Data1 == 127 && p.First.Data1 + 70 > 127);
        var random = MidiRetimer.Apply(song, new RetimeOptions { TransposeRange = 6 }, new Random(5), "a.mid", out var choice);
        Assert.InRange(choice.Transpose, -6, 6);
        Assert.Equal(song.Tracks[1].Events[0].Data1 + choice.Transpose, random.Tracks[1].Events[0].Data1);
    }

    [Theory]
    [InlineData("fast", null, null, "RetimeOptions.Tempo 'fast'")]
    [InlineData("constant:180-60", null, null, "must go up")]
    [InlineData("constant:0-60", null, null, "must go up from 5")]
    [InlineData("constant:abc", null, null, "constant:MIN-MAX")]
    [InlineData("keep", "0", null, "RetimeOptions.Ppq '0'")]
    [InlineData("keep", "40000", null, "RetimeOptions.Ppq '40000'")]
    [InlineData("keep", null, "random:0", "random:K needs K")]
    [InlineData("keep", null, "up", "RetimeOptions.Transpose 'up'")]
    public void Bad_options_are_one_line_errors_naming_the_option(string tempo, string? ppq, string? transpose, string expected)
    {
        var e = Assert.Throws<Dl4mException>(() => RetimeOptions.Parse(tempo, ppq, transpose, 0));
        Assert.Contains(expected, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Options_parse_their_command_line_forms()
    {
        var o = RetimeOptions.Parse("constant:60-180", "random", "random:6", 9);
        Assert.Equal((RetimeTempo.Constant, 60.0, 180.0, 6, 9), (o.Tempo, o.MinBpm, o.MaxBpm, o.TransposeRange, o.Seed));
        Assert.Equal([192, 384, 480, 960], o.Ppq);
        var p = RetimeOptions.Parse("constant:100", "384", "-3", 0);
        Assert.Equal((100.0, 100.0, -3), (p.MinBpm, p.MaxBpm, p.Transpose));
        Assert.Equal([384], p.Ppq);
        Assert.Equal(RetimeTempo.Rubato, RetimeOptions.Parse("rubato", null, null, 0).Tempo);
    }

    [Fact]
    public void A_folder_is_retimed_into_the_same_subfolders_deterministically_by_seed()
    {
        using var temp = new TempFolder();
        string source = Path.Combine(temp.Path, "src");
        Directory.CreateDirectory(Path.Combine(source, "a", "deep"));
        File.WriteAllBytes(Path.Combine(source, "top.mid"), TinyMidi.Notes(0, 60, 62, 64));
        File.WriteAllBytes(Path.Combine(source, "a", "one.mid"), TinyMidi.Notes(1, 65, 67));
        File.WriteAllBytes(Path.Combine(source, "a", "deep", "two.MID"), TinyMidi.Notes(2, 48, 50, 52, 53));
        File.WriteAllText(Path.Combine(source, "a", "bad.mid"), "not midi");
        var options = RetimeOptions.Parse("rubato", "random", "random:6", 11);

        var first = RetimeCorpus.Run(source, Path.Combine(temp.Path, "out1"), options, threads: 2);
        var second = RetimeCorpus.Run(source, Path.Combine(temp.Path, "out2"), options, threads: 1);
        var other = RetimeCorpus.Run(source, Path.Combine(temp.Path, "out3"), options with { Seed = 12 }, threads: 2);

        Assert.Equal(["a/deep/two.MID", "a/one.mid", "top.mid"], first.Written.Select(c => c.Path));
        Assert.Equal("a/bad.mid", Assert.Single(first.Failures).Path);
        foreach (var c in first.Written)
        {
            byte[] a = File.ReadAllBytes(Path.Combine(temp.Path, "out1", c.Path));
            Assert.Equal(a, File.ReadAllBytes(Path.Combine(temp.Path, "out2", c.Path)));
            Assert.NotEqual(a, File.ReadAllBytes(Path.Combine(temp.Path, "out3", c.Path)));
            var back = MidiReader.Read(a, MidiReadSettings.Strict);
            var original = NoteEventExtractor.ExtractAll(MidiReader.ReadFile(Path.Combine(source, c.Path)));
            var events = NoteEventExtractor.ExtractAll(back);
            Assert.Equal(original.Select(e => e.DeltaBeats), events.Select(e => e.DeltaBeats));
            Assert.Equal(original.Select(e => e.Note + c.Transpose), events.Select(e => e.Note));
        }
        Assert.Equal(first.Written, second.Written);
        Assert.False(File.Exists(Path.Combine(temp.Path, "out1", "a", "bad.mid")));
        string log = File.ReadAllText(Path.Combine(temp.Path, "out1", RetimeCorpus.LogName));
        Assert.Contains("\"tempo\": \"rubato\"", log);
        Assert.Contains("\"path\": \"a/one.mid\"", log);

        var notEmpty = Assert.Throws<Dl4mException>(() => RetimeCorpus.Run(source, Path.Combine(temp.Path, "out1"), options, 1));
        Assert.Contains("not empty", notEmpty.Message);
        var inside = Assert.Throws<Dl4mException>(() => RetimeCorpus.Run(source, Path.Combine(source, "copy"), options, 1));
        Assert.Contains("inside the source folder", inside.Message);
    }
}
