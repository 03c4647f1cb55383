namespace Dl4m.Tests.Layering;

/// <summary>The library's namespaces import only what <see cref="LayeringRules"/> allows, read from the compiled assembly.</summary>
public sealed class LayeringTests
{
    private static readonly string Library = typeof(Dl4mException).Assembly.Location;

    [Fact]
    public void Every_namespace_of_the_library_imports_only_what_its_layer_allows()
    {
        var references = NamespaceDependencies.Read(Library);
        Assert.Contains(references, r => r.From == "Dl4m.Data" && r.To == "Dl4m.Music"); // the reader found real references
        var violations = LayeringChecker.Violations(references, LayeringRules.All);
        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
    }

    [Fact]
    public void The_checker_flags_a_forbidden_import_and_a_namespace_without_a_rule()
    {
        NamespaceReference[] references =
        [
            new("Dl4m.Nn", "Dl4m.Categorical", "Dl4m.Nn.Model uses Dl4m.Categorical.OutputGroup"),          // engine → family
            new("Dl4m.Nn.Kernels", "Dl4m.Training.Losses", "Dl4m.Nn.Kernels.Gemm uses Dl4m.Training.Losses.NoteLoss"), // below a ruled namespace
            new("Dl4m.Midi", "Dl4m.Data", "Dl4m.Midi.MidiReader uses Dl4m.Data.EventRecord"),               // MIDI → data
            new("Dl4m.Music", "Dl4m.Midi", "Dl4m.Music.NotePairing uses Dl4m.Midi.MidiEvent"),              // allowed
            new("Dl4m.Nn", "Dl4m.Nn.Kernels", "Dl4m.Nn.Model uses Dl4m.Nn.Kernels.Gemm"),                   // own sub-namespace
            new("Dl4m.Evaluation.Baselines", "Dl4m.Data", "…"),                                             // allowed via Dl4m.Evaluation
            new("Dl4m.Evaluation", "Dl4m.Generation", "Dl4m.Evaluation.X uses Dl4m.Generation.Y"),          // metrics → generator
            new("Dl4m.IO", "Dl4m.Midi.Sub", "…"),                                                           // the root's entry covers only the root
            new("Dl4m.Plugins.Original", "Dl4m.Nn", "Dl4m.Plugins.Original.Model uses Dl4m.Nn.Model"),     // no rule
        ];
        var violations = LayeringChecker.Violations(references, LayeringRules.All);
        Assert.Equal(6, violations.Count);
        Assert.StartsWith("Dl4m.Nn must not import Dl4m.Categorical", violations[0]);
        Assert.StartsWith("Dl4m.Nn.Kernels must not import Dl4m.Training.Losses", violations[1]);
        Assert.StartsWith("Dl4m.Midi must not import Dl4m.Data", violations[2]);
        Assert.StartsWith("Dl4m.Evaluation must not import Dl4m.Generation", violations[3]);
        Assert.StartsWith("Dl4m.IO must not import Dl4m.Midi.Sub", violations[4]);
        Assert.StartsWith("Dl4m.Plugins.Original has no layering rule", violations[5]);
        Assert.Contains("music-free", violations[0]); // the rule's reason comes with it
    }

    [Fact]
    public void A_reference_counts_whether_it_is_a_call_in_a_body_a_generic_argument_or_an_array_element()
    {
        var used = NamespaceDependencies.TypesUsed(Library);
        // only a static call inside a method body
        Assert.Contains("Dl4m.Music.KeyEstimator", used["Dl4m.Evaluation.SongMetricsCalculator"]);
        // only as the element of an array created in a body
        Assert.Contains("Dl4m.Music.NoteEnd", used["Dl4m.Evaluation.EvaluationNotes"]);
        // a generic argument of a parameter (IReadOnlyList<Note>)
        Assert.Contains("Dl4m.Music.Note", used["Dl4m.Plotting.PianoRoll"]);
        // a lambda's closure class counts for the type that declares it (MidiFileFinder.FindPaths: f => f.FullPath)
        Assert.Contains("Dl4m.Midi.MidiFileLocation", used["Dl4m.Midi.MidiFileFinder"]);
        // and what a type does not use is not there: the piano roll no longer reads dataset events
        Assert.DoesNotContain("Dl4m.Data.NoteEventExtractor", used["Dl4m.Plotting.PianoRoll"]);
    }
}
