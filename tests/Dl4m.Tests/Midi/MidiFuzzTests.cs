using System.Buffers.Binary;
using Dl4m.Midi;
using Xunit.Abstractions;

namespace Dl4m.Tests.Midi;

/// <summary>
/// Mutates real files (bit flips, truncation, byte insertion and deletion, overwritten chunk lengths, random runs)
/// with a fixed seed: strict mode may only throw <see cref="MidiReadException"/>; lenient mode always returns,
/// unless the 14-byte header itself is destroyed (nothing to salvage), and what it returns is well-formed.
/// </summary>
public class MidiFuzzTests(ITestOutputHelper output)
{
    // 10,000 cases take about half a second on an idle core. DL4M_FUZZ_CASES raises it for a long local run (same seed, more cases).
    private static readonly int Cases = int.TryParse(Environment.GetEnvironmentVariable("DL4M_FUZZ_CASES"), out int n) ? n : 10_000;
    private const int HeaderSize = 14;

    [Fact]
    public void Mutated_files_only_ever_raise_our_exception_and_lenient_reading_returns()
    {
        var originals = Originals();
        var random = new Random(20261125);
        int salvaged = 0, strictThrew = 0, lenientThrew = 0;
        for (int i = 0; i < Cases; i++)
        {
            var (original, headerEnd) = originals[random.Next(originals.Count)];
            var (mutated, description) = Mutate(original, random);
            string context = $"case {i} ({description})";

            try
            {
                MidiReader.Read(mutated, MidiReadSettings.Strict);
            }
            catch (MidiReadException)
            {
                strictThrew++;
            }
            catch (Exception e)
            {
                Assert.Fail($"{context}: strict mode let {e.GetType().Name} escape: {e}");
            }

            try
            {
                var file = MidiReader.Read(mutated);
                if (file.WasSalvaged) salvaged++;
                CheckWellFormed(file, mutated.Length, context);
            }
            catch (MidiReadException e) when (HeaderDestroyed(original, mutated, headerEnd))
            {
                Assert.True(e.Kind is MidiErrorKind.NotMidi or MidiErrorKind.TruncatedChunk, $"{context}: {e.Message}");
                lenientThrew++;
            }
            catch (Exception e)
            {
                Assert.Fail($"{context}: lenient mode did not return: {e}");
            }
        }
        output.WriteLine($"{Cases} cases: strict threw {strictThrew}, lenient salvaged {salvaged}, lenient threw {lenientThrew} (header destroyed)");
        // The mutations must really hurt, or the test proves nothing.
        Assert.True(strictThrew > Cases / 2, $"strict threw on only {strictThrew} of {Cases}");
        Assert.True(salvaged > Cases / 3, $"lenient salvaged only {salvaged} of {Cases}");
        Assert.True(lenientThrew < Cases / 10, $"lenient threw on {lenientThrew} of {Cases}");
    }

    /// <summary>True if the mutation touched the bytes up to the end of the MThd header (RIFF wrapper included).</summary>
    private static bool HeaderDestroyed(byte[] original, byte[] mutated, int headerEnd) =>
        mutated.Length < headerEnd || !mutated.AsSpan(0, headerEnd).SequenceEqual(original.AsSpan(0, headerEnd));

    private static void CheckWellFormed(MidiFile file, int length, string context)
    {
        long events = 0;
        foreach (var track in file.Tracks)
        {
            long previous = 0;
            foreach (var e in track.Events)
            {
                Assert.True(e.Tick >= previous, $"{context}: ticks go backwards");
                Assert.True(e.Data1 < 128 && e.Data2 < 128 && e.Channel < 16, $"{context}: data out of range");
                previous = e.Tick;
                events++;
            }
        }
        Assert.True(events <= length / 2, $"{context}: {events} events from {length} bytes");
        var map = TempoMap.FromFile(file);
        Assert.False(double.IsNaN(map.Seconds(file.Tracks.Count > 0 && file.Tracks[0].Events.Count > 0 ? file.Tracks[0].Events[^1].Tick : 0)));
    }

    /// <summary>
    /// A few dozen real corpus files when the corpus is here (otherwise a file written by our writer), each also
    /// wrapped in RIFF RMID; with where their MThd header ends.
    /// </summary>
    private static List<(byte[] Bytes, int HeaderEnd)> Originals()
    {
        string? corpus = Corpus.Nottingham();
        var smfs = corpus is not null
            ? MidiFileFinder.FindPaths(corpus).Where((_, i) => i % 97 == 0).Select(File.ReadAllBytes).ToList()
            : [Synthetic()];
        return [.. smfs.Select(b => (b, HeaderSize)), .. smfs.Take(5).Select(b => (Rmid(b), 20 + HeaderSize))];
    }

    private static byte[] Rmid(byte[] smf) =>
        Smf.Concat("RIFF"u8.ToArray(), BitConverter.GetBytes(12 + smf.Length), "RMIDdata"u8.ToArray(), BitConverter.GetBytes(smf.Length), smf);

    private static byte[] Synthetic()
    {
        var events = new List<MidiEvent> { MidiEvent.MetaEvent(0, MetaType.SetTempo, [0x07, 0xA1, 0x20]) };
        for (int i = 0; i < 300; i++)
        {
            events.Add(MidiEvent.ChannelEvent(i * 120, MidiEventType.NoteOn, i % 3, 40 + i % 40, 90));
            events.Add(MidiEvent.ChannelEvent(i * 120 + 100, MidiEventType.NoteOn, i % 3, 40 + i % 40, 0));
        }
        var file = new MidiFile(1, TimeDivision.Ppq(480), [new MidiTrack([MidiEvent.MetaEvent(0, MetaType.TrackName, "x"u8.ToArray())]), new MidiTrack(events)]);
        return MidiWriter.Write(file);
    }

    private static (byte[] Bytes, string Description) Mutate(byte[] original, Random random)
    {
        var bytes = original.ToList();
        int kind = random.Next(7);
        switch (kind)
        {
            case 0:
            {
                int flips = 1 + random.Next(8);
                for (int f = 0; f < flips; f++) bytes[random.Next(bytes.Count)] ^= (byte)(1 << random.Next(8));
                return (bytes.ToArray(), $"{flips} bit flips");
            }
            case 1:
            {
                int keep = random.Next(bytes.Count);
                return (bytes.Take(keep).ToArray(), $"truncated to {keep}");
            }
            case 2:
            {
                int at = random.Next(bytes.Count + 1), count = 1 + random.Next(4);
                for (int k = 0; k < count; k++) bytes.Insert(at, (byte)random.Next(256));
                return (bytes.ToArray(), $"{count} bytes inserted at {at}");
            }
            case 3:
            {
                int at = random.Next(bytes.Count), count = Math.Min(1 + random.Next(4), bytes.Count - at);
                bytes.RemoveRange(at, count);
                return (bytes.ToArray(), $"{count} bytes deleted at {at}");
            }
            case 4:
            {
                // Overwrite a chunk length: 0, tiny, huge, 4 GB or random.
                var array = bytes.ToArray();
                var chunks = ChunkLengthOffsets(array);
                int at = chunks[random.Next(chunks.Count)];
                uint[] values = [0, 1, (uint)random.Next(1 << 16), 0x7FFF_FFFF, uint.MaxValue, (uint)random.Next()];
                uint value = values[random.Next(values.Length)];
                BinaryPrimitives.WriteUInt32BigEndian(array.AsSpan(at), value);
                return (array, $"chunk length at {at} set to {value}");
            }
            case 5:
            {
                int at = random.Next(bytes.Count), count = Math.Min(1 + random.Next(64), bytes.Count - at);
                for (int k = 0; k < count; k++) bytes[at + k] = (byte)random.Next(256);
                return (bytes.ToArray(), $"{count} random bytes at {at}");
            }
            default:
            {
                // Header fields: track count, format, division.
                var array = bytes.ToArray();
                int at = 8 + random.Next(6);
                array[at] = (byte)random.Next(256);
                return (array, $"header byte {at} randomised");
            }
        }
    }

    private static List<int> ChunkLengthOffsets(byte[] bytes)
    {
        var offsets = new List<int>(); // length fields of MThd, MTrk, and RIFF's own and its data chunk's
        for (int i = 0; i + 8 <= bytes.Length; i++)
        {
            var id = bytes.AsSpan(i, 4);
            if (id.SequenceEqual("MTrk"u8) || id.SequenceEqual("MThd"u8) || id.SequenceEqual("RIFF"u8) || id.SequenceEqual("data"u8)) offsets.Add(i + 4);
        }
        return offsets;
    }
}
