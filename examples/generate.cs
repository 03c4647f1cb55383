#:project ../src/Dl4m/Dl4m.csproj
#:property PublishAot=false
// Load a trained model, prime it with the start of a MIDI file, write the new song as MIDI and a piano roll.
//   dotnet run examples/generate.cs -- <model-dir> <primer.mid> [out.mid]
// (make a model first, e.g. with `dl4m demo`: then <model-dir> is demo/model and a primer is demo/corpus/song-001.mid)
// SongWriter loads the model family its train.json names: a categorical model or an original one.
using Dl4m.Generation;

if (args.Length < 2)
{
    Console.Error.WriteLine("usage: dotnet run examples/generate.cs -- <model-dir> <primer.mid> [out.mid]");
    return 1;
}
string output = args.Length > 2 ? args[2] : "example.mid";

var written = SongWriter.Run(new GenerationRequest
{
    ModelFolder = args[0],
    PrimerFile = args[1],
    Output = output,
    Options = new GenerationOptions { Notes = 300, Seed = 7 }, // the temperature defaults to the model family's own
    Bpm = 110,
    Png = true,
    Force = true,
});
var song = written[0].Song;
Console.WriteLine($"{written[0].Midi}: {song.Notes.Count} notes, {song.LengthSeconds:F1} s from a {written[0].Family.ToString().ToLowerInvariant()} model ({song.GenerationMilliseconds:F1} ms), piano roll {written[0].Png}");
return 0;
