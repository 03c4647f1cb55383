using System.Diagnostics;
using Dl4m.Midi;

namespace Dl4m.Tests.Midi;

/// <summary>Input built to hurt: declared sizes that would exhaust memory, endless event streams. Reading stays bounded.</summary>
public class MidiReaderHostileTests
{
    [Fact]
    public void Chunk_length_of_4_GB_is_clamped_to_the_bytes_present()
    {
        var bytes = Smf.Concat(Smf.Header(0, 1), Smf.Track(Smf.Body(0x00, 0x90, 60, 100), declaredLength: uint.MaxValue));
        var file = MidiReader.Read(bytes);
        Assert.Equal(2, file.Tracks[0].Events.Count);
        Assert.Contains(file.Warnings, w => w.Kind == MidiErrorKind.AbsurdSize && w.Offset == 18);
        var e = Assert.Throws<MidiReadException>(() => MidiReader.Read(bytes, MidiReadSettings.Strict));
        Assert.Equal(MidiErrorKind.AbsurdSize, e.Kind);
        Assert.Equal(18, e.Offset);
    }

    [Fact]
    public void Header_declaring_65535_tracks_does_not_allocate_for_them()
    {
        var bytes = Smf.Concat(Smf.Header(1, 65_535), Smf.Track(Smf.Body(0x00, 0x90, 60, 100)));
        long before = GC.GetAllocatedBytesForCurrentThread();
        var file = MidiReader.Read(bytes);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Single(file.Tracks);
        Assert.Contains(file.Warnings, w => w.Kind == MidiErrorKind.TooManyTracks && w.Offset == 10);
        Assert.True(allocated < 64 * 1024, $"allocated {allocated} bytes for a 40-byte file");
        Assert.Equal(MidiErrorKind.TooManyTracks, Assert.Throws<MidiReadException>(() => MidiReader.Read(bytes, MidiReadSettings.Strict)).Kind);
    }

    [Fact]
    public void Endless_running_status_stops_at_the_data_or_the_event_limit()
    {
        // 3 MB of "delta 0, note 60, velocity 100" after one status byte, no end-of-track.
        const int repeats = 1_000_000;
        var body = new byte[4 + 3 * repeats];
        body[0] = 0x00; body[1] = 0x90; body[2] = 60; body[3] = 100;
        for (int i = 4; i < body.Length; i += 3) { body[i] = 0; body[i + 1] = 60; body[i + 2] = 100; }
        var bytes = Smf.Concat(Smf.Header(0, 1), Smf.Track(body));

        var watch = Stopwatch.StartNew();
        var file = MidiReader.Read(bytes);
        Assert.Equal(repeats + 1, file.Tracks[0].Events.Count);
        Assert.Contains(file.Warnings, w => w.Kind == MidiErrorKind.MissingEndOfTrack);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10)); // a hang guard, not a speed test

        var limited = MidiReader.Read(bytes, MidiReadSettings.Lenient with { MaxEvents = 1000 });
        Assert.Equal(1000, limited.Tracks[0].Events.Count);
        Assert.Contains(limited.Warnings, w => w.Kind == MidiErrorKind.AbsurdSize);
    }

    [Fact]
    public void Many_tiny_tracks_share_one_event_budget()
    {
        var track = Smf.Track(Smf.Body(0x00, 0x90, 60, 100));
        var bytes = Smf.Concat([Smf.Header(1, 500), .. Enumerable.Repeat(track, 500)]);
        var file = MidiReader.Read(bytes, MidiReadSettings.Lenient with { MaxEvents = 101 });
        Assert.Equal(101, file.Tracks.Sum(t => t.Events.Count));
        Assert.Contains(file.Warnings, w => w.Kind == MidiErrorKind.AbsurdSize);
    }
}
