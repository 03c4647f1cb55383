using Dl4m.Evaluation;

namespace Dl4m.Tests.Evaluation;

public sealed class CopyLengthIndexTests
{
    private static byte[] RandomPitches(Random random, int count, int low, int high)
    {
        var pitches = new byte[count];
        for (int i = 0; i < count; i++) pitches[i] = (byte)random.Next(low, high);
        return pitches;
    }

    // The definition, checked the slow way: every start in the query against every start in every song.
    private static int BruteForce(IReadOnlyList<byte[]> songs, byte[] query)
    {
        int best = 0;
        foreach (var song in songs)
            for (int i = 0; i < query.Length; i++)
                for (int j = 0; j < song.Length; j++)
                {
                    int k = 0;
                    while (i + k < query.Length && j + k < song.Length && query[i + k] == song[j + k]) k++;
                    best = Math.Max(best, k);
                }
        return best;
    }

    [Fact]
    public void Matches_brute_force_on_small_alphabets_where_runs_repeat()
    {
        var random = new Random(7);
        for (int trial = 0; trial < 40; trial++)
        {
            var songs = Enumerable.Range(0, random.Next(1, 5)).Select(_ => RandomPitches(random, random.Next(1, 40), 60, 63)).ToList();
            var index = new CopyLengthIndex(songs);
            for (int q = 0; q < 5; q++)
            {
                var query = RandomPitches(random, random.Next(0, 30), 59, 63);
                Assert.Equal(BruteForce(songs, query), index.LongestCopy(query));
            }
        }
    }

    [Fact]
    public void A_copied_excerpt_gives_its_full_length_and_random_notes_give_small_values()
    {
        var random = new Random(3);
        var songs = Enumerable.Range(0, 50).Select(_ => RandomPitches(random, 300, 48, 84)).ToList();
        var index = new CopyLengthIndex(songs);
        Assert.True(index.StateCount <= 2 * (50 * 301) + 1);

        // 80 notes of song 17, framed by pitches no reference song uses.
        byte[] copy = [20, .. songs[17].AsSpan(100, 80), 21];
        Assert.Equal(80, index.LongestCopy(copy));

        var fresh = RandomPitches(random, 300, 48, 84);
        int copied = index.LongestCopy(fresh);
        Assert.InRange(copied, 1, 6); // 36 pitches: a shared run of 4 is already rare among 15,000 positions
    }

    [Fact]
    public void A_transposed_copy_counts_only_as_intervals()
    {
        var random = new Random(5);
        var songs = Enumerable.Range(0, 20).Select(_ => RandomPitches(random, 200, 48, 84)).ToList();
        var exact = new CopyLengthIndex(songs);
        var intervals = new CopyLengthIndex(songs, transpositionInvariant: true);
        Assert.True(intervals.TranspositionInvariant);

        byte[] transposed = songs[4].AsSpan(50, 60).ToArray().Select(p => (byte)(p + 5)).ToArray();
        Assert.InRange(exact.LongestCopy(transposed), 0, 6);
        Assert.Equal(60, intervals.LongestCopy(transposed)); // 59 equal intervals span 60 notes
        Assert.Equal(60, intervals.LongestCopy(songs[4].AsSpan(50, 60).ToArray()));
        Assert.Equal(1, intervals.LongestCopy([100]));
        Assert.Equal(0, new CopyLengthIndex([], transpositionInvariant: true).LongestCopy([60, 62]));
    }

    [Fact]
    public void A_run_never_spans_two_reference_songs()
    {
        var index = new CopyLengthIndex([new byte[] { 60, 62 }, new byte[] { 64, 65 }]);
        Assert.Equal(2, index.LongestCopy([60, 62, 64, 65]));
        Assert.Equal(0, index.LongestCopy([]));
        Assert.Equal(0, new CopyLengthIndex([]).LongestCopy([60, 62]));
    }
}
