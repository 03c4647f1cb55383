using Dl4m.Data;
using Dl4m.Evaluation;
using Dl4m.Evaluation.Baselines;
using Dl4m.Midi;
using Dl4m.Tests.Data;
using Dl4m.Tests.Training;

namespace Dl4m.Tests.Evaluation;

public sealed class BaselineTests
{
    private static BaselineNote Note(int pitch, double delta = 0.25, double duration = 0.2) => new(pitch, 80, delta, duration);

    private static TrainingSongs Songs(params int[][] pitches) =>
        new(pitches.Select(song => song.Select((p, i) => Note(p, i == 0 ? 0 : 0.25)).ToArray()).ToList());

    [Theory]
    [InlineData(BaselineKind.Random)]
    [InlineData(BaselineKind.Markov)]
    [InlineData(BaselineKind.Copy)]
    public void Writes_readable_type_1_files_with_a_note_off_for_every_note(BaselineKind kind)
    {
        using var tmp = new TempFolder();
        string data = TinyDataset.Build(tmp, songs: 12, notes: 40);
        var files = BaselineGenerator.Write(data, tmp.Combine("out"), new BaselineOptions { Kind = kind, Count = 3, Notes = 25, Seed = 5 });

        Assert.Equal(3, files.Count);
        foreach (string path in files)
        {
            var midi = MidiReader.ReadFile(path);
            Assert.Equal(1, midi.Format);
            Assert.Equal(480, midi.Division.TicksPerQuarter);
            var events = midi.Tracks.SelectMany(t => t.Events).ToList();
            Assert.Contains(events, e => e.Type == MidiEventType.Meta && e.MetaType == MetaType.SetTempo);
            int ons = events.Count(e => e.IsNoteOn), offs = events.Count(e => e.IsNoteOff);
            Assert.Equal(ons, offs);
            Assert.Equal(25, ons); // every tiny song has at least 40 notes, so copies are full length too
            Assert.Equal(25, SongMetricsCalculator.Compute(midi).NoteCount);
        }
    }

    [Fact]
    public void The_same_seed_gives_the_same_files_and_another_seed_other_files()
    {
        using var tmp = new TempFolder();
        string data = TinyDataset.Build(tmp);
        byte[] Bytes(string name, int seed) => File.ReadAllBytes(BaselineGenerator.Write(data, tmp.Combine(name), new BaselineOptions { Kind = BaselineKind.Markov, Count = 1, Seed = seed })[0]);
        Assert.Equal(Bytes("a", 1), Bytes("b", 1));
        Assert.NotEqual(Bytes("a2", 1), Bytes("c", 2));
    }

    [Fact]
    public void Refuses_a_non_empty_output_without_force_and_a_folder_that_is_not_a_dataset()
    {
        using var tmp = new TempFolder();
        string data = TinyDataset.Build(tmp);
        tmp.Write("out/keep.txt", [1]);
        var e = Assert.Throws<Dl4mException>(() => BaselineGenerator.Write(data, tmp.Combine("out"), new BaselineOptions()));
        Assert.Contains("not empty", e.Message);

        var files = BaselineGenerator.Write(data, tmp.Combine("out"), new BaselineOptions { Count = 2, Force = true });
        Assert.Equal(["random-0001.mid", "random-0002.mid"], Directory.GetFiles(tmp.Combine("out")).Select(Path.GetFileName).Order());
        Assert.Equal(2, files.Count);

        e = Assert.Throws<Dl4mException>(() => BaselineGenerator.Write(tmp.Combine("out"), tmp.Combine("x"), new BaselineOptions()));
        Assert.Contains("not a dl4m dataset", e.Message);
        e = Assert.Throws<Dl4mException>(() => BaselineGenerator.Write(data, tmp.Combine("y"), new BaselineOptions { Kind = BaselineKind.Markov, Order = 9 }));
        Assert.Contains("BaselineOptions.Order must be 1 to 4", e.Message);
        Assert.False(Directory.Exists(tmp.Combine("x")));
    }

    [Fact]
    public void A_dataset_without_train_songs_is_a_clear_error()
    {
        using var tmp = new TempFolder();
        tmp.Write("in/a.mid", FakeMidiParser.Bytes("FAKE", (60, 90), (62, 90)));
        new DatasetBuilder(new DatasetBuildOptions { Split = new SplitRatios(0, 100, 0), Threads = 1 }, FakeMidiParser.Parse)
            .Build(tmp.Combine("in"), tmp.Combine("data"));
        var e = Assert.Throws<Dl4mException>(() => TrainingSongs.Load(tmp.Combine("data")));
        Assert.Contains("no train-split songs", e.Message);
    }

    [Fact]
    public void Markov_reproduces_a_song_whose_states_each_have_one_follower()
    {
        int[] tune = [60, 62, 64, 60, 62, 67, 65, 64, 62, 60];
        var markov = new MarkovBaseline(Songs(tune), order: 2);
        var song = markov.Generate(new Random(1), tune.Length);
        Assert.Equal(tune, song.Select(n => n.Pitch));
        Assert.Equal(0, song[0].DeltaSeconds);
        Assert.All(song.Skip(1), n => Assert.Equal(0.25, n.DeltaSeconds));
    }

    [Fact]
    public void Markov_backs_off_to_lower_orders_for_states_it_never_saw()
    {
        // Order 2 after (60, 62) only ever saw 64; after (64, 60) it never saw anything but 62 → (60, 62) again.
        var markov = new MarkovBaseline(Songs([60, 62, 64], [64, 60, 62]), order: 2);
        var song = markov.Generate(new Random(4), 40);
        Assert.Equal(40, song.Count);
        Assert.All(song, n => Assert.Contains(n.Pitch, new[] { 60, 62, 64 }));
    }

    [Fact]
    public void Copy_takes_a_contiguous_run_of_one_training_song_and_random_only_corpus_values()
    {
        int[][] songs = [[60, 61, 62, 63, 64, 65, 66, 67], [70, 71, 72]];
        var training = Songs(songs);
        var random = new Random(9);
        for (int i = 0; i < 20; i++)
        {
            var copy = new CopyBaseline(training).Generate(random, 5).Select(n => n.Pitch).ToArray();
            var source = songs.First(s => s.Contains(copy[0]));
            Assert.Equal(Math.Min(5, source.Length), copy.Length);
            int start = Array.IndexOf(source, copy[0]);
            Assert.Equal(source.AsSpan(start, copy.Length).ToArray(), copy);

            var noise = new RandomBaseline(training).Generate(random, 30);
            Assert.All(noise, n => Assert.Contains(n.Pitch, songs.SelectMany(s => s)));
            Assert.All(noise.Skip(1), n => Assert.Contains(n.DeltaSeconds, new[] { 0, 0.25 }));
        }
    }
}
