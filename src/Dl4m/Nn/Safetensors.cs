using System.Buffers.Binary;
using System.Runtime.InteropServices;
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
/// </summary>
public static class Safetensors
{
    /// <summary>Largest header accepted: the format's reference implementation caps it at 100 MB.</summary>
    private const long MaxHeaderBytes = 100_000_000;

    /// <summary>The file's bytes for these tensors, laid out in the given order.</summary>
    public static byte[] Serialize(IReadOnlyList<NamedTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        using var headerStream = new MemoryStream();
        using (var json = new Utf8JsonWriter(headerStream))
        {
            json.WriteStartObject();
            if (metadata is { Count: > 0 })
            {
                json.WriteStartObject("__metadata__");
                foreach (var (key, value) in metadata) json.WriteString(key, value);
                json.WriteEndObject();
            }
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
        long dataLength = tensors.Sum(t => (long)t.Data.Length * sizeof(float));
        var file = new byte[checked(8 + padded + dataLength)];
        BinaryPrimitives.WriteUInt64LittleEndian(file, (ulong)padded);
        headerStream.GetBuffer().AsSpan(0, headerLength).CopyTo(file.AsSpan(8));
        file.AsSpan(8 + headerLength, padded - headerLength).Fill((byte)' ');
        int position = 8 + padded;
        foreach (var t in tensors)
        {
            var bytes = MemoryMarshal.AsBytes(t.Data.AsSpan());
            bytes.CopyTo(file.AsSpan(position));
            if (!BitConverter.IsLittleEndian)
                for (int i = position; i < position + bytes.Length; i += 4) file.AsSpan(i, 4).Reverse();
            position += bytes.Length;
        }
        return file;
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
    public static IReadOnlyList<NamedTensor> Deserialize(ReadOnlySpan<byte> file, string source = "weights")
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
            var tensors = new List<(long Begin, NamedTensor Tensor)>();
            foreach (var entry in document.RootElement.EnumerateObject())
            {
                if (entry.Name == "__metadata__") continue;
                tensors.Add(ReadTensor(entry, data, dataStart, source));
            }
            tensors.Sort((a, b) => a.Begin.CompareTo(b.Begin));
            for (int i = 1; i < tensors.Count; i++)
            {
                var previous = tensors[i - 1].Tensor;
                if (tensors[i].Begin < tensors[i - 1].Begin + previous.Data.Length * 4L)
                    throw new Dl4mException($"{source}: corrupted header: tensor {tensors[i].Tensor.Name} overlaps tensor {previous.Name} at data offset {tensors[i].Begin}");
            }
            return [.. tensors.Select(t => t.Tensor)];
        }
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
