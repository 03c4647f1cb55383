using System.Text.Json;
using Dl4m.Evaluation;
using Dl4m.Midi;
using Dl4m.Tests.Midi;

namespace Dl4m.Tests.Evaluation;

/// <summary>
/// Our metrics on real Nottingham files equal those of tools/eval_reference.py, an independent mido + plain Python
/// implementation whose output is committed as Fixtures/eval/reference_metrics.json.
/// </summary>
public sealed class ReferenceParityTests
{
    private const double CountTolerance = 1e-9;
    private const double EntropyTolerance = 1e-6;

    [CorpusFact]
    public void Every_metric_matches_the_python_reference_on_real_files()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Corpus.Fixture("eval", "reference_metrics.json")));
        var files = doc.RootElement.GetProperty("files");
        int compared = 0;
        foreach (var file in files.EnumerateObject())
        {
            var path = Path.Combine(Corpus.Nottingham()!, file.Name);
            var ours = SongMetricsCalculator.Compute(MidiReader.ReadFile(path));
            var expected = file.Value;

            Assert.Equal(expected.GetProperty("note_count").GetInt32(), ours.NoteCount);
            Assert.Equal(expected.GetProperty("key").GetString(), ours.Key);
            Assert.Equal(expected.GetProperty("pitch_class_counts").EnumerateArray().Select(e => e.GetInt32()), ours.PitchClassCounts);
            Assert.Equal(expected.GetProperty("chord_size_counts").EnumerateArray().Select(e => e.GetInt32()), ours.ChordSizeCounts);

            foreach (var metric in expected.GetProperty("metrics").EnumerateObject())
            {
                double? value = ours[metric.Name];
                if (metric.Value.ValueKind == JsonValueKind.Null)
                {
                    Assert.True(value is null, $"{file.Name} {metric.Name}: expected n/a, got {value}");
                    continue;
                }
                Assert.True(value is not null, $"{file.Name} {metric.Name}: expected {metric.Value}, got n/a");
                double tolerance = metric.Name.Contains("entropy") ? EntropyTolerance : CountTolerance;
                double want = metric.Value.GetDouble();
                Assert.True(Math.Abs(want - value!.Value) <= tolerance, $"{file.Name} {metric.Name}: python {want:R}, ours {value:R}");
                compared++;
            }
        }
        Assert.True(compared >= 5 * 19, $"only {compared} values compared");
    }
}
