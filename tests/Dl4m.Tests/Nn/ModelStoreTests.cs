using System.Buffers.Binary;
using System.Text;
using Dl4m.Nn;

namespace Dl4m.Tests.Nn;

public sealed class ModelStoreTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "dl4m-store-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }

    private static ModelConfig Stacked => new()
    {
        InputSize = 3,
        Layers = [LayerConfig.Lstm(6, true), LayerConfig.Lstm(5), LayerConfig.Dense(4, Activation.Tanh), LayerConfig.Dense(3)],
    };

    [Fact]
    public void LoadOfSaveIsBitIdentical()
    {
        using var model = Model.Create(Stacked, seed: 5);
        model.Parameters[0].Data[0] = float.Epsilon; // a subnormal survives too
        ModelStore.Save(model, folder);
        using var loaded = ModelStore.Load(folder);
        Assert.Equal(ModelConfigJson.Serialize(model.Config), ModelConfigJson.Serialize(loaded.Config));
        for (int p = 0; p < model.Parameters.Count; p++)
        {
            Assert.Equal(model.Parameters[p].Name, loaded.Parameters[p].Name);
            Assert.Equal(model.Parameters[p].Shape, loaded.Parameters[p].Shape);
            Assert.Equal(
                model.Parameters[p].Data.Select(BitConverter.SingleToInt32Bits),
                loaded.Parameters[p].Data.Select(BitConverter.SingleToInt32Bits));
        }
        var (input, _) = GradientCheck.RandomBatch(model, 2, 4, seed: 1);
        Assert.Equal(model.Predict(input, 2, 4), loaded.Predict(input, 2, 4));
    }

    [Fact]
    public void HeaderIsPaddedSafetensorsJson()
    {
        using var model = Model.Create(ModelConfig.Seed, seed: 5);
        var bytes = Safetensors.Serialize(model.Parameters, new Dictionary<string, string> { ["format"] = "dl4m" });
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0UL, headerLength % 8);
        string header = Encoding.UTF8.GetString(bytes, 8, (int)headerLength);
        Assert.Contains("\"lstm_1/kernel\":{\"dtype\":\"F32\",\"shape\":[3,192],\"data_offsets\":[0,2304]}", header);
        Assert.Contains("\"__metadata__\":{\"format\":\"dl4m\",\"dl4m_data_sha256\":\"", header);
        Assert.Equal(8 + (long)headerLength + 11_235 * 4, bytes.Length);
    }

    private byte[] SavedWeights(ModelConfig config)
    {
        using var model = Model.Create(config, seed: 5);
        ModelStore.Save(model, folder);
        return File.ReadAllBytes(Path.Combine(folder, ModelStore.WeightsFileName));
    }

    private string LoadError()
    {
        var e = Assert.Throws<Dl4mException>(() => ModelStore.Load(folder));
        return e.Message;
    }

    [Fact]
    public void TruncatedDataNamesTheTensorAndOffset()
    {
        var bytes = SavedWeights(ModelConfig.Seed);
        File.WriteAllBytes(Path.Combine(folder, ModelStore.WeightsFileName), bytes[..^10]);
        string message = LoadError();
        Assert.Contains("tensor dense_2/bias", message);
        Assert.Contains("truncated", message);
        Assert.Contains($"file ends at {bytes.Length - 10}", message);
    }

    [Fact]
    public void A_flipped_bit_in_the_tensor_data_is_reported_as_damage_not_loaded()
    {
        var bytes = SavedWeights(ModelConfig.Seed);
        bytes[^100] ^= 0x04; // a low mantissa bit of one weight: the model would still load and generate
        File.WriteAllBytes(Path.Combine(folder, ModelStore.WeightsFileName), bytes);
        string message = LoadError();
        Assert.Contains("damaged", message);
        Assert.Contains("SHA-256", message);
        Assert.Contains(ModelStore.WeightsFileName, message);
    }

    [Fact]
    public void A_file_without_the_stored_hash_still_loads()
    {
        // Files written by other tools (or by dl4m before the hash) have no dl4m_data_sha256 key.
        using var model = Model.Create(ModelConfig.Seed, seed: 5);
        var withHash = Safetensors.Serialize(model.Parameters);
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(withHash);
        string header = Encoding.UTF8.GetString(withHash, 8, (int)headerLength);
        int start = header.IndexOf("\"__metadata__\"", StringComparison.Ordinal);
        int end = header.IndexOf('}', start) + 2; // the metadata object and its comma
        string stripped = (header[..start] + header[end..]).TrimEnd(' ');
        int padded = (Encoding.UTF8.GetByteCount(stripped) + 7) / 8 * 8;
        var file = new byte[8 + padded + (withHash.Length - 8 - (int)headerLength)];
        BinaryPrimitives.WriteUInt64LittleEndian(file, (ulong)padded);
        Encoding.UTF8.GetBytes(stripped.PadRight(padded)).CopyTo(file, 8);
        withHash.AsSpan(8 + (int)headerLength).CopyTo(file.AsSpan(8 + padded));
        Assert.DoesNotContain(Safetensors.DataSha256Key, Encoding.UTF8.GetString(file, 8, padded));
        var tensors = Safetensors.Deserialize(file);
        Assert.Equal(model.Parameters.Select(p => p.Data), tensors.Select(t => t.Data));
    }

    /// <summary>A safetensors image of <paramref name="header"/> (JSON) over the float32 <paramref name="data"/>.</summary>
    private static byte[] ImageOf(string header, float[] data)
    {
        int padded = (Encoding.UTF8.GetByteCount(header) + 7) / 8 * 8;
        var file = new byte[8 + padded + data.Length * sizeof(float)];
        BinaryPrimitives.WriteUInt64LittleEndian(file, (ulong)padded);
        Encoding.UTF8.GetBytes(header.PadRight(padded)).CopyTo(file, 8);
        for (int i = 0; i < data.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(file.AsSpan(8 + padded + 4 * i), data[i]);
        return file;
    }

    [Fact]
    public void Tensors_listed_out_of_data_order_come_back_in_data_order_and_overlapping_ones_are_refused()
    {
        float[] data = [1, 2, 3, 4, 5];
        var tensors = Safetensors.Deserialize(ImageOf("""
            {"b": {"dtype": "F32", "shape": [3], "data_offsets": [8, 20]}, "a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}}
            """, data));
        Assert.Equal(["a", "b"], tensors.Select(t => t.Name));
        Assert.Equal([1f, 2f], tensors[0].Data);
        Assert.Equal([3f, 4f, 5f], tensors[1].Data);

        var e = Assert.Throws<Dl4mException>(() => Safetensors.Deserialize(ImageOf("""
            {"b": {"dtype": "F32", "shape": [3], "data_offsets": [4, 16]}, "a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}}
            """, data), "w.safetensors"));
        Assert.Equal("w.safetensors: corrupted header: tensor b overlaps tensor a at data offset 4", e.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(40)]
    public void TruncatedHeaderIsReported(int keep)
    {
        var bytes = SavedWeights(ModelConfig.Seed);
        File.WriteAllBytes(Path.Combine(folder, ModelStore.WeightsFileName), bytes[..keep]);
        Assert.Contains("truncated", LoadError());
    }

    [Fact]
    public void CorruptedHeaderIsReported()
    {
        var bytes = SavedWeights(ModelConfig.Seed);
        bytes[8] = (byte)'#';
        File.WriteAllBytes(Path.Combine(folder, ModelStore.WeightsFileName), bytes);
        Assert.Contains("corrupted header", LoadError());
    }

    [Fact]
    public void HugeHeaderLengthIsReported()
    {
        var bytes = SavedWeights(ModelConfig.Seed);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, ulong.MaxValue);
        File.WriteAllBytes(Path.Combine(folder, ModelStore.WeightsFileName), bytes);
        Assert.Contains("corrupted header: length", LoadError());
    }

    [Fact]
    public void BadDtypeNamesTheTensor()
    {
        var bytes = SavedWeights(ModelConfig.Seed);
        string text = Encoding.Latin1.GetString(bytes);
        int at = text.IndexOf("\"dense_1/bias\":{\"dtype\":\"F32\"", StringComparison.Ordinal);
        Encoding.ASCII.GetBytes("F16").CopyTo(bytes, at + "\"dense_1/bias\":{\"dtype\":\"".Length);
        File.WriteAllBytes(Path.Combine(folder, ModelStore.WeightsFileName), bytes);
        string message = LoadError();
        Assert.Contains("tensor dense_1/bias", message);
        Assert.Contains("dtype F16", message);
    }

    [Fact]
    public void WeightsOfAnotherConfigAreRejected()
    {
        SavedWeights(ModelConfig.Seed);
        // Wrong shape: same names, LSTM(32) instead of LSTM(48).
        ModelConfigJson.Save(new ModelConfig { InputSize = 3, Layers = [LayerConfig.Lstm(32), LayerConfig.Dense(24, Activation.Relu), LayerConfig.Dense(3)] },
            Path.Combine(folder, ModelStore.ConfigFileName));
        Assert.Contains("tensor lstm_1/kernel has shape (3, 192), the config needs (3, 128)", LoadError());
        // Missing tensor: the config has a third Dense layer.
        ModelConfigJson.Save(new ModelConfig { InputSize = 3, Layers = [.. ModelConfig.Seed.Layers, LayerConfig.Dense(3)] },
            Path.Combine(folder, ModelStore.ConfigFileName));
        Assert.Contains("tensor dense_3/kernel is missing", LoadError());
        // Extra tensor: the config lacks dense_2.
        ModelConfigJson.Save(new ModelConfig { InputSize = 3, Layers = [LayerConfig.Lstm(48), LayerConfig.Dense(24, Activation.Relu)] },
            Path.Combine(folder, ModelStore.ConfigFileName));
        Assert.Contains("tensor dense_2/bias is not part of the config", LoadError());
    }

    [Fact]
    public void MissingFilesAreReported()
    {
        Assert.Contains("does not exist", Assert.Throws<Dl4mException>(() => ModelStore.Load(folder)).Message);
        SavedWeights(ModelConfig.Seed);
        File.Delete(Path.Combine(folder, ModelStore.WeightsFileName));
        Assert.Contains("model.safetensors does not exist", LoadError());
    }
}
