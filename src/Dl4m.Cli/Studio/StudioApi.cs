using System.Globalization;
using System.Text.Json;
using Dl4m.Data;
using Dl4m.Generation;
using Dl4m.Midi;
using Dl4m.Music;
using Dl4m.Plotting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Dl4m.Cli.Studio;

/// <summary>
/// The studio's JSON API. <c>POST /api/generate</c> makes the same <see cref="SongWriter.Run"/> call as
/// <c>dl4m generate</c> (one song into its own folder); the rest describe models, list dataset songs for primers and
/// serve the written files. Every failure answers <see cref="StudioError"/> with one line, as the CLI prints it.
/// </summary>
public sealed class StudioApi(StudioSettings settings, SongStore songs)
{
    /// <summary>Header carrying the page's random per-tab id (one generation at a time per tab).</summary>
    public const string TabHeader = "X-Dl4m-Tab";

    private readonly TabGate _gate = new(settings.Limits.MaxConcurrent);

    /// <summary>Adds the endpoints to <paramref name="app"/>.</summary>
    public void Map(WebApplication app)
    {
        app.MapGet("/api/model", (string? folder) => Guarded(() => Task.FromResult(Results.Json(Describe(folder)))));
        app.MapGet("/api/dataset", (string? folder, string? q) => Guarded(() => Task.FromResult(Results.Json(DatasetSongs(folder, q)))));
        app.MapPost("/api/generate", (Delegate)((HttpContext http) => Guarded(() => Generate(http))));
        app.MapGet("/api/files/{id}/{file}", (string id, string file) =>
        {
            if (songs.Find(id, file) is not { } path) return Results.Json(new StudioError($"song {id}: no {file} (deleted, or never written)"), statusCode: 404);
            string type = file == SongStore.WavName ? "audio/wav" : "audio/midi";
            return Results.File(path, type, $"dl4m-{id}{Path.GetExtension(file)}");
        });
    }

    /// <summary>
    /// The model folder a request means: no field at all is the server's <c>--model</c>; an empty one or "built-in" is
    /// the built-in model (null); anything else is a folder (a folder named built-in is "./built-in").
    /// </summary>
    private string? ModelOf(string? given) =>
        given is null ? settings.Model
        : given.Trim() is "" or BuiltInModel.Name ? null
        : given.Trim();

    private object Describe(string? folder)
    {
        var model = ModelDescription.Of(ModelOf(folder));
        return new
        {
            Model = model,
            Limits = settings.Limits,
            FluidSynth = FluidSynthRenderer.IsAvailable,
            Keys = Enumerable.Range(0, 24).Select(i => MusicalKey.FromEstimatorIndex(i).ToString()).ToArray(),
        };
    }

    private DatasetSongRow[] DatasetSongs(string? folder, string? query)
    {
        var model = ModelDescription.Of(ModelOf(folder));
        if (model.Dataset is null) return [];
        using var dataset = Dataset.Open(model.Dataset);
        // validation songs first: the model never trained on them
        return Enumerable.Range(0, dataset.Songs.Count)
            .Where(i => string.IsNullOrWhiteSpace(query) || dataset.Songs[i].Path.Contains(query.Trim(), StringComparison.OrdinalIgnoreCase))
            .OrderBy(i => dataset.Songs[i].Split == DatasetSplit.Validation ? 0 : 1)
            .Take(settings.Limits.MaxListedSongs)
            .Select(i => new DatasetSongRow(i, dataset.Songs[i].Path, dataset.Songs[i].Label, dataset.Songs[i].Split.ToString().ToLowerInvariant()))
            .ToArray();
    }

    private async Task<IResult> Generate(HttpContext http)
    {
        string tab = http.Request.Headers[TabHeader].ToString();
        if (tab.Length is < 8 or > 64) return Results.Json(new StudioError($"generate: the {TabHeader} header (the page's tab id) is missing or malformed"), statusCode: 400);
        if (!_gate.TryEnter(tab, out string busy)) return Results.Json(new StudioError(busy), statusCode: 429);
        var abort = http.RequestAborted;
        var (id, folder) = songs.Create();
        bool handedOff = false;
        try
        {
            var form = await http.Request.ReadFormAsync(abort);
            string? model = ModelOf(form.TryGetValue("model", out var given) ? given.ToString() : null);
            var request = await GenerateForm.ReadAsync(form, folder, model, settings.Limits, abort);
            string modelName = request.ModelFolder ?? BuiltInModel.Name;
            request = request with { Options = request.Options with { Cancellation = abort } }; // a cancelled request stops its song
            string? upload = form.Files.GetFile("primer")?.FileName;
            var work = Task.Run(() => NamingUpload(() => SongWriter.Run(request)[0], request.PrimerFile, upload));
            handedOff = true;
            // the slot is freed when the work ends, not when the browser stops waiting (see TabGate)
            _ = work.ContinueWith(t =>
            {
                _gate.Exit(tab);
                if (t.IsFaulted || abort.IsCancellationRequested) songs.Delete(id);
            }, TaskScheduler.Default);
            var file = await work.WaitAsync(abort);
            return Results.Json(SongOf(id, file, modelName));
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            return Results.Empty; // the page cancelled: nobody is listening
        }
        finally
        {
            if (!handedOff)
            {
                _gate.Exit(tab);
                songs.Delete(id);
            }
        }
    }

    /// <summary>Runs <paramref name="work"/>; an error about the saved primer names the file the user uploaded, not the studio's copy.</summary>
    private static T NamingUpload<T>(Func<T> work, string? saved, string? uploaded)
    {
        try
        {
            return work();
        }
        catch (Dl4mException e) when (saved is not null && e.Message.Contains(saved, StringComparison.Ordinal))
        {
            throw new Dl4mException(e.Message.Replace($"'{saved}'", saved).Replace(saved, $"primer '{uploaded}'"), e);
        }
    }

    private static StudioSong SongOf(string id, GeneratedFile file, string model)
    {
        var song = file.Song;
        // the notes as the written file has them (what a DAW will show: overlapping notes of one pitch paired as a
        // MIDI reader pairs them), so the page draws and plays exactly what is downloaded
        var notes = PianoRoll.NotesOf(MidiReader.ReadFile(file.Midi)).Select(n => new[] { n.Pitch, n.Velocity, Math.Round(n.StartSeconds, 4), Math.Round(n.DurationSeconds, 4) }).ToArray();
        string? key = song.Key is { } k ? (k.Estimated is { } e ? $"{e} → {k.Result}" : $"no estimate, not moved to {k.Requested}") : null;
        return new StudioSong(id, $"/api/files/{id}/{SongStore.MidiName}", file.Wav is null ? null : $"/api/files/{id}/{SongStore.WavName}",
            notes, Math.Round(song.LengthSeconds, 3), file.Seed, file.PrimerSource, model, file.Label, file.Temperature, key,
            Math.Round(song.GenerationMilliseconds, 1),
            song.Meter is { } meter ? string.Create(CultureInfo.InvariantCulture, $"{meter.Bpm:0.#} bpm ({file.TempoSource})") : null);
    }

    /// <summary>Runs a handler; expected failures become one-line <see cref="StudioError"/> answers.</summary>
    private static async Task<IResult> Guarded(Func<Task<IResult>> handler)
    {
        try
        {
            return await handler();
        }
        catch (BadHttpRequestException e)
        {
            return Results.Json(new StudioError($"request refused: {OneLine(e.Message)}"), statusCode: e.StatusCode);
        }
        catch (Exception e) when (e is Dl4mException or IOException or UnauthorizedAccessException or JsonException or InvalidDataException)
        {
            return Results.Json(new StudioError(OneLine(ParameterFlags.InMessage(e))), statusCode: 400);
        }
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
