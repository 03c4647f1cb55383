using System.Buffers.Binary;

namespace Dl4m.Tests.Midi;

/// <summary>Builds Standard MIDI File bytes by hand, so reader tests state exactly which bytes they feed.</summary>
internal static class Smf
{
    public static readonly byte[] EndOfTrack = [0x00, 0xFF, 0x2F, 0x00];

    public static byte[] Header(int format, int tracks, int division = 96)
    {
        var h = new byte[14];
        "MThd"u8.CopyTo(h);
        BinaryPrimitives.WriteUInt32BigEndian(h.AsSpan(4), 6);
        BinaryPrimitives.WriteUInt16BigEndian(h.AsSpan(8), (ushort)format);
        BinaryPrimitives.WriteUInt16BigEndian(h.AsSpan(10), (ushort)tracks);
        BinaryPrimitives.WriteUInt16BigEndian(h.AsSpan(12), (ushort)division);
        return h;
    }

    /// <summary>An MTrk chunk whose length field is the body's length unless <paramref name="declaredLength"/> says otherwise.</summary>
    public static byte[] Track(byte[] body, uint? declaredLength = null)
    {
        var chunk = new byte[8 + body.Length];
        "MTrk"u8.CopyTo(chunk);
        BinaryPrimitives.WriteUInt32BigEndian(chunk.AsSpan(4), declaredLength ?? (uint)body.Length);
        body.CopyTo(chunk, 8);
        return chunk;
    }

    /// <summary>A track body: the given event bytes followed by end-of-track.</summary>
    public static byte[] Body(params byte[] events) => [.. events, .. EndOfTrack];

    /// <summary>A whole file: header (format, track count from the bodies) and one MTrk per body.</summary>
    public static byte[] File(int format, params byte[][] bodies) => File(format, 96, bodies);

    public static byte[] File(int format, int division, params byte[][] bodies) =>
        [.. Header(format, bodies.Length, division), .. bodies.SelectMany(b => Track(b))];

    public static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();
}
