using System.Text.Json;
using System.Text.RegularExpressions;
using Dl4m.Categorical;
using Dl4m.Cli.Commands;
using Dl4m.Data;
using Dl4m.Midi;
using Dl4m.Tests.Cli;
using Xunit;

namespace Dl4m.Tests.Families.Categorical;

/// <summary>
/// A categorical song carries a tempo and lies on its own beat grid: read back with Dl4m.Midi, every note-on and
/// note-off is a whole number of 1/12-beat steps (40 ticks at 480 per quarter), and the file's tempo is --bpm, or
/// the primer song's median tempo. Model folders of the seconds-based model are refused with one line.
/// </summary>
public sealed class CategoricalTempoTests(TinyCategoricalModel tiny) : IClassFixture<TinyCategoricalModel>
{
    private const int TicksPerStep = 480 / BeatGrid.StepsPerBeat;

    private static JsonElement Generate(params string[] args)
    {
        var (code, output, _) = CommandRunner.Run(["generate", .. args, "--json"]);
        Assert.Equal(0, code);
        return JsonDocument.Parse(output).RootElement.GetProperty("songs")[0];
    }

    /// <summary>The file's tempo (bpm), time signature and the ticks of every note-on and note-off.</summary>
    private static (double Bpm, string Meter, List<long> NoteTicks) Read(string midi)
    {
        var file = MidiReader.ReadFile(midi);
        Assert.Equal(480, file.Division.TicksPerQuarter);
        var events = file.Tracks.SelectMany(t => t.Events).ToList();
        var tempo = events.Single(e => e.Type == MidiEventType.Meta && e.MetaType == MetaType.SetTempo).Payload!;
        var signature = events.Single(e => e.Type == MidiEventType.Meta && e.MetaType == MetaType.TimeSignature).Payload!;
        double bpm = 60_000_000.0 / (tempo[0] << 16 | tempo[1] << 8 | tempo[2]);
        var ticks = events.Where(e => e.IsNoteOn || e.IsNoteOff).Select(e => e.Tick).ToList();
        return (bpm, $"{signature[0]}/{1 << signature[1]}", ticks);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Generated_song_has_the_requested_tempo_and_every_onset_on_the_grid(bool beam)
    {
        string song = Path.Combine(tiny.NewFolder("bpm"), "song.mid");
        string[] search = beam ? ["--beam", "3"] : ["--temperature", "1.5"];
        var json = Generate([tiny.Folder, "--out", song, "--notes", "120", "--seed", "4", "--bpm", "97", .. search]);
        Assert.Equal(97, json.GetProperty("bpm").GetDouble());
        Assert.Equal("bpm option", json.GetProperty("tempo_source").GetString());
        var (bpm, meter, ticks) = Read(song);
        Assert.Equal(97, bpm, 3);
        Assert.Equal("4/4", meter); // the primer's bars
        Assert.Equal(240, ticks.Count);
        Assert.All(ticks, t => Assert.Equal(0, t % TicksPerStep));
        Assert.True(ticks.Distinct().Count() > 10, "the onsets are spread over the grid, not piled up");
    }

    [Fact]
    public void Without_bpm_the_song_takes_its_primer_songs_median_tempo()
    {
        string song = Path.Combine(tiny.NewFolder("primer-tempo"), "song.mid");
        var json = Generate(tiny.Folder, "--out", song, "--notes", "40", "--seed", "2");
        Assert.Equal("primer", json.GetProperty("tempo_source").GetString());
        int index = int.Parse(Regex.Match(json.GetProperty("primer").GetString()!, @"dataset song (\d+)").Groups[1].Value);
        using var dataset = Dataset.Open(tiny.Dataset);
        double expected = BeatTokens.MedianBpm(dataset.SongEvents(index))!.Value;
        Assert.Equal(expected, json.GetProperty("bpm").GetDouble(), 3);
        var (bpm, _, ticks) = Read(song);
        Assert.Equal(expected, bpm, 2);
        Assert.All(ticks, t => Assert.Equal(0, t % TicksPerStep));
    }

    [Fact]
    public void A_model_folder_of_the_seconds_based_model_is_refused_with_one_line()
    {
        string folder = tiny.NewFolder("older");
        foreach (string file in Directory.GetFiles(tiny.Folder)) File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        File.WriteAllText(Path.Combine(folder, CategoricalEncodingJson.FileName), """
            { "notes": "pitch", "interval_range": 36, "velocity_bins": 4, "velocity": "classes", "timing": "classes",
              "delta": { "edges": [0.02, 0.2], "values": [0, 0.06, 0.4] }, "duration": { "edges": [0.05, 0.3], "values": [0, 0.1, 0.6] },
              "scaling": { "velocity_mean": 0, "velocity_std": 1, "log_delta_mean": 0, "log_delta_std": 1, "log_duration_mean": 0, "log_duration_std": 1 },
              "labels": ["jigs", "reels"], "normalize_key": false }
            """);
        var (exit, _, stderr) = Dl4m.Tests.Cli.CommandRunner.Run("generate", folder, "--out", Path.Combine(folder, "song.mid"));
        Assert.Equal(1, exit);
        Assert.Equal($"dl4m: error: {Path.Combine(folder, "encoding.json")}: trained by an older dl4m (time in seconds): train it again", stderr.Trim());
    }
}
