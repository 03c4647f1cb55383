using System.Text.Json;
using System.CommandLine;
using Dl4m.Midi;
using Dl4m.Plotting;

namespace Dl4m.Cli.Commands;

/// <summary>`dl4m plot FILE.mid [--out FILE.png]`: the piano roll of any MIDI file.</summary>
internal static class PlotCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "MIDI file." };
        var output = new Option<string?>("--out", "-o") { Description = "PNG to write (default: beside the MIDI file, same name)." };
        var force = new Option<bool>("--force") { Description = "Overwrite an existing PNG." };
        var json = CommonOptions.Json();
        var command = new Command("plot", "Draw the piano roll of a MIDI file.") { file, output, force, json };
        command.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            string midi = parse.GetValue(file)!;
            if (!File.Exists(midi)) throw new Dl4mException($"'{midi}' does not exist");
            string png = parse.GetValue(output) ?? Path.ChangeExtension(midi, ".png");
            if (File.Exists(png) && !parse.GetValue(force)) throw new Dl4mException($"'{png}' exists: use --force to overwrite it");
            var notes = PianoRoll.NotesOf(MidiReader.ReadFile(midi));
            PianoRoll.Create(notes, Path.GetFileName(midi)).SavePng(png);
            if (parse.GetValue(json)) stdout.WriteLine(JsonSerializer.Serialize(new { Command = "plot", Png = Path.GetFullPath(png), Notes = notes.Count }, JsonOutput.Options));
            else stdout.WriteLine($"{Path.GetFullPath(png)}: piano roll of {notes.Count:N0} notes");
            return 0;
        });
        return command;
    }
}
