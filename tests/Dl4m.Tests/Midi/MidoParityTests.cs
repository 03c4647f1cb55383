using System.Text.Json;
using Dl4m.Midi;

namespace Dl4m.Tests.Midi;

/// <summary>Our reader counts exactly the note-ons mido counts, file by file, on the whole Nottingham corpus.</summary>
public class MidoParityTests
{
    [CorpusFact]
    public void Note_on_counts_equal_mido_on_every_nottingham_file()
    {
        string corpus = Corpus.Nottingham()!;

        using var fixture = JsonDocument.Parse(File.ReadAllText(Corpus.Fixture("mido", "nottingham_note_ons.json")));
        var expected = fixture.RootElement.GetProperty("per_file").EnumerateObject()
            .ToDictionary(p => p.Name, p => p.Value.GetInt32());
        Assert.Equal(712_532, fixture.RootElement.GetProperty("note_ons").GetInt32());

        var files = MidiFileFinder.FindPaths(corpus);
        Assert.Equal(expected.Count, files.Count);
        long total = 0;
        var mismatches = new List<string>();
        foreach (string path in files)
        {
            var file = MidiReader.ReadFile(path); // lenient, as for corpora; must not have needed any repair
            Assert.False(file.WasSalvaged, $"{path}: {string.Join("; ", file.Warnings)}");
            int count = 0;
            foreach (var track in file.Tracks)
                foreach (var e in track.Events)
                    if (e.IsNoteOn) count++;
            string relative = Path.GetRelativePath(corpus, path).Replace('\\', '/');
            if (!expected.TryGetValue(relative, out int want) || want != count) mismatches.Add($"{relative}: ours {count}, mido {want}");
            total += count;
        }
        Assert.Empty(mismatches);
        Assert.Equal(712_532, total);
    }
}
