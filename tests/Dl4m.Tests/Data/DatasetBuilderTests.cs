using Dl4m.Data;

namespace Dl4m.Tests.Data;

public class DatasetBuilderTests
{
    private static readonly byte[] Song1 = FakeMidiParser.Bytes("FAKE", (60, 100), (62, 90), (64, 80));
    private static readonly byte[] Song2 = FakeMidiParser.Bytes("FAKE", (48, 50));
    private static readonly byte[] Song3 = FakeMidiParser.Bytes("SALV", (70, 60), (71, 61));

    private static DatasetManifest Build(string input, string output, DatasetBuildOptions? options = null) =>
        new DatasetBuilder(options ?? new DatasetBuildOptions(), FakeMidiParser.Parse).Build(input, output);

    /// <summary>A corpus with labels, mixed-case extensions, a duplicate, a broken file and a non-MIDI file.</summary>
    private static void WriteCorpus(TempFolder tmp)
    {
        tmp.Write("in/root.mid", Song1);
        tmp.Write("in/jazz/a.MID", Song2);
        tmp.Write("in/jazz/deep/b.Kar", Song3);
        tmp.Write("in/rock/copy.midi", Song1); // same bytes as root.mid, which comes later in path order
        tmp.Write("in/rock/broken.rmi", "RIFF? no"u8.ToArray());
        tmp.Write("in/rock/notes.txt", Song2);  // not a MIDI extension: ignored
    }

    [Fact]
    public void Builds_counts_labels_duplicates_failures_and_events()
    {
        using var tmp = new TempFolder();
        WriteCorpus(tmp);
        var manifest = Build(tmp.Combine("in"), tmp.Combine("out"));

        var c = manifest.Counts;
        Assert.Equal((5L, 4L, 1L, 1L, 1L, 3L), (c.Files, c.Parsed, c.Salvaged, c.Failed, c.Duplicates, c.Songs));
        Assert.Equal(3 + 1 + 2 + 3, c.NoteOns); // duplicates count as note-ons (mido parity), not as events
        Assert.Equal(6, c.Events);
        Assert.Equal(["(root)", "jazz", "rock"], manifest.Labels.Keys);
        Assert.Equal(2, manifest.Labels["jazz"].Songs);
        Assert.Equal(0, manifest.Labels["(root)"].Songs);
        Assert.Equal((2L, 1L, 0L), (manifest.Labels["rock"].Files, manifest.Labels["rock"].Failed, manifest.Labels["rock"].Duplicates));
        Assert.Equal(1, manifest.Labels["(root)"].Duplicates);
        Assert.Equal([new DuplicateEntry("root.mid", "rock/copy.midi")], manifest.Duplicates);
        Assert.Equal("rock/broken.rmi", Assert.Single(manifest.Failures).Path);
        Assert.Contains("not a MIDI file", manifest.Failures[0].Reason);
        Assert.Equal(3, manifest.Splits.Values.Sum(s => s.Songs));
        Assert.Equal(6, manifest.Splits.Values.Sum(s => s.Events));
        Assert.Equal("exclude", manifest.Options.Drums);
        Assert.DoesNotContain(Directory.GetDirectories(tmp.Path), d => d.Contains(".tmp-"));

        using var dataset = Dataset.Open(tmp.Combine("out"));
        Assert.Equal(["jazz/a.MID", "jazz/deep/b.Kar", "rock/copy.midi"], dataset.Songs.Select(s => s.Path));
        Assert.Equal(6, dataset.EventCount);
        Assert.Equal([48f], dataset.SongEvents(0).ToArray().Select(e => e.Note));
        Assert.Equal([70f, 71f], dataset.SongEvents(1).ToArray().Select(e => e.Note));
        Assert.True(dataset.Songs[1].Salvaged);
        Assert.Equal("at byte 4: test damage", dataset.Songs[1].SalvageReason); // where and what, kept in songs.json
        Assert.Null(dataset.Songs[0].SalvageReason);
        var root = dataset.SongEvents(2);
        Assert.Equal([60f, 62f, 64f], root.ToArray().Select(e => e.Note));
        Assert.Equal(0.5f, root[1].DeltaSeconds, 6);
        Assert.Equal(0.25f, root[1].DurationSeconds, 6);
        Assert.Equal(1f, root[1].DeltaBeats, 6);
        Assert.Equal(manifest.Counts.Events, dataset.Manifest.Counts.Events);
    }

    [Fact]
    public void Normalisation_statistics_come_from_the_train_split_only()
    {
        using var tmp = new TempFolder();
        WriteCorpus(tmp);
        var manifest = Build(tmp.Combine("in"), tmp.Combine("out"));
        using var dataset = Dataset.Open(tmp.Combine("out"));
        var trainNotes = dataset.SongsIn(DatasetSplit.Train).SelectMany(i => dataset.SongEvents(i).ToArray()).Select(e => (double)e.Note).ToList();

        var note = manifest.Normalization["note"];
        Assert.Equal(trainNotes.Count, note.Count);
        if (trainNotes.Count > 0)
        {
            Assert.Equal(trainNotes.Average(), note.Mean, 9);
            Assert.Equal(trainNotes.Min(), note.Min);
        }
        Assert.Equal(["note", "velocity", "delta_seconds", "duration_seconds", "delta_beats"], manifest.Normalization.Keys);
    }

    [Fact]
    public void Output_is_byte_identical_whatever_the_thread_count()
    {
        using var tmp = new TempFolder();
        for (int i = 0; i < 200; i++)
            tmp.Write($"in/g{i % 3}/s{i}.mid", FakeMidiParser.Bytes("FAKE", (i % 128, 1 + i % 100), (40, 50 + i % 20)));
        Build(tmp.Combine("in"), tmp.Combine("one"), new DatasetBuildOptions { Threads = 1 });
        Build(tmp.Combine("in"), tmp.Combine("four"), new DatasetBuildOptions { Threads = 4 });
        foreach (var file in new[] { DatasetFormat.ManifestFile, DatasetFormat.SongsFile, DatasetFormat.EventsFile })
            Assert.Equal(File.ReadAllBytes(tmp.Combine("one", file)), File.ReadAllBytes(tmp.Combine("four", file)));
    }

    [Fact]
    public void Event_file_starts_with_the_documented_header()
    {
        using var tmp = new TempFolder();
        tmp.Write("in/a.mid", Song1);
        Build(tmp.Combine("in"), tmp.Combine("out"));
        var bytes = File.ReadAllBytes(tmp.Combine("out", DatasetFormat.EventsFile));
        Assert.Equal("DL4MEVT1"u8.ToArray(), bytes[..8]);
        Assert.Equal(3u, BitConverter.ToUInt32(bytes, 8)); // 3: durations by Music.NotePairing
        Assert.Equal(40u, BitConverter.ToUInt32(bytes, 12));
        Assert.Equal(3ul, BitConverter.ToUInt64(bytes, 16));
        Assert.Equal(32u, BitConverter.ToUInt32(bytes, 24));
        Assert.Equal(32 + 3 * 40, bytes.Length);
        Assert.Equal(62f, BitConverter.ToSingle(bytes, 32 + 40)); // second record's note
    }

    [Fact]
    public void Missing_input_folder_is_a_clear_error()
    {
        using var tmp = new TempFolder();
        var e = Assert.Throws<Dl4mException>(() => Build(tmp.Combine("nope"), tmp.Combine("out")));
        Assert.Contains("does not exist", e.Message);
        Assert.Contains("nope", e.Message);
    }

    [Fact]
    public void Folder_without_midi_files_is_a_clear_error_and_writes_nothing()
    {
        using var tmp = new TempFolder();
        tmp.Write("in/readme.txt", [1, 2, 3]);
        var e = Assert.Throws<Dl4mException>(() => Build(tmp.Combine("in"), tmp.Combine("out")));
        Assert.Contains("no MIDI files", e.Message);
        Assert.Single(Directory.GetFileSystemEntries(tmp.Path));
    }

    [Fact]
    public void Nothing_readable_is_an_error_and_leaves_no_output_or_temporary_folder()
    {
        using var tmp = new TempFolder();
        tmp.Write("in/a.mid", "garbage"u8.ToArray());
        tmp.Write("in/b.mid", []);
        var e = Assert.Throws<Dl4mException>(() => Build(tmp.Combine("in"), tmp.Combine("out")));
        Assert.Contains("none of the 2 MIDI files", e.Message);
        Assert.Single(Directory.GetFileSystemEntries(tmp.Path));
    }

    [Fact]
    public void Non_empty_output_is_refused_without_force_and_replaced_with_it()
    {
        using var tmp = new TempFolder();
        tmp.Write("in/a.mid", Song1);
        tmp.Write("out/keep.txt", [42]);
        var e = Assert.Throws<Dl4mException>(() => Build(tmp.Combine("in"), tmp.Combine("out")));
        Assert.Contains("use force", e.Message);
        Assert.True(File.Exists(tmp.Combine("out", "keep.txt")));

        Build(tmp.Combine("in"), tmp.Combine("out"), new DatasetBuildOptions { Force = true });
        Assert.False(File.Exists(tmp.Combine("out", "keep.txt")));
        Assert.True(File.Exists(tmp.Combine("out", DatasetFormat.ManifestFile)));
        Assert.Equal(["in", "out"], Directory.GetFileSystemEntries(tmp.Path).Select(Path.GetFileName).Order());
    }

    [Theory]
    [InlineData("in")]
    [InlineData("")]
    public void Output_that_is_or_holds_the_input_is_refused_even_with_force(string output)
    {
        using var tmp = new TempFolder();
        tmp.Write("in/a.mid", Song1);
        var e = Assert.Throws<Dl4mException>(() => Build(tmp.Combine("in"), tmp.Combine(output), new DatasetBuildOptions { Force = true }));
        Assert.Contains("contains the input folder", e.Message);
        Assert.True(File.Exists(tmp.Combine("in", "a.mid")));
    }

    [Fact]
    public void Empty_existing_output_folder_is_used()
    {
        using var tmp = new TempFolder();
        tmp.Write("in/a.mid", Song1);
        Directory.CreateDirectory(tmp.Combine("out"));
        Build(tmp.Combine("in"), tmp.Combine("out"));
        Assert.True(File.Exists(tmp.Combine("out", DatasetFormat.EventsFile)));
    }

    [Fact]
    public void Unwritable_output_is_a_clear_error()
    {
        using var tmp = new TempFolder();
        tmp.Write("in/a.mid", Song1);
        tmp.Write("blocker", [1]); // a file where a folder would have to be
        var e = Assert.Throws<Dl4mException>(() => Build(tmp.Combine("in"), tmp.Combine("blocker", "out")));
        Assert.Contains("cannot write output folder", e.Message);
    }

    [Fact]
    public void Drums_option_is_recorded()
    {
        using var tmp = new TempFolder();
        tmp.Write("in/a.mid", Song1);
        var manifest = Build(tmp.Combine("in"), tmp.Combine("out"), new DatasetBuildOptions { IncludeDrums = true, Split = SplitRatios.Parse("90/5/5") });
        Assert.Equal(("include", "90/5/5"), (manifest.Options.Drums, manifest.Options.Split));
    }

    /// <summary>60 tunes, each in three folders with different bytes (like Nottingham's root, melody/ and chords/).</summary>
    private static void WriteTunesInThreeFolders(TempFolder tmp)
    {
        for (int i = 0; i < 60; i++)
        {
            tmp.Write($"in/tune{i}.mid", FakeMidiParser.Bytes("FAKE", (40 + i, 100), (60, 90)));
            tmp.Write($"in/melody/tune{i}.mid", FakeMidiParser.Bytes("FAKE", (40 + i, 100)));
            tmp.Write($"in/chords/TUNE{i}.MID", FakeMidiParser.Bytes("FAKE", (60, 90), (64, i + 1)));
        }
    }

    private static int TunesSpanningSplits(Dataset dataset) =>
        dataset.Songs.GroupBy(s => Path.GetFileNameWithoutExtension(s.Path).ToLowerInvariant()).Count(g => g.Select(s => s.Split).Distinct().Count() > 1);

    [Fact]
    public void Grouping_by_name_puts_every_copy_of_a_tune_in_one_split()
    {
        using var tmp = new TempFolder();
        WriteTunesInThreeFolders(tmp);
        var byContent = Build(tmp.Combine("in"), tmp.Combine("content"));
        var byName = Build(tmp.Combine("in"), tmp.Combine("name"), new DatasetBuildOptions { GroupBy = SplitGrouping.Name });

        Assert.Equal(("content", "name"), (byContent.Options.GroupBy, byName.Options.GroupBy));
        using var content = Dataset.Open(tmp.Combine("content"));
        using var name = Dataset.Open(tmp.Combine("name"));
        Assert.Equal(180, name.Songs.Count);
        Assert.True(TunesSpanningSplits(content) > 0, "by content, some tune's copies fall in different splits (the leak)");
        Assert.Equal(0, TunesSpanningSplits(name));
        Assert.All(name.Songs, s => Assert.Equal(SplitRatios.Default.AssignByName(s.Path), s.Split));
        Assert.Equal("name", name.Manifest.Options.GroupBy);

        // The train statistics follow the split the name chose.
        var trainNotes = name.SongsIn(DatasetSplit.Train).Sum(i => name.SongEvents(i).Length);
        Assert.Equal(trainNotes, byName.Normalization["note"].Count);
        Assert.Equal(name.SongsIn(DatasetSplit.Train).Count, byName.Splits["train"].Songs);
    }

    [Fact]
    public void A_manifest_from_before_group_by_reads_as_grouped_by_content()
    {
        using var tmp = new TempFolder();
        tmp.Write("in/a.mid", Song1);
        Build(tmp.Combine("in"), tmp.Combine("out"));
        string manifestPath = tmp.Combine("out", DatasetFormat.ManifestFile);
        string text = File.ReadAllText(manifestPath);
        string old = System.Text.RegularExpressions.Regex.Replace(text, @",\s*""group_by"": ""content""", "");
        Assert.NotEqual(text, old);
        File.WriteAllText(manifestPath, old);
        using var dataset = Dataset.Open(tmp.Combine("out"));
        Assert.Equal("content", dataset.Manifest.Options.GroupBy);
    }
}

public class DatasetBuilderCancellationTests
{
    [Fact]
    public void Interrupted_build_leaves_neither_output_nor_temporary_folder()
    {
        using var tmp = new TempFolder();
        for (int i = 0; i < 150; i++) tmp.Write($"in/s{i:D3}.mid", FakeMidiParser.Bytes("FAKE", (60, 100)));
        tmp.Write("out/previous.txt", [7]);
        using var interrupt = new CancellationTokenSource();
        int parsed = 0;
        var builder = new DatasetBuilder(new DatasetBuildOptions { Threads = 2, Force = true }, bytes =>
        {
            if (Interlocked.Increment(ref parsed) == 50) interrupt.Cancel(); // Ctrl+C in the middle of the run
            return FakeMidiParser.Parse(bytes);
        });

        Assert.ThrowsAny<OperationCanceledException>(() => builder.Build(tmp.Combine("in"), tmp.Combine("out"), interrupt.Token));
        Assert.Equal(["in", "out"], Directory.GetFileSystemEntries(tmp.Path).Select(Path.GetFileName).Order());
        Assert.Equal(["previous.txt"], Directory.GetFileSystemEntries(tmp.Combine("out")).Select(Path.GetFileName));
    }
}
