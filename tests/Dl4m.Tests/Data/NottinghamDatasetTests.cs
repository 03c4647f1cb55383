using System.Text.Json;
using Dl4m.Data;
using Dl4m.Tests.Midi;

namespace Dl4m.Tests.Data;

/// <summary>The whole Nottingham corpus through the dataset builder (about a second per build).</summary>
public class NottinghamDatasetTests
{
    [CorpusFact]
    public void Prepares_the_corpus_reproducibly_with_mido_note_counts()
    {
        string corpus = Corpus.Nottingham()!;
        using var tmp = new TempFolder();
        var manifest = new DatasetBuilder(new DatasetBuildOptions()).Build(corpus, tmp.Combine("a"));

        Assert.Equal(712_532, manifest.Counts.NoteOns);
        Assert.Equal(0, manifest.Counts.Failed);
        Assert.Equal(manifest.Counts.Files, manifest.Counts.Parsed);
        Assert.Equal(["(root)", "chords", "melody"], manifest.Labels.Keys);
        long songs = manifest.Counts.Songs;
        Assert.Equal(manifest.Counts.Parsed - manifest.Counts.Duplicates, songs);
        Assert.InRange(manifest.Splits["train"].Songs / (double)songs, 0.76, 0.84);
        Assert.InRange(manifest.Splits["validation"].Songs / (double)songs, 0.08, 0.12);
        Assert.InRange(manifest.Splits["test"].Songs / (double)songs, 0.08, 0.12);
        Assert.Equal(DatasetFormat.HeaderSize + manifest.Counts.Events * DatasetFormat.RecordSize,
            new FileInfo(tmp.Combine("a", DatasetFormat.EventsFile)).Length);

        // Every kept song has exactly mido's note-on count for its file.
        using var fixture = JsonDocument.Parse(File.ReadAllText(Corpus.Fixture("mido", "nottingham_note_ons.json")));
        var mido = fixture.RootElement.GetProperty("per_file");
        using (var dataset = Dataset.Open(tmp.Combine("a")))
        {
            Assert.Equal(songs, dataset.Songs.Count);
            foreach (var song in dataset.Songs)
                Assert.Equal(mido.GetProperty(song.Path).GetInt32(), song.NoteOns);
            var events = dataset.SongEvents(0);
            Assert.Equal(0f, events[0].DeltaSeconds);
            int outOfRange = 0;
            foreach (var e in dataset.Events(0, (int)dataset.EventCount))
            {
                bool ok = e.Note is >= 0 and <= 127 && e.Velocity is >= 1 and <= 127 &&
                          e.DeltaSeconds >= 0 && e.DurationSeconds >= 0 && e.DeltaBeats >= 0;
                if (!ok) outOfRange++;
            }
            Assert.Equal(0, outOfRange);
        }

        // Same corpus again: byte-identical dataset (the thread count cannot matter: see DatasetBuilderTests).
        new DatasetBuilder(new DatasetBuildOptions()).Build(corpus, tmp.Combine("b"));
        foreach (var file in new[] { DatasetFormat.ManifestFile, DatasetFormat.SongsFile, DatasetFormat.EventsFile })
            Assert.True(File.ReadAllBytes(tmp.Combine("a", file)).AsSpan().SequenceEqual(File.ReadAllBytes(tmp.Combine("b", file))), $"{file} differs between runs");
    }
}
