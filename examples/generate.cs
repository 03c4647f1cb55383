#:project ../src/Dl4m/Dl4m.csproj
#:property PublishAot=false
// Load a trained model, prime it with the start of a MIDI file, write the new song as MIDI and a piano roll.
//   dotnet run examples/generate.cs -- <model-dir> <primer.mid> [out.mid]
// (make a model first, e.g. with `dl4m demo`: then <model-dir> is demo/model and a primer is demo/corpus/song-001.mid)
using Dl4m.Generation;
using Dl4m.Midi;
using Dl4m.Plotting;

if (args.Length < 2)
{
    Console.Error.WriteLine("usage: dotnet run examples/generate.cs -- <model-dir> <primer.mid> [out.mid]");
    return 1;
}
string output = args.Length > 2 ? args[2] : "example.mid";

using var generator = SongGenerator.Load(args[0], out var record);
var primer = Primer.FromMidiFile(args[1], generator.Lookback);
var song = generator.Generate(primer, new GenerationOptions { Notes = 300, Mode = GenerationMode.Sample, Temperature = 0.03, Seed = 7 });

MidiWriter.WriteFile(SongMidi.Create(song.Notes, bpm: 110, program: 0), output);
PianoRoll.Create(song.Notes, Path.GetFileName(output)).SavePng(Path.ChangeExtension(output, ".png"));
Console.WriteLine($"{output}: {song.Notes.Count} notes, {song.LengthSeconds:F1} s from a model trained on {record.Dataset} ({song.GenerationMilliseconds:F1} ms)");
return 0;
