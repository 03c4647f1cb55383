using System.Buffers.Binary;

namespace Dl4m.Data;

/// <summary>
/// The files of a prepared dataset folder and the layout of its binary event file.
/// <para>
/// A dataset folder holds <c>manifest.json</c> (options, counts, normalisation statistics, failures,
/// duplicates; see <see cref="DatasetManifest"/>), <c>songs.json</c> (a JSON array of
/// <see cref="SongEntry"/>: where each song's events are) and <c>events.bin</c>.
/// </para>
/// <para>
/// <c>events.bin</c> is little-endian: a 32-byte header, then <c>count</c> records of
/// <see cref="RecordSize"/> bytes, songs one after the other in <c>songs.json</c> order, so a song is the
/// record range [event_offset, event_offset + event_count). Header:
/// </para>
/// <list type="table">
/// <listheader><term>offset</term><description>field</description></listheader>
/// <item><term>0</term><description>8 bytes magic, ASCII "DL4MEVT1"</description></item>
/// <item><term>8</term><description>uint32 format version (<see cref="EventFileVersion"/>)</description></item>
/// <item><term>12</term><description>uint32 record size in bytes (<see cref="RecordSize"/>)</description></item>
/// <item><term>16</term><description>uint64 record count</description></item>
/// <item><term>24</term><description>uint32 header size (<see cref="HeaderSize"/>), where records start</description></item>
/// <item><term>28</term><description>uint32 reserved, 0</description></item>
/// </list>
/// <para>
/// Record (see <see cref="EventRecord"/>): float32 note, float32 velocity, float32 Δtime seconds,
/// float32 duration seconds, float32 Δtime beats, float32 duration beats, float32 bar position (beats),
/// float32 bar length (beats), float32 bpm, uint8 program, uint8 channel, uint8 flags, uint8 reserved.
/// </para>
/// </summary>
public static class DatasetFormat
{
    /// <summary>Version of manifest.json and songs.json this code writes and reads.</summary>
    public const int SchemaVersion = 1;

    /// <summary>
    /// Version of events.bin: its layout and what its values mean. 3: durations come from <c>Music.NotePairing</c>
    /// (note-offs end notes of their own track only; a hanging note ends with its track), where 2 paired across tracks
    /// and let a hanging note last to the song's end, so a version-2 file can hold other durations than this code writes.
    /// </summary>
    public const int EventFileVersion = 3;

    /// <summary>Bytes per <see cref="EventRecord"/>.</summary>
    public const int RecordSize = 40;

    /// <summary>Bytes before the first record.</summary>
    public const int HeaderSize = 32;

    /// <summary>The manifest's file name.</summary>
    public const string ManifestFile = "manifest.json";

    /// <summary>The song list's file name.</summary>
    public const string SongsFile = "songs.json";

    /// <summary>The event file's name.</summary>
    public const string EventsFile = "events.bin";

    /// <summary>The first 8 bytes of the event file.</summary>
    public static ReadOnlySpan<byte> Magic => "DL4MEVT1"u8;

    /// <summary>Writes the event file header for the given record count.</summary>
    public static void WriteHeader(Span<byte> header, long recordCount)
    {
        header[..HeaderSize].Clear();
        Magic.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], EventFileVersion);
        BinaryPrimitives.WriteUInt32LittleEndian(header[12..], RecordSize);
        BinaryPrimitives.WriteUInt64LittleEndian(header[16..], (ulong)recordCount);
        BinaryPrimitives.WriteUInt32LittleEndian(header[24..], HeaderSize);
    }

    /// <summary>Checks an event file header and returns its record count.</summary>
    /// <exception cref="Dl4mException">The header is not a dl4m event file of this version.</exception>
    public static long ReadHeader(ReadOnlySpan<byte> header, string path)
    {
        if (header.Length < HeaderSize || !header[..8].SequenceEqual(Magic))
            throw new Dl4mException($"'{path}' is not a dl4m event file (no DL4MEVT1 header)");
        uint version = BinaryPrimitives.ReadUInt32LittleEndian(header[8..]);
        if (version != EventFileVersion)
            throw new Dl4mException($"'{path}' has event file version {version}; this dl4m reads version {EventFileVersion}: prepare the dataset again");
        uint recordSize = BinaryPrimitives.ReadUInt32LittleEndian(header[12..]);
        uint headerSize = BinaryPrimitives.ReadUInt32LittleEndian(header[24..]);
        if (recordSize != RecordSize || headerSize != HeaderSize)
            throw new Dl4mException($"'{path}' has {recordSize}-byte records after a {headerSize}-byte header; expected {RecordSize} and {HeaderSize}");
        ulong count = BinaryPrimitives.ReadUInt64LittleEndian(header[16..]);
        if (count > long.MaxValue / RecordSize)
            throw new Dl4mException($"'{path}' declares an impossible record count {count}");
        return (long)count;
    }
}
