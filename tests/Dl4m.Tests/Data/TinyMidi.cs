namespace Dl4m.Tests.Data;

/// <summary>Hand-assembled Standard MIDI Files for tests that go through the real reader.</summary>
internal static class TinyMidi
{
    /// <summary>Format 0, 96 ticks per quarter: each note plays for one quarter, one after the other, on the given channel.</summary>
    public static byte[] Notes(int channel, params int[] notes)
    {
        var track = new List<byte>();
        foreach (int note in notes)
        {
            track.AddRange([0x00, (byte)(0x90 | channel), (byte)note, 100]); // Δ0 note on
            track.AddRange([0x60, (byte)(0x80 | channel), (byte)note, 64]);  // Δ96 note off
        }
        track.AddRange([0x00, 0xFF, 0x2F, 0x00]);
        return
        [
            .. "MThd"u8, 0, 0, 0, 6, 0, 0, 0, 1, 0, 96,
            .. "MTrk"u8, 0, 0, (byte)(track.Count >> 8), (byte)track.Count, .. track,
        ];
    }
}
