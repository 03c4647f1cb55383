using Dl4m.Categorical;
using Dl4m.Data;
using Dl4m.Midi;

namespace Dl4m.Tests.Categorical;

/// <summary>
/// The categorical model's events on the beat grid, from real MIDI files through the real reader and dataset builder:
/// the same song re-timed (another tempo map, or every tick doubled with a doubled resolution) gives identical
/// tokens, and notes that land on one grid step come out low to high whatever order the file had them in.
/// </summary>
public sealed class BeatTokensTests
{
    /// <summary>
    /// (onset, length) in ticks at 480 per quarter, and pitch. File order puts each chord high to low; there are
    /// eighth triplets, a sixteenth, a note 0.26 beat late of its beat and a chord spread over 5 ticks.
    /// </summary>
    private static readonly (int On, int Length, int Pitch)[] Song =
    [
        (0, 480, 67), (0, 480, 64), (0, 480, 60),         // C major chord, written high to low
        (480, 160, 72), (640, 160, 74), (800, 160, 76),    // eighth triplets
        (960, 120, 77), (1080, 360, 79),                   // sixteenth, dotted eighth
        (1565, 240, 81),                                   // 1.26 beats after the last beat: snaps to 1¼
        (1925, 960, 69), (1922, 960, 65), (1920, 960, 62), // a chord rolled upwards over 5 ticks
        (2880, 480, 60),
    ];

    private static MidiFile File(int scale, params (int Tick, double Bpm)[] tempi)
    {
        var conductor = tempi.Select(t =>
        {
            int micros = (int)Math.Round(60_000_000 / t.Bpm);
            return MidiEvent.MetaEvent(t.Tick * scale, MetaType.SetTempo, [(byte)(micros >> 16), (byte)(micros >> 8), (byte)micros]);
        }).ToList();
        var notes = new List<(long Tick, int Order, MidiEvent Event)>();
        for (int i = 0; i < Song.Length; i++)
        {
            var (on, length, pitch) = Song[i];
            notes.Add(((long)on * scale, 1, MidiEvent.ChannelEvent((long)on * scale, MidiEventType.NoteOn, 0, pitch, 90)));
            notes.Add(((long)(on + length) * scale, 0, MidiEvent.ChannelEvent((long)(on + length) * scale, MidiEventType.NoteOff, 0, pitch)));
        }
        // stable sort: at one tick note-offs first, then the note-ons in the order of Song (high to low)
        var track = notes.Select((n, k) => (n, k)).OrderBy(p => p.n.Tick).ThenBy(p => p.n.Order).ThenBy(p => p.k).Select(p => p.n.Event).ToList();
        return new MidiFile(1, TimeDivision.Ppq(480 * scale), [new MidiTrack(conductor), new MidiTrack(track)]);
    }

    /// <summary>The three files prepared into one dataset (all train), by name.</summary>
    private static Dictionary<string, EventRecord[]> Prepared(TempFolder tmp)
    {
        MidiWriter.WriteFile(File(1), tmp.Combine("in", "plain.mid"));                                          // no tempo: 120 bpm
        MidiWriter.WriteFile(File(1, (0, 90), (960, 150), (1500, 70.5)), tmp.Combine("in", "tempo-map.mid"));    // a tempo map
        MidiWriter.WriteFile(File(2, (0, 100)), tmp.Combine("in", "double-ppq.mid"));                            // ticks ×2, PPQ 960
        new DatasetBuilder(new DatasetBuildOptions { Split = new SplitRatios(100, 0, 0), Threads = 1 }).Build(tmp.Combine("in"), tmp.Combine("data"));
        using var dataset = Dataset.Open(tmp.Combine("data"));
        return Enumerable.Range(0, dataset.Songs.Count).ToDictionary(s => Path.GetFileNameWithoutExtension(dataset.Songs[s].Path), s => dataset.SongEvents(s).ToArray());
    }

    [Fact]
    public void A_song_retimed_to_another_tempo_map_or_resolution_gives_identical_tokens()
    {
        using var tmp = new TempFolder();
        Directory.CreateDirectory(tmp.Combine("in"));
        var songs = Prepared(tmp);
        Assert.Equal(3, songs.Count);
        var plain = songs["plain"];
        // the files really differ in time: seconds between notes are not the same
        Assert.NotEqual(plain.Select(e => e.DeltaSeconds), songs["tempo-map"].Select(e => e.DeltaSeconds));
        Assert.NotEqual(plain.Select(e => e.DeltaSeconds), songs["double-ppq"].Select(e => e.DeltaSeconds));

        var tokens = BeatTokens.Of(plain);
        Assert.Equal(tokens, BeatTokens.Of(songs["tempo-map"]));
        Assert.Equal(tokens, BeatTokens.Of(songs["double-ppq"]));
        Assert.Equal(SongKeys.Shift(plain), SongKeys.Shift(songs["tempo-map"])); // key normalisation weighs beats, not seconds
        Assert.Equal(SongKeys.Shift(plain), SongKeys.Shift(songs["double-ppq"]));

        // the grid: onsets 0 0 0 | 12 16 20 | 24 27 | 39 (1.26 beats after 2.0 → 3.25 beats) | 48 48 48 | 72
        Assert.Equal([0, 0, 0, 12, 4, 4, 4, 3, 12, 9, 0, 0, 24], tokens.Select(t => t.DeltaSteps));
        Assert.Equal([12, 12, 12, 4, 4, 4, 3, 9, 6, 24, 24, 24, 12], tokens.Select(t => t.DurationSteps));
        Assert.Equal([0, 0, 0, 12, 16, 20, 24, 27, 39, 0, 0, 0, 24], tokens.Select(t => t.BarStep)); // 4/4 bars of 48 steps
    }

    [Fact]
    public void Notes_on_one_grid_step_come_out_low_to_high_whatever_the_file_order()
    {
        using var tmp = new TempFolder();
        Directory.CreateDirectory(tmp.Combine("in"));
        var plain = Prepared(tmp)["plain"];
        Assert.Equal([67, 64, 60], plain.Take(3).Select(e => (int)e.Note)); // the file's order
        var tokens = BeatTokens.Of(plain);
        Assert.Equal([60, 64, 67, 72, 74, 76, 77, 79, 81, 62, 65, 69, 60], tokens.Select(t => t.Pitch));

        // any permutation of a chord's records gives the same tokens
        var reversed = plain.ToArray();
        Array.Reverse(reversed, 9, 3); // the rolled chord, now high to low in the records, with its onsets kept in time order
        (reversed[9].DeltaBeats, reversed[11].DeltaBeats) = (reversed[11].DeltaBeats, reversed[9].DeltaBeats);
        Assert.Equal(tokens, BeatTokens.Of(reversed));
    }

    [Fact]
    public void Bar_positions_wrap_at_the_bar_and_tempo_medians_skip_unknown_tempi()
    {
        var waltz = new EventRecord { BarLength = 3, BarPosition = 2.999f };
        Assert.Equal(36, BeatTokens.BarSteps(waltz));
        Assert.Equal(0, BeatTokens.BarStep(waltz)); // rounded onto the next bar's downbeat
        Assert.Equal(48, BeatTokens.BarSteps(new EventRecord())); // no bar: 4/4
        Assert.Equal(6, BeatTokens.Advance(30, 12, 36));
        Assert.Equal(90.0, BeatTokens.MedianBpm([new() { Bpm = 80 }, new() { Bpm = 90 }, new() { Bpm = 0 }, new() { Bpm = 100 }]));
        Assert.Null(BeatTokens.MedianBpm([new() { Bpm = 0 }]));
    }
}
