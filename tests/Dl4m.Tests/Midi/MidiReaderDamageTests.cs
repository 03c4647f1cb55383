using Dl4m.Midi;

namespace Dl4m.Tests.Midi;

/// <summary>Broken files: lenient mode salvages and warns with the offset, strict mode throws the right kind at the right offset.</summary>
public class MidiReaderDamageTests
{
    // Header is 14 bytes, the first MTrk header 8 more: the first event of the first track starts at byte 22.
    private const int FirstEvent = 22;

    private static MidiReadException Strict(byte[] bytes, MidiErrorKind kind)
    {
        var e = Assert.Throws<MidiReadException>(() => MidiReader.Read(bytes, MidiReadSettings.Strict));
        Assert.Equal(kind, e.Kind);
        Assert.Contains($"byte {e.Offset}", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        return e;
    }

    private static MidiFile Lenient(byte[] bytes, MidiErrorKind kind)
    {
        var file = MidiReader.Read(bytes);
        Assert.Contains(file.Warnings, w => w.Kind == kind);
        Assert.True(file.WasSalvaged);
        return file;
    }

    [Fact]
    public void Truncated_file_keeps_every_event_before_the_cut()
    {
        var whole = Smf.File(0, Smf.Body(0x00, 0x90, 60, 100, 0x10, 0x80, 60, 0, 0x10, 0x90, 62, 100));
        var cut = whole[..(FirstEvent + 4 + 4 + 2)]; // the third event loses its last data byte
        var file = Lenient(cut, MidiErrorKind.TruncatedChunk);
        Assert.Equal(2, file.Tracks[0].Events.Count);
        var e = Strict(cut, MidiErrorKind.TruncatedChunk);
        Assert.Equal(14 + 4, e.Offset); // the chunk length field that promises more than there is
    }

    [Fact]
    public void A_track_longer_than_the_whole_cut_file_is_truncation_not_an_absurd_size()
    {
        var notes = Enumerable.Range(0, 300).SelectMany(i => new byte[] { 0x10, 0x90, (byte)(40 + i % 40), 100 }).ToArray();
        var cut = Smf.File(0, Smf.Body(notes))[..600];
        var file = Lenient(cut, MidiErrorKind.TruncatedChunk);
        Assert.DoesNotContain(file.Warnings, w => w.Kind == MidiErrorKind.AbsurdSize);
        Assert.Equal((600 - FirstEvent) / 4, file.Tracks[0].Events.Count);
        Assert.StartsWith("track 0 declares 1,204 bytes but only 578 remain; reading what is there", file.Warnings[0].Reason);
        // Strict mode repairs nothing, so its message says only what is wrong.
        Assert.Equal("byte 18: track 0 declares 1,204 bytes but only 578 remain (truncated chunk)", Strict(cut, MidiErrorKind.TruncatedChunk).Message);
    }

    [Fact]
    public void Event_cut_inside_its_chunk_is_reported_where_it_starts()
    {
        // Chunk length agrees with the data, but the last event is missing its data bytes.
        var bytes = Smf.File(0, [0x00, 0x90, 60, 100, 0x10, 0x90]);
        var file = Lenient(bytes, MidiErrorKind.TruncatedChunk);
        Assert.Single(file.Tracks[0].Events);
        Assert.Equal(FirstEvent + 4, file.Warnings[0].Offset);
        Assert.Equal(FirstEvent + 4, Strict(bytes, MidiErrorKind.TruncatedChunk).Offset);
    }

    [Fact]
    public void Missing_end_of_track_is_a_warning_or_an_error()
    {
        var bytes = Smf.File(0, [0x00, 0x90, 60, 100, 0x10, 0x80, 60, 0]);
        Assert.Equal(2, Lenient(bytes, MidiErrorKind.MissingEndOfTrack).Tracks[0].Events.Count);
        Strict(bytes, MidiErrorKind.MissingEndOfTrack);
    }

    [Fact]
    public void Chunk_length_too_short_is_read_on_to_the_end_of_track_and_the_next_track_survives()
    {
        var body = Smf.Body(0x00, 0x90, 60, 100, 0x10, 0x80, 60, 0);
        var bytes = Smf.Concat(Smf.Header(1, 2), Smf.Track(body, declaredLength: 3), Smf.Track(Smf.Body(0x00, 0xC0, 7)));
        var file = Lenient(bytes, MidiErrorKind.ChunkLengthMismatch);
        Assert.Equal(3, file.Tracks[0].Events.Count);
        Assert.Equal(2, file.Tracks[1].Events.Count);
        Assert.Equal(FirstEvent, Strict(bytes, MidiErrorKind.TruncatedChunk).Offset); // the first event does not fit in 3 bytes
    }

    [Fact]
    public void Chunk_length_too_long_resumes_at_the_next_track()
    {
        var body = Smf.Body(0x00, 0x90, 60, 100);
        var second = Smf.Track(Smf.Body(0x00, 0xC0, 7, 0x00, 0xC0, 8));
        var bytes = Smf.Concat(Smf.Header(1, 2), Smf.Track(body, declaredLength: (uint)body.Length + 10), second);
        var file = Lenient(bytes, MidiErrorKind.ChunkLengthMismatch);
        Assert.Equal(2, file.Tracks.Count);
        Assert.Equal(3, file.Tracks[1].Events.Count);
        Assert.Equal(FirstEvent + body.Length, Strict(bytes, MidiErrorKind.ChunkLengthMismatch).Offset);
    }

    [Fact]
    public void Status_bytes_that_cannot_appear_in_a_file_stop_the_track()
    {
        var bytes = Smf.File(0, Smf.Body(0x00, 0x90, 60, 100, 0x00, 0xF4, 0x00, 0x90, 61, 100));
        var file = Lenient(bytes, MidiErrorKind.BadStatusByte);
        Assert.Single(file.Tracks[0].Events);
        Assert.Equal(FirstEvent + 5, Strict(bytes, MidiErrorKind.BadStatusByte).Offset);
    }

    [Fact]
    public void Data_byte_without_running_status_is_a_bad_status_byte()
    {
        var bytes = Smf.File(0, Smf.Body(0x00, 60, 100));
        Assert.Empty(Lenient(bytes, MidiErrorKind.BadStatusByte).Tracks[0].Events);
        Assert.Equal(FirstEvent + 1, Strict(bytes, MidiErrorKind.BadStatusByte).Offset);
    }

    [Fact]
    public void Data_byte_with_top_bit_set_is_masked_leniently()
    {
        var bytes = Smf.File(0, Smf.Body(0x00, 0x90, 60 | 0x80, 100));
        var file = Lenient(bytes, MidiErrorKind.BadDataByte);
        Assert.Equal(MidiEvent.ChannelEvent(0, MidiEventType.NoteOn, 0, 60, 100), file.Tracks[0].Events[0]);
        Strict(bytes, MidiErrorKind.BadDataByte);
    }

    [Fact]
    public void Running_status_across_meta_and_sysex_is_tolerated_leniently_and_refused_strictly()
    {
        foreach (var between in new[] { new byte[] { 0x00, 0xFF, 0x01, 1, (byte)'x' }, new byte[] { 0x00, 0xF0, 1, 0xF7 } })
        {
            var bytes = Smf.File(0, Smf.Body([0x00, 0x90, 60, 100, .. between, 0x10, 62, 100]));
            var file = Lenient(bytes, MidiErrorKind.RunningStatusAfterMetaOrSysEx);
            Assert.Equal(MidiEvent.ChannelEvent(16, MidiEventType.NoteOn, 0, 62, 100), file.Tracks[0].Events[2]);
            Assert.Equal(FirstEvent + 4 + between.Length + 1, Strict(bytes, MidiErrorKind.RunningStatusAfterMetaOrSysEx).Offset);
        }
    }

    [Fact]
    public void Delta_time_of_2_pow_28_needs_five_bytes_and_is_refused()
    {
        var bytes = Smf.File(0, Smf.Body(0x00, 0x90, 60, 100, 0x81, 0x80, 0x80, 0x80, 0x00, 0x90, 61, 100));
        var file = Lenient(bytes, MidiErrorKind.VlqTooLong);
        Assert.Single(file.Tracks[0].Events);
        Strict(bytes, MidiErrorKind.VlqTooLong);
    }

    [Fact]
    public void Meta_length_past_the_track_end_is_truncation()
    {
        var bytes = Smf.File(0, Smf.Body(0x00, 0x90, 60, 100, 0x00, 0xFF, 0x01, 0x10, 1, 2)); // 16 bytes promised, 6 left
        Assert.Single(Lenient(bytes, MidiErrorKind.TruncatedChunk).Tracks[0].Events);
        Assert.Equal(FirstEvent + 4, Strict(bytes, MidiErrorKind.TruncatedChunk).Offset);
    }

    [Fact]
    public void Sysex_length_larger_than_the_file_is_absurd()
    {
        var bytes = Smf.File(0, Smf.Body(0x00, 0x90, 60, 100, 0x00, 0xF0, 0xFF, 0xFF, 0xFF, 0x7F, 1, 2));
        Assert.Single(Lenient(bytes, MidiErrorKind.AbsurdSize).Tracks[0].Events);
        Strict(bytes, MidiErrorKind.AbsurdSize);
    }

    [Fact]
    public void Fewer_tracks_than_declared()
    {
        var bytes = Smf.Concat(Smf.Header(1, 2), Smf.Track(Smf.Body(0x00, 0x90, 60, 100)));
        Assert.Single(Lenient(bytes, MidiErrorKind.MissingTracks).Tracks);
        Strict(bytes, MidiErrorKind.MissingTracks);
    }

    [Fact]
    public void More_tracks_than_declared_are_read_leniently()
    {
        var bytes = Smf.Concat(Smf.Header(1, 1), Smf.Track(Smf.Body()), Smf.Track(Smf.Body(0x00, 0x90, 60, 100)));
        Assert.Equal(2, Lenient(bytes, MidiErrorKind.TooManyTracks).Tracks.Count);
        Strict(bytes, MidiErrorKind.TooManyTracks);
    }

    [Fact]
    public void Trailing_bytes_after_the_last_track()
    {
        var bytes = Smf.Concat(Smf.File(0, Smf.Body(0x00, 0x90, 60, 100)), new byte[100]);
        Assert.Equal(2, Lenient(bytes, MidiErrorKind.TrailingData).Tracks[0].Events.Count);
        Strict(bytes, MidiErrorKind.TrailingData);
        // Per-kind policy: strict, except that padding after the last track is fine.
        var tolerant = MidiReadSettings.Strict.With(MidiErrorKind.TrailingData, MidiProblemPolicy.Ignore);
        Assert.Empty(MidiReader.Read(bytes, tolerant).Warnings);
        Strict(bytes, MidiErrorKind.TrailingData); // the preset itself is unchanged
    }

    [Fact]
    public void Garbage_between_tracks_is_skipped_to_the_next_track()
    {
        var bytes = Smf.Concat(Smf.Header(1, 2), Smf.Track(Smf.Body()), [0xDE, 0xAD, 0xBE, 0xEF, 0x01, 0x02, 0x03, 0x04, 0x05],
            Smf.Track(Smf.Body(0x00, 0x90, 60, 100)));
        var file = Lenient(bytes, MidiErrorKind.CorruptChunk);
        Assert.Equal(2, file.Tracks.Count);
        Assert.True(file.Tracks[1].Events[0].IsNoteOn);
        Strict(bytes, MidiErrorKind.CorruptChunk);
    }

    [Fact]
    public void Unknown_chunk_whose_length_runs_past_the_data_is_damage_and_the_next_track_is_found()
    {
        var bytes = Smf.Concat(Smf.Header(1, 2), Smf.Track(Smf.Body()), "XFIH"u8.ToArray(), [0x00, 0xFF, 0xFF, 0xFF, 1, 2],
            Smf.Track(Smf.Body(0x00, 0x90, 60, 100)));
        var file = Lenient(bytes, MidiErrorKind.CorruptChunk);
        Assert.Equal(2, file.Tracks.Count);
        Assert.Equal(2, file.Tracks[1].Events.Count);
    }

    [Fact]
    public void With_no_room_for_warnings_only_their_count_is_kept()
    {
        var bytes = Smf.File(0, [0x00, 0x90, 60 | 0x80, 100]);
        var file = MidiReader.Read(bytes, MidiReadSettings.Lenient with { MaxWarnings = 0 });
        Assert.Equal("2 more warnings not recorded", Assert.Single(file.Warnings).Reason);
    }

    [Fact]
    public void A_chunk_id_one_byte_off_MTrk_is_read_as_a_track_leniently()
    {
        var bytes = Smf.File(0, Smf.Body(0x00, 0x90, 60, 100));
        bytes[14 + 3] ^= 0x01; // "MTrk" -> "MTrj"
        Assert.Equal(2, Lenient(bytes, MidiErrorKind.CorruptChunk).Tracks[0].Events.Count);
        Strict(bytes, MidiErrorKind.MissingTracks); // strict skips it as an unknown chunk, then misses the track
    }

    [Fact]
    public void Bad_header_fields_are_repaired_leniently()
    {
        var format3 = Smf.File(3, Smf.Body());
        Assert.Equal(1, Lenient(format3, MidiErrorKind.BadHeader).Format);
        Strict(format3, MidiErrorKind.BadHeader);

        var division0 = Smf.File(0, 0, Smf.Body());
        Assert.Equal(480, Lenient(division0, MidiErrorKind.BadHeader).Division.TicksPerQuarter);
        Strict(division0, MidiErrorKind.BadHeader);
    }

    [Fact]
    public void Junk_before_the_header_is_skipped_leniently_only()
    {
        var bytes = Smf.Concat(new byte[128], Smf.File(0, Smf.Body(0x00, 0x90, 60, 100))); // e.g. a MacBinary header
        Assert.Equal(2, Lenient(bytes, MidiErrorKind.CorruptChunk).Tracks[0].Events.Count);
        Strict(bytes, MidiErrorKind.NotMidi);
    }

    [Fact]
    public void Not_midi_throws_in_every_mode()
    {
        foreach (var bytes in new[] { "hello, this is a text file"u8.ToArray(), [], new byte[5000] })
        {
            foreach (var settings in new[] { MidiReadSettings.Lenient, MidiReadSettings.Strict })
            {
                var e = Assert.Throws<MidiReadException>(() => MidiReader.Read(bytes, settings));
                Assert.Equal(MidiErrorKind.NotMidi, e.Kind);
            }
        }
    }

    [Fact]
    public void Header_cut_short_throws_in_every_mode()
    {
        var bytes = Smf.File(0, Smf.Body())[..10];
        var e = Assert.Throws<MidiReadException>(() => MidiReader.Read(bytes));
        Assert.Equal(MidiErrorKind.TruncatedChunk, e.Kind);
    }

    [Fact]
    public void Warnings_are_capped_and_the_rest_counted()
    {
        var events = Enumerable.Range(0, 50).SelectMany(_ => new byte[] { 0x00, 0x90, 0xBC, 100 }).ToArray();
        var file = MidiReader.Read(Smf.File(0, Smf.Body(events)), MidiReadSettings.Lenient with { MaxWarnings = 10 });
        Assert.Equal(11, file.Warnings.Count);
        Assert.Contains("40 more warnings", file.Warnings[^1].Reason);
        Assert.Equal(51, file.Tracks[0].Events.Count);
    }

    [Fact]
    public void Read_file_names_the_path_in_errors()
    {
        string dir = Directory.CreateTempSubdirectory("dl4m-midi-").FullName;
        try
        {
            string text = Path.Combine(dir, "notes.mid");
            File.WriteAllText(text, "not a midi file at all");
            var e = Assert.Throws<MidiReadException>(() => MidiReader.ReadFile(text));
            Assert.StartsWith($"{text}: byte 0:", e.Message);
            Assert.Equal(text, e.Path);

            string missing = Path.Combine(dir, "missing.mid");
            var io = Assert.Throws<Dl4mException>(() => MidiReader.ReadFile(missing));
            Assert.Equal($"{missing}: cannot read MIDI file: no such file", io.Message);

            var tooBig = Assert.Throws<MidiReadException>(() => MidiReader.ReadFile(text, MidiReadSettings.Lenient with { MaxFileBytes = 10 }));
            Assert.Equal(MidiErrorKind.AbsurdSize, tooBig.Kind);

            var folder = Assert.Throws<Dl4mException>(() => MidiReader.ReadFile(dir));
            Assert.Equal($"{dir}: cannot read MIDI file: is a folder", folder.Message);

            // Bigger than the first read buffer (64 KB): read whole, the same as from bytes.
            var notes = Enumerable.Range(0, 60_000).SelectMany(i => new byte[] { 0x10, 0x90, (byte)(40 + i % 40), 100 }).ToArray();
            byte[] big = Smf.File(0, Smf.Body(notes));
            string bigPath = Path.Combine(dir, "big.mid");
            File.WriteAllBytes(bigPath, big);
            var fromFile = MidiReader.ReadFile(bigPath, MidiReadSettings.Strict);
            MidiAssert.Equal(MidiReader.Read(big, MidiReadSettings.Strict), fromFile);
            Assert.Equal(big, MidiReader.LoadBytes(bigPath, 1 << 20));
            Assert.Equal(MidiErrorKind.AbsurdSize, Assert.Throws<MidiReadException>(() => MidiReader.LoadBytes(bigPath, 100_000)).Kind);
            foreach (bool posix in new[] { true, false }) // the Linux fast path and the portable one
            {
                var buffer = new byte[16];
                int length = MidiReader.LoadPooled(bigPath, 1 << 20, ref buffer, posix);
                Assert.Equal(big, buffer[..length]);
                Assert.Throws<MidiReadException>(() => MidiReader.LoadPooled(bigPath, 1000, ref buffer, posix));
                Assert.Throws<Dl4mException>(() => MidiReader.LoadPooled(missing, 1000, ref buffer, posix));
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
