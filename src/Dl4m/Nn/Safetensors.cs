using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dl4m.IO;

namespace Dl4m.Nn;

/// <summary>
/// Hugging Face's safetensors format, float32 only: an 8-byte little-endian header length N, then N
/// bytes of JSON {"__metadata__": {string: string}, name: {"dtype": "F32", "shape": [...],
/// "data_offsets": [begin, end]}, …} padded with spaces to a multiple of 8, then the raw little-endian
/// data, offsets counted from the end of the header. Every inconsistency is a
/// <see cref="Dl4mException"/> naming the tensor or byte offset.
/// <para>Files written here carry the SHA-256 of their data section in the metadata (<see cref="DataSha256Key"/>), and
/// reading checks it when present: a flipped bit inside the tensor data would otherwise load as slightly different
/// weights without a word. Files from elsewhere, without the key, load as before.</para>
/// </summary>
public static class Safetensors
{
    /// <summary>Largest header accepted: the format's reference implementation caps it at 100 MB.</summary>
    private const long MaxHeaderBytes = 100_000_000;

    /// <summary>Metadata key holding the lower-case hex SHA-256 of the data section (every byte after the header).</summary>
    public const string DataSha256Key = "dl4m_data_sha256";

    /// <summary>The file's bytes for these tensors, laid out in the given order.</summary>
    public static byte[] Serialize(IReadOnlyList<NamedTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var data = DataSection(tensors);
        using var headerStream = new MemoryStream();
        using (var json = new Utf8JsonWriter(headerStream))
        {
            json.WriteStartObject();
            json.WriteStartObject("__metadata__");
            foreach (var (key, value) in metadata ?? new Dictionary<string, string>())
                if (key != DataSha256Key) json.WriteString(key, value);
            json.WriteString(DataSha256Key, Convert.ToHexStringLower(SHA256.HashData(data)));
            json.WriteEndObject();
            long offset = 0;
            foreach (var t in tensors)
            {
                long bytes = (long)t.Data.Length * sizeof(float);
                json.WriteStartObject(t.Name);
                json.WriteString("dtype", "F32");
                json.WriteStartArray("shape");
                foreach (int d in t.Shape) json.WriteNumberValue(d);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + bytes);
                json.WriteEndArray();
                json.WriteEndObject();
                offset += bytes;
            }
            json.WriteEndObject();
        }
        int headerLength = (int)headerStream.Length;
        int padded = (headerLength + 7) / 8 * 8;
        var file = new byte[checked(8 + padded + data.Length)];
        BinaryPrimitives.WriteUInt64LittleEndian(file, (ulong)padded);
        headerStream.GetBuffer().AsSpan(0, headerLength).CopyTo(file.AsSpan(8));
        file.AsSpan(8 + headerLength, padded - headerLength).Fill((byte)' ');
        data.CopyTo(file.AsSpan(8 + padded));
        return file;
    }

    /// <summary>The tensors' little-endian float32 bytes, one after the other in the given order.</summary>
    private static byte[] DataSection(IReadOnlyList<NamedTensor> tensors)
    {
        var data = new byte[checked(tensors.Sum(t => (long)t.Data.Length * sizeof(float)))];
        int position = 0;
        foreach (var t in tensors)
        {
            var bytes = MemoryMarshal.AsBytes(t.Data.AsSpan());
            bytes.CopyTo(data.AsSpan(position));
            if (!BitConverter.IsLittleEndian)
                for (int i = position; i < position + bytes.Length; i += 4) data.AsSpan(i, 4).Reverse();
            position += bytes.Length;
        }
        return data;
    }

    /// <summary>Writes a safetensors file (through a temporary file, so a crash leaves no half-written weights).</summary>
    public static void Save(string path, IReadOnlyList<NamedTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        AtomicFile.WriteAllBytes(path, Serialize(tensors, metadata), "weights file");
    }

    /// <summary>Reads every tensor of a safetensors file, in data order, checking the header against the data.</summary>
    public static IReadOnlyList<NamedTensor> Load(string path)
    {
        if (!File.Exists(path)) throw new Dl4mException($"weights file {path} does not exist");
        return Deserialize(File.ReadAllBytes(path), path);
    }

    /// <summary>Parses a safetensors image; <paramref name="source"/> names it in errors.</summary>
    public static IReadOnlyList<NamedTensor> Deserialize(ReadOnlySpan<byte> file, string source = "weights") => Deserialize(file, source, checkHash: true);

    /// <summary>
    /// Parses a safetensors image; <paramref name="checkHash"/> false skips the <see cref="DataSha256Key"/> check, for
    /// bytes that never were a file on their own (the built-in model's, inside Dl4m.Core.dll): the first SHA-256 of a
    /// process starts the native crypto library, 10–30 ms of a load that must take under 100 ms.
    /// </summary>
    public static IReadOnlyList<NamedTensor> Deserialize(ReadOnlySpan<byte> file, string source, bool checkHash)
    {
        if (file.Length < 8)
            throw new Dl4mException($"{source}: truncated: {file.Length} bytes, shorter than the 8-byte header length at offset 0");
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(file);
        if (headerLength > MaxHeaderBytes)
            throw new Dl4mException($"{source}: corrupted header: length {headerLength} at offset 0 is beyond the 100 MB limit");
        if ((long)headerLength > file.Length - 8)
            throw new Dl4mException($"{source}: truncated: the header claims {headerLength} bytes from offset 8, but the file has {file.Length} bytes");
        var header = file.Slice(8, (int)headerLength);
        var data = file[(8 + (int)headerLength)..];
        long dataStart = 8 + (long)headerLength;

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(Encoding.UTF8.GetString(header).TrimEnd(' ', '\0'));
        }
        catch (JsonException e)
        {
            throw new Dl4mException($"{source}: corrupted header (bytes 8..{dataStart}): {e.Message}", e);
        }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
                throw new Dl4mException($"{source}: corrupted header (bytes 8..{dataStart}): not a JSON object");
            // Plain arrays, sorted only when the file is out of data order (ours never is): a List of tuples, its Sort
            // and a LINQ projection were JIT-compiled afresh in each process, a few ms of the built-in model's first load.
            int count = 0;
            foreach (var entry in document.RootElement.EnumerateObject())
                if (entry.Name != "__metadata__") count++;
            var begins = new long[count];
            var tensors = new NamedTensor[count];
            int k = 0;
            bool ordered = true;
            foreach (var entry in document.RootElement.EnumerateObject())
            {
                if (entry.Name == "__metadata__") continue;
                (begins[k], tensors[k]) = ReadTensor(entry, data, dataStart, source);
                ordered &= k == 0 || begins[k] >= begins[k - 1];
                k++;
            }
            // After every tensor's range was checked, so a truncated file is reported as truncated, naming the tensor.
            if (checkHash && document.RootElement.TryGetProperty("__metadata__", out var metadata)) CheckDataHash(metadata, data, dataStart, source);
            if (!ordered) Array.Sort(begins, tensors);
            for (int i = 1; i < count; i++)
            {
                var previous = tensors[i - 1];
                if (begins[i] < begins[i - 1] + previous.Data.Length * 4L)
                    throw new Dl4mException($"{source}: corrupted header: tensor {tensors[i].Name} overlaps tensor {previous.Name} at data offset {begins[i]}");
            }
            return tensors;
        }
    }

    private static void CheckDataHash(JsonElement metadata, ReadOnlySpan<byte> data, long dataStart, string source)
    {
        if (metadata.ValueKind != JsonValueKind.Object || !metadata.TryGetProperty(DataSha256Key, out var stored)) return;
        string actual = Convert.ToHexStringLower(SHA256.HashData(data));
        if (stored.ValueKind != JsonValueKind.String || !string.Equals(stored.GetString(), actual, StringComparison.OrdinalIgnoreCase))
            throw new Dl4mException($"{source}: damaged: the tensor data (bytes {dataStart}..{dataStart + data.Length}) does not match the SHA-256 stored in its header; restore the file or train again");
    }

    private static (long Begin, NamedTensor Tensor) ReadTensor(JsonProperty entry, ReadOnlySpan<byte> data, long dataStart, string source)
    {
        string name = entry.Name;
        var value = entry.Value;
        string where = $"{source}: tensor {name}";
        if (value.ValueKind != JsonValueKind.Object)
            throw new Dl4mException($"{where}: corrupted header entry (not an object)");
        if (!value.TryGetProperty("dtype", out var dtype) || dtype.ValueKind != JsonValueKind.String)
            throw new Dl4mException($"{where}: header entry has no dtype");
        if (dtype.GetString() != "F32")
            throw new Dl4mException($"{where}: dtype {dtype.GetString()} is not supported (only F32)");
        if (!value.TryGetProperty("shape", out var shapeElement) || shapeElement.ValueKind != JsonValueKind.Array)
            throw new Dl4mException($"{where}: header entry has no shape");
        var shape = new int[shapeElement.GetArrayLength()];
        long count = 1;
        int k = 0;
        foreach (var d in shapeElement.EnumerateArray())
        {
            if (d.ValueKind != JsonValueKind.Number || !d.TryGetInt32(out int size) || size < 0)
                throw new Dl4mException($"{where}: shape has an invalid dimension {d}");
            shape[k++] = size;
            count *= size;
            if (count > Array.MaxLength) throw new Dl4mException($"{where}: shape is too large");
        }
        if (!value.TryGetProperty("data_offsets", out var offsets) || offsets.ValueKind != JsonValueKind.Array
            || offsets.GetArrayLength() != 2
            || !offsets[0].TryGetInt64(out long begin) || !offsets[1].TryGetInt64(out long end)
            || begin < 0 || end < begin)
            throw new Dl4mException($"{where}: header entry has invalid data_offsets");
        if (end - begin != count * sizeof(float))
            throw new Dl4mException($"{where}: data_offsets [{begin}, {end}) hold {end - begin} bytes, shape ({string.Join(", ", shape)}) of F32 needs {count * sizeof(float)}");
        if (end > data.Length)
            throw new Dl4mException($"{where}: truncated: its data ends at file offset {dataStart + end}, but the file ends at {dataStart + data.Length}");
        var values = new float[count];
        var bytes = data.Slice((int)begin, (int)(end - begin));
        if (BitConverter.IsLittleEndian)
            bytes.CopyTo(MemoryMarshal.AsBytes(values.AsSpan()));
        else
            for (int i = 0; i < values.Length; i++) values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(4 * i)..]);
        return (begin, new NamedTensor(name, shape, values));
    }
}
