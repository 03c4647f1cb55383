using System.Globalization;
using System.Text.Json;
using Dl4m.Data;

namespace Dl4m.Cli.Commands;

/// <summary>`dl4m inspect DATA-DIR`: what a dataset folder from dl4m prepare holds and how it was built (read from its manifest.json).</summary>
internal static class DatasetInspection
{
    /// <summary>True when <paramref name="folder"/> holds a manifest.json (a dataset folder, maybe a damaged one).</summary>
    public static bool IsDataset(string folder) => File.Exists(Path.Combine(folder, DatasetFormat.ManifestFile));

    public static void Print(TextWriter output, string folder, bool json)
    {
        var manifest = Dataset.ReadManifest(Path.Combine(folder, DatasetFormat.ManifestFile));
        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(manifest, DatasetJson.Compact));
            return;
        }
        var o = manifest.Options;
        var c = manifest.Counts;
        output.WriteLine($"{folder}: dl4m dataset (schema {manifest.SchemaVersion}, written by dl4m {manifest.Dl4mVersion})");
        output.WriteLine($"source: {manifest.Source}");
        output.WriteLine($"options: drums {o.Drums}, split {o.Split} by file {o.GroupBy}, extensions {string.Join(' ', o.Extensions)}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"files {c.Files:N0} (failed {c.Failed:N0}, duplicates {c.Duplicates:N0}), songs {c.Songs:N0}, events {c.Events:N0}"));
        foreach (var (name, counts) in manifest.Splits)
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name,-10} {counts.Songs,8:N0} songs {counts.Events,12:N0} events"));
        output.WriteLine("labels: " + string.Join(", ", manifest.Labels.Select(l => string.Create(CultureInfo.InvariantCulture, $"{l.Key} {l.Value.Songs:N0}"))));
    }
}
