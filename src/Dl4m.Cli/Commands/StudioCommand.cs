using System.CommandLine;
using Dl4m.Cli.Studio;

namespace Dl4m.Cli.Commands;

/// <summary>`dl4m studio`: a local web page to generate, see, hear and download songs (see docs/studio.md).</summary>
internal static class StudioCommand
{
    public static Command Create()
    {
        var model = new Option<string?>("--model") { Description = "Model folder the page starts with (default: the built-in model)." };
        var port = new Option<int>("--port") { Description = "Port to listen on (0: any free port).", DefaultValueFactory = _ => 5000 };
        var host = new Option<string>("--host")
        {
            Description = "Address to listen on. The studio reads model folders and writes files: keep it local.",
            DefaultValueFactory = _ => StudioSettings.LocalHost,
        };
        var command = new Command("studio", "Serve a local web page to generate songs, see their piano rolls, hear them and download MIDI / WAV.")
        {
            model, port, host,
        };
        command.SetAction(parse =>
        {
            var settings = new StudioSettings { Model = parse.GetValue(model), Port = parse.GetValue(port), Host = parse.GetValue(host)! };
            return Run(settings, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error);
        });
        return command;
    }

    private static int Run(StudioSettings settings, TextWriter stdout, TextWriter stderr)
    {
        var server = StudioServer.StartAsync(settings).GetAwaiter().GetResult();
        try
        {
            stdout.WriteLine($"dl4m studio: {server.Url} (model: {settings.Model ?? Generation.BuiltInModel.Name}; songs in {server.SongFolder}); Ctrl+C stops it");
            if (settings.Host != StudioSettings.LocalHost)
                stderr.WriteLine($"dl4m: warning: listening on {settings.Host}: anyone who reaches it can read model folders on this machine");
            server.WaitForShutdownAsync().GetAwaiter().GetResult();
        }
        finally
        {
            server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        return 0;
    }
}
