using System.Text.Json;
using Dl4m.Cli.Commands;
using Dl4m.Generation;
using Dl4m.Families.Categorical;
using Dl4m.Midi;
using Dl4m.Plotting;
using Dl4m.Tests.Cli;

namespace Dl4m.Tests.Generation;

/// <summary>The model embedded in Dl4m.Core: written out as a model folder, loaded as any other, used by generate without a folder.</summary>
public sealed class BuiltInModelTests
{
    [Fact]
    public void The_embedded_files_come_out_as_a_loadable_categorical_model_folder_and_a_damaged_copy_is_rewritten()
    {
        using var root = new TempFolder();
        Assert.True(BuiltInModel.IsAvailable);
        string folder = BuiltInModel.Folder(root.Path);
        foreach (string file in BuiltInModel.Files) Assert.Equal(BuiltInModel.Read(file), File.ReadAllBytes(Path.Combine(folder, file)));
        long bytes = BuiltInModel.Files.Sum(f => BuiltInModel.Read(f).LongLength);
        Assert.InRange(bytes, 100_000, 4_000_000); // "a few MB at most"

        File.WriteAllText(Path.Combine(folder, "model.safetensors"), "damaged");
        File.Delete(Path.Combine(folder, "encoding.json"));
        Assert.Equal(folder, BuiltInModel.Folder(root.Path));
        Assert.Equal(BuiltInModel.Read("model.safetensors"), File.ReadAllBytes(Path.Combine(folder, "model.safetensors")));

        using var generator = CategoricalGenerator.Load(BuiltInModel.Folder(root.Path), out _);
        Assert.Equal(["(root)", "chords", "melody"], generator.Encoding.Labels);
    }

    [Fact]
    public void Load_reads_the_embedded_bytes_into_the_same_model_as_the_folder()
    {
        using var root = new TempFolder();
        using var embedded = BuiltInModel.Load(out var info);
        using var fromFolder = CategoricalGenerator.Load(BuiltInModel.Folder(root.Path), out var folderInfo);
        Assert.Equal(folderInfo, info);
        Assert.Equal(Dl4m.Categorical.CategoricalEncodingJson.Serialize(fromFolder.Encoding), Dl4m.Categorical.CategoricalEncodingJson.Serialize(embedded.Encoding));
        Assert.Equal(fromFolder.Model.Parameters.Select(p => p.Data), embedded.Model.Parameters.Select(p => p.Data));
        var primer = Dl4m.Categorical.BeatTokens.Of(BuiltInModel.Tune(1, out _))[..info.Lookback];
        var options = new GenerationOptions { Notes = 100, Seed = 1 };
        Assert.Equal(fromFolder.Generate(primer, 0, options).Notes, embedded.Generate(primer, 0, options).Notes);

        // each load is a model of its own (the parsed files are shared, the weights copied): disposing one leaves the other
        using (BuiltInModel.Load(out _)) { }
        Assert.Equal(100, embedded.Generate(primer, 0, options).Notes.Count);
    }

    [Fact]
    public void Generate_writes_the_same_notes_as_before_the_model_loaded_from_the_embedded_bytes()
    {
        // recorded with `dl4m generate --out song.mid --seed 1` when the built-in model still went through
        // BuiltInModel.Folder (commit 7190c2a), on this project's AVX-512 machine: SHA-256 of the MIDI file's notes, one
        // "note velocity start duration" line each (seconds to 4 places), read back with the one note-pairing rule
        // (Music.NotePairing, which changed the read-back's hash; the MIDI bytes are still byte-identical to 7190c2a's). Another ISA may round the kernels' sums
        // differently and draw other notes, so the check is for the machine it was recorded on (CI's kind).
        if (!System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated) return;
        using var folder = new TempFolder();
        string output = folder.Combine("song.mid");
        SongWriter.Run(new GenerationRequest { Output = output, Options = new GenerationOptions { Seed = 1 } });
        var notes = PianoRoll.NotesOf(MidiReader.ReadFile(output));
        Assert.Equal(500, notes.Count);
        string text = string.Join("\n", notes.Select(n => FormattableString.Invariant($"{n.Pitch} {n.Velocity} {n.StartSeconds:F4} {n.DurationSeconds:F4}")));
        Assert.Equal("b54b8266c528fecc247c80c2019a7b585cb983121c7532347385f17c548b2abe",
            Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text))));
    }

    [Fact]
    public void Provenance_records_the_commands_the_data_hash_the_metrics_and_the_licence()
    {
        using var provenance = JsonDocument.Parse(BuiltInModel.Read("provenance.json"));
        var root = provenance.RootElement;
        Assert.Contains("GPL-3", root.GetProperty("licence").GetString());
        Assert.Contains(root.GetProperty("commands").EnumerateArray(), c => c.GetString()!.StartsWith("dl4m train ", StringComparison.Ordinal));
        Assert.Matches("^[0-9a-f]{64}$", root.GetProperty("corpus").GetProperty("sha256_of_file_hashes").GetString());
        Assert.Matches("^[0-9a-f]{64}$", root.GetProperty("dataset_manifest_sha256").GetString());
        Assert.True(root.GetProperty("train_result").GetProperty("best").GetProperty("validation").GetProperty("note_nll").GetDouble() < 3.0);
    }

    [Fact]
    public void Generate_without_a_model_folder_writes_with_the_built_in_model_from_a_built_in_tune()
    {
        using var folder = new TempFolder();
        string output = folder.Combine("song.mid");
        var (code, text, _) = CommandRunner.Run("generate", "--out", output, "--notes", "60", "--seed", "3", "--json");
        Assert.Equal(0, code);
        var song = JsonDocument.Parse(text).RootElement.GetProperty("songs")[0];
        Assert.Equal("categorical", song.GetProperty("model").GetString());
        Assert.Equal("built-in tune 3 (written in code by DemoCorpus.Tune)", song.GetProperty("primer").GetString());
        Assert.Equal("(root)", song.GetProperty("label").GetString());
        Assert.Equal(60, PianoRoll.NotesOf(MidiReader.ReadFile(output)).Count);

        // the same seed gives the same song; a primer file of one's own is taken instead of the built-in tune
        string again = folder.Combine("again.mid");
        Assert.Equal(0, CommandRunner.Run("generate", "--out", again, "--notes", "60", "--seed", "3").ExitCode);
        Assert.Equal(File.ReadAllBytes(output), File.ReadAllBytes(again));
        string primed = folder.Combine("primed.mid");
        var (primedCode, primedText, _) = CommandRunner.Run("generate", "--out", primed, "--primer", output, "--notes", "40", "--json");
        Assert.Equal(0, primedCode);
        Assert.Equal(Path.GetFullPath(output), JsonDocument.Parse(primedText).RootElement.GetProperty("songs")[0].GetProperty("primer").GetString());

        var e = Assert.Throws<Dl4mException>(() => SongWriter.Run(new GenerationRequest { Output = folder.Combine("x.mid"), Song = 4 }));
        Assert.Equal("GenerationRequest.Song 4: the built-in model ships no dataset; give GenerationRequest.DataFolder", e.Message);
    }

    [Fact]
    public void A_cancelled_song_stops_between_two_notes_and_writes_nothing()
    {
        using var folder = new TempFolder();
        using var generator = CategoricalGenerator.Load(BuiltInModel.Folder(folder.Combine("model")), out _);
        var primer = Dl4m.Categorical.BeatTokens.Of(BuiltInModel.Tune(1, out _))[..32];
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        var options = new GenerationOptions { Notes = 50, Seed = 1, Cancellation = cancelled.Token };
        Assert.Throws<OperationCanceledException>(() => generator.Generate(primer, 0, options));
        Assert.Throws<OperationCanceledException>(() => generator.Generate(primer, 0, options with { Beam = 2 }));
        Assert.Equal(50, generator.Generate(primer, 0, options with { Cancellation = CancellationToken.None }).Notes.Count);

        string output = folder.Combine("song.mid");
        Assert.Throws<OperationCanceledException>(() => SongWriter.Run(new GenerationRequest { Output = output, Options = options }));
        Assert.False(File.Exists(output));
    }
}
