using System.Globalization;
using Dl4m.Generation;
using Dl4m.Music;
using Microsoft.AspNetCore.Http;

namespace Dl4m.Cli.Studio;

/// <summary>
/// Turns the page's form into the same <see cref="GenerationRequest"/> the CLI builds from its options, with the studio's
/// bounds on top. Every refusal is a <see cref="Dl4mException"/> naming the field, as the CLI names the option.
/// </summary>
public static class GenerateForm
{
    /// <summary>Name of the uploaded primer inside the song's folder.</summary>
    public const string PrimerName = "primer.mid";

    /// <summary>The request for song folder <paramref name="folder"/> with model folder <paramref name="model"/> (null: the built-in model); an uploaded primer is saved there first.</summary>
    public static async Task<GenerationRequest> ReadAsync(IFormCollection form, string folder, string? model, StudioLimits limits, CancellationToken cancel)
    {
        var defaults = new GenerationOptions();
        int notes = Int(form, "notes") ?? 300;
        if (notes < 1 || notes > limits.MaxNotes) throw new Dl4mException($"notes {notes}: the studio writes 1–{limits.MaxNotes} notes per song");
        int beam = Int(form, "beam") ?? 0;
        if (beam < 0 || beam > limits.MaxBeam) throw new Dl4mException($"beam {beam}: the studio allows 0–{limits.MaxBeam} beams");
        string? primerFile = null;
        if (form.Files.GetFile("primer") is { Length: > 0 } upload)
        {
            if (upload.Length > limits.MaxUploadBytes)
                throw new Dl4mException($"primer '{upload.FileName}': {upload.Length:N0} bytes, the studio takes MIDI files up to {limits.MaxUploadBytes:N0} bytes");
            primerFile = Path.Combine(folder, PrimerName);
            await using var stream = File.Create(primerFile);
            await upload.CopyToAsync(stream, cancel);
        }
        int? song = Int(form, "song");
        if (primerFile is not null) song = null; // an upload wins over a song left selected in the list
        string? key = Text(form, "key");
        return new GenerationRequest
        {
            ModelFolder = model,
            Output = Path.Combine(folder, SongStore.MidiName),
            PrimerFile = primerFile,
            Song = song,
            Options = new GenerationOptions
            {
                Notes = notes,
                Temperature = Double(form, "temperature"),
                TopK = Int(form, "topK") ?? defaults.TopK,
                TopP = Double(form, "topP") ?? defaults.TopP,
                Beam = beam,
                Seed = Int(form, "seed") ?? Random.Shared.Next(),
            },
            Bpm = Double(form, "bpm"), // null: the primer's tempo, else the corpus median (categorical), 120 (seed)
            Label = Text(form, "label"),
            Key = key is null ? null : MusicalKey.Parse(key),
            Wav = FluidSynthRenderer.IsAvailable,
            Force = true,
        };
    }

    private static string? Text(IFormCollection form, string name) =>
        form.TryGetValue(name, out var values) && values.ToString().Trim() is { Length: > 0 } text ? text : null;

    private static int? Int(IFormCollection form, string name) => Text(form, name) is not { } text ? null
        : int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int value) ? value
        : throw new Dl4mException($"{name} '{text}': not a whole number");

    private static double? Double(IFormCollection form, string name) => Text(form, name) is not { } text ? null
        : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value) ? value
        : throw new Dl4mException($"{name} '{text}': not a number");
}
