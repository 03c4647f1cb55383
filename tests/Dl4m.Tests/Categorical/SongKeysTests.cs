using Dl4m.Categorical;
using Dl4m.Data;
using Dl4m.Evaluation;
using Dl4m.Music;

namespace Dl4m.Tests.Categorical;

public class SongKeysTests
{
    private static readonly int[] MajorSteps = [0, 2, 4, 5, 7, 9, 11];
    private static readonly int[] MinorSteps = [0, 2, 3, 5, 7, 8, 10]; // natural minor

    /// <summary>Two octaves of the scale of <paramref name="key"/> (0–23) up from <paramref name="octaveStart"/> + tonic, the tonic triad held longer.</summary>
    internal static EventRecord[] Scale(int key, int octaveStart = 48)
    {
        var steps = key < 12 ? MajorSteps : MinorSteps;
        var notes = new List<EventRecord>();
        for (int octave = 0; octave < 2; octave++)
            for (int degree = 0; degree < 7; degree++)
            {
                float seconds = degree switch { 0 => 1.0f, 2 or 4 => 0.5f, _ => 0.25f };
                notes.Add(new EventRecord
                {
                    Note = octaveStart + key % 12 + 12 * octave + steps[degree], Velocity = 80,
                    DeltaSeconds = notes.Count == 0 ? 0 : 0.25f, DurationSeconds = seconds,
                    DeltaBeats = notes.Count == 0 ? 0 : 0.5f, DurationBeats = 2 * seconds, // 120 bpm
                });
            }
        return [.. notes];
    }

    [Fact]
    public void Shifts_map_each_tonic_to_C_major_or_A_minor_within_minus6_plus5()
    {
        Assert.Equal(0, SongKeys.ShiftOf(0));       // C major
        Assert.Equal(-2, SongKeys.ShiftOf(2));      // D major → C
        Assert.Equal(-6, SongKeys.ShiftOf(6));      // F# major → C (down a tritone, not up)
        Assert.Equal(5, SongKeys.ShiftOf(7));       // G major → C above
        Assert.Equal(1, SongKeys.ShiftOf(11));      // B major → C
        Assert.Equal(0, SongKeys.ShiftOf(12 + 9));  // A minor
        Assert.Equal(5, SongKeys.ShiftOf(12 + 4));  // E minor → A
        Assert.Equal(-2, SongKeys.ShiftOf(12 + 11)); // B minor → A
        Assert.Equal(-3, SongKeys.ShiftOf(12 + 0)); // C minor → A below
        for (int key = 0; key < 24; key++)
        {
            int shift = SongKeys.ShiftOf(key);
            Assert.InRange(shift, -6, 5);
            Assert.Equal(key < 12 ? 0 : 9, ((key % 12 + shift) % 12 + 12) % 12);
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => SongKeys.ShiftOf(24));
    }

    [Fact]
    public void Synthetic_scales_in_every_key_are_found_and_shifted_home()
    {
        for (int key = 0; key < 24; key++)
        {
            var song = Scale(key);
            Assert.True(SongKeys.Key(song) == key, $"{KeyEstimator.Name(key)} scale estimated as {(SongKeys.Key(song) is { } k ? KeyEstimator.Name(k) : "none")}");
            int shift = SongKeys.Shift(song);
            Assert.Equal(SongKeys.ShiftOf(key), shift);
            var moved = song.Select(e => e with { Note = e.Note + shift }).ToArray();
            Assert.Equal(key < 12 ? 0 : 12 + 9, SongKeys.Key(moved));
            Assert.Equal(0, SongKeys.Shift(moved));
        }
    }

    [Fact]
    public void Durations_in_beats_weigh_the_histogram_and_counts_stand_in_when_all_are_zero()
    {
        EventRecord[] song =
        [
            new() { Note = 60, DurationBeats = 2f }, new() { Note = 72, DurationBeats = 1f }, new() { Note = 64, DurationBeats = 0.5f },
        ];
        var weights = SongKeys.Weights(song);
        Assert.Equal(3.0, weights[0]);
        Assert.Equal(0.5, weights[4]);
        Assert.Equal(3.5, weights.Sum());
        var counts = SongKeys.Weights(song.Select(e => e with { DurationBeats = 0 }).ToArray());
        Assert.Equal(2.0, counts[0]);
        Assert.Equal(1.0, counts[4]);
    }

    [Fact]
    public void No_estimate_means_no_shift()
    {
        Assert.Null(SongKeys.Key([]));
        Assert.Equal(0, SongKeys.Shift([]));
        // all twelve pitch classes equally long: a flat histogram has no key
        var chromatic = Enumerable.Range(60, 12).Select(p => new EventRecord { Note = p, DurationBeats = 0.5f }).ToArray();
        Assert.Null(SongKeys.Key(chromatic));
        Assert.Equal(0, SongKeys.Shift(chromatic));
    }
}
