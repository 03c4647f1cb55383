using System.Text.Json;
using System.CommandLine;
using Dl4m.IO;
using Dl4m.Midi;
using Dl4m.Plotting;

namespace Dl4m.Cli.Commands;

/// <summary>`dl4m plot FILE.mid [--out FILE.png]`: the piano roll of any MIDI file.</summary>
internal static class PlotCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "MIDI file." };
        var output = CommonOptions.Out("PNG to write (default: beside the MIDI file, same name).", optional: true);
        var force = CommonOptions.Force("Overwrite an existing PNG.");
        var json = CommonOptions.Json();
        var command = new Command("plot", "Draw the piano roll of a MIDI file.") { file, output, force, json };
        command.SetAction(parse =>
        {
            var stdout = parse.InvocationConfiguration.Output;
            string midi = parse.GetValue(file)!;
            if (!File.Exists(midi)) throw new Dl4mException($"'{midi}' does not exist");
            string png = parse.GetValue(output) ?? Path.ChangeExtension(midi, ".png");
            bool replace = parse.GetValue(force);
            OutputFile.CheckNew(png, replace); // before reading the MIDI file: refuse at once
            var notes = PianoRoll.NotesOf(MidiReader.ReadFile(midi));
            OutputFile.WriteAllBytes(png, PianoRoll.Create(notes, Path.GetFileName(midi)).RenderPng(), replace, "piano roll");
            if (parse.GetValue(json)) stdout.WriteLine(JsonSerializer.Serialize(new { Command = "plot", Png = Path.GetFullPath(png), Notes = notes.Count }, JsonOutput.Options));
            else stdout.WriteLine($"{Path.GetFullPath(png)}: piano roll of {notes.Count:N0} notes");
            return 0;
        });
        return command;
    }
}
