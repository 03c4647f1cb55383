using System.Security.Cryptography;
using System.Text.Json;
using Dl4m.IO;
using Dl4m.Nn;

namespace Dl4m.Training;

/// <summary>
/// The last checkpoint of a run (checkpoint.dl4m): everything needed to resume exactly. Layout:
/// magic "DL4MCKP1" (8 bytes), the SHA-256 of the payload (32 bytes), then the payload, a safetensors image
/// holding the weights (Keras names), Adam's moments ("adam_m/…", "adam_v/…") and the
/// <see cref="TrainingState"/> as JSON in its metadata ("state"). Written durably and atomically; the
/// checksum is verified on load, so a damaged file is a clear error, never a silently wrong resume.
/// </summary>
public static class Checkpoint
{
    /// <summary>File name inside the model folder.</summary>
    public const string FileName = "checkpoint.dl4m";

    private static ReadOnlySpan<byte> Magic => "DL4MCKP1"u8;
    private const int HashSize = 32;

    /// <summary>Writes the checkpoint of <paramref name="model"/>, <paramref name="adam"/> and <paramref name="state"/> to <paramref name="path"/>.</summary>
    public static void Save(string path, INetwork model, Adam adam, TrainingState state)
    {
        var tensors = new List<NamedTensor>(model.Parameters);
        for (int t = 0; t < model.Parameters.Count; t++)
        {
            var p = model.Parameters[t];
            tensors.Add(new NamedTensor("adam_m/" + p.Name, p.Shape, adam.FirstMoments[t]));
            tensors.Add(new NamedTensor("adam_v/" + p.Name, p.Shape, adam.SecondMoments[t]));
        }
        var metadata = new Dictionary<string, string>
        {
            ["format"] = "dl4m-checkpoint",
            ["state"] = JsonSerializer.Serialize(state with { AdamSteps = adam.StepCount }, TrainingJson.Compact),
        };
        byte[] payload = Safetensors.Serialize(tensors, metadata);
        var file = new byte[Magic.Length + HashSize + payload.Length];
        Magic.CopyTo(file);
        SHA256.HashData(payload, file.AsSpan(Magic.Length, HashSize));
        payload.CopyTo(file.AsSpan(Magic.Length + HashSize));
        AtomicFile.WriteAllBytes(path, file, "checkpoint");
    }

    /// <summary>
    /// Reads a checkpoint into <paramref name="model"/> and <paramref name="adam"/> and returns the state.
    /// </summary>
    /// <exception cref="Dl4mException">The file is missing, damaged (checksum), or does not fit the model.</exception>
    public static TrainingState Load(string path, INetwork model, Adam adam)
    {
        if (!File.Exists(path)) throw new Dl4mException($"checkpoint '{path}' does not exist: nothing to resume");
        byte[] file = File.ReadAllBytes(path);
        if (file.Length < Magic.Length + HashSize || !file.AsSpan(0, Magic.Length).SequenceEqual(Magic))
            throw new Dl4mException($"checkpoint '{path}' is damaged: it does not start with DL4MCKP1 and a checksum");
        var payload = file.AsSpan(Magic.Length + HashSize);
        Span<byte> hash = stackalloc byte[HashSize];
        SHA256.HashData(payload, hash);
        if (!hash.SequenceEqual(file.AsSpan(Magic.Length, HashSize)))
            throw new Dl4mException($"checkpoint '{path}' is damaged: its SHA-256 checksum does not match its contents");

        var tensors = Safetensors.Deserialize(payload, path);
        var weights = tensors.Where(t => !t.Name.StartsWith("adam_", StringComparison.Ordinal)).ToList();
        ModelStore.SetWeights(model.Parameters, weights, path);
        var byName = tensors.ToDictionary(t => t.Name);
        float[] Moment(string prefix, NamedTensor p) => byName.TryGetValue(prefix + p.Name, out var t) && t.Data.Length == p.Data.Length
            ? t.Data
            : throw new Dl4mException($"checkpoint '{path}': tensor {prefix}{p.Name} is missing or has the wrong size");
        var first = model.Parameters.Select(p => Moment("adam_m/", p)).ToList();
        var second = model.Parameters.Select(p => Moment("adam_v/", p)).ToList();

        string stateJson = ReadStateJson(payload, path);
        TrainingState state;
        try
        {
            state = JsonSerializer.Deserialize<TrainingState>(stateJson, TrainingJson.Options)
                    ?? throw new Dl4mException($"checkpoint '{path}': empty training state");
        }
        catch (JsonException e)
        {
            throw new Dl4mException($"checkpoint '{path}': training state is not valid: {e.Message}", e);
        }
        adam.Restore(state.AdamSteps, first, second);
        return state;
    }

    private static string ReadStateJson(ReadOnlySpan<byte> payload, string path)
    {
        ulong headerLength = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(payload);
        using var header = JsonDocument.Parse(payload.Slice(8, (int)headerLength).ToArray());
        if (header.RootElement.TryGetProperty("__metadata__", out var metadata) && metadata.TryGetProperty("state", out var state))
            return state.GetString() ?? "";
        throw new Dl4mException($"checkpoint '{path}' has no training state");
    }
}
