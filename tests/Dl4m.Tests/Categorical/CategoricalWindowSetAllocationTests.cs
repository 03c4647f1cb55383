using Dl4m.Categorical;
using Dl4m.Data;
using Dl4m.Training;

namespace Dl4m.Tests.Categorical;

/// <summary>Drawing transpositions and filling a batch allocate nothing (measured on the test's own thread).</summary>
public class CategoricalWindowSetAllocationTests
{
    [Fact]
    public void Drawing_shifts_and_filling_a_batch_allocate_nothing()
    {
        using var tmp = new TempFolder();
        var random = new Random(2);
        var songs = Enumerable.Range(0, 6).Select(i => ($"{(i % 2 == 0 ? "a" : "b")}/s{i}.mid", TimedNotes.RandomWalk(random, 40))).ToArray();
        using var dataset = Dataset.Open(TimedNotes.Dataset(tmp, songs));
        var encoding = CategoricalEncodingBuilder.Fit(dataset, new CategoricalEncodingOptions { Notes = NoteTarget.Interval });
        var set = CategoricalWindowSet.Build(dataset, DatasetSplit.Train, encoding, 8, 4, TrainingMode.ManyToMany);
        int[] windows = [.. Enumerable.Range(0, 8).Select(i => i * 3 % set.Count)];
        var shifts = new int[windows.Length];
        var input = new float[windows.Length * 8 * set.InputSize];
        var target = new float[windows.Length * set.TargetRows * 4];
        void Step()
        {
            set.DrawTranspositions(windows, 5, random, shifts);
            set.FillBatch(windows, shifts, input, target);
            set.FillBatch(windows, [], input, target);
        }

        // the runtime may allocate on first calls (JIT, statics): take the cleanest of a few rounds of 10 steps
        long least = long.MaxValue;
        for (int round = 0; round < 10 && least > 0; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 10; i++) Step();
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        Assert.Equal(0, least);
        // pitch, velocity, Δ, duration, bar position (+ label), and per entry up to one lookback pitch (version 1), one
        // class per head (version 2), or a match flag and one class index per head (version 3)
        float plain = windows.Length * 8 * (encoding.Labels.Count > 0 ? 6 : 5);
        int perEntry = encoding.LookbackVersion switch
        {
            CategoricalEncoding.PitchLookback => 1,
            CategoricalEncoding.EventLookback => CategoricalEncoding.HeadCount,
            _ => 1 + CategoricalEncoding.HeadCount,
        };
        int nonzeros = input.Count(v => v != 0);
        Assert.InRange(nonzeros, plain + 1, plain + windows.Length * 8 * encoding.LookbackBars.Count * perEntry);
    }
}
