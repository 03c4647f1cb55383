using Dl4m.Cli.Studio;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Dl4m.Cli.Studio;

/// <summary>
/// <c>dl4m studio</c>'s web server: Kestrel on one local address, the embedded page, and the JSON API of
/// <see cref="StudioApi"/>. <see cref="StartAsync"/> is what the command and the browser tests run.
/// </summary>
public sealed class StudioServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly SongStore _songs;

    private StudioServer(WebApplication app, SongStore songs, string url)
    {
        _app = app;
        _songs = songs;
        Url = url;
    }

    /// <summary>The address the page is served at, e.g. http://127.0.0.1:5000/.</summary>
    public string Url { get; }

    /// <summary>Where the songs are written.</summary>
    public string SongFolder => _songs.Root;

    /// <summary>Builds and starts the server; returns once it listens.</summary>
    /// <exception cref="Dl4mException">The model given cannot be loaded, or the address cannot be bound.</exception>
    public static async Task<StudioServer> StartAsync(StudioSettings settings)
    {
        if (settings.Port is < 0 or > 65535) throw new Dl4mException($"--port {settings.Port}: must be 0–65535");
        if (!System.Net.IPAddress.TryParse(settings.Host, out var address)) throw new Dl4mException($"--host '{settings.Host}': not an IP address");
        _ = ModelDescription.Of(settings.Model); // a broken --model fails here, as one line, before anything listens

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(address, settings.Port);
            // the body is a form with one MIDI file: the upload limit plus room for the fields
            kestrel.Limits.MaxRequestBodySize = settings.Limits.MaxUploadBytes + 64 * 1024;
        });
        builder.Services.Configure<FormOptions>(form => form.MultipartBodyLengthLimit = settings.Limits.MaxUploadBytes + 64 * 1024);
        var songs = new SongStore(settings.SongFolder, settings.Limits.MaxStoredSongs);
        var app = builder.Build();
        foreach (var (path, (resource, type)) in StudioPage.Files) app.MapGet(path, StudioPage.Serve(resource, type));
        new StudioApi(settings, songs).Map(app);
        try
        {
            await app.StartAsync();
        }
        catch (IOException e)
        {
            songs.Dispose();
            await app.DisposeAsync();
            throw new Dl4mException($"--port {settings.Port}: cannot listen on {settings.Host}: {e.Message}", e);
        }
        string url = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new StudioServer(app, songs, url.TrimEnd('/') + "/");
    }

    /// <summary>Runs until the process is asked to stop (Ctrl+C).</summary>
    public Task WaitForShutdownAsync() => _app.WaitForShutdownAsync();

    /// <summary>Stops the server and deletes the songs' temporary folder.</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _songs.Dispose();
    }
}
