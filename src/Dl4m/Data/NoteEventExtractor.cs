using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Dl4m.Midi;
using Dl4m.Music;

namespace Dl4m.Data;

/// <summary>
/// Turns a MIDI file into its note events: one <see cref="EventRecord"/> per kept note-on.
/// <para>
/// Rules (documented in docs/prepare.md):
/// formats 0 and 1 merge every track in time order (ties keep track order, then file order, as mido's
/// merged iteration does) and use one tempo map built from all tracks; format 2 plays each track as an
/// independent song with its own tempo map, one after the other (a track starts where the previous
/// one's last event was). Channel 9 (General MIDI drums, "channel 10") is dropped unless drums are
/// included. Δtimes are measured from the previous kept note-on; the first event's Δ is 0. Notes are paired by
/// <see cref="NotePairing"/>, the rule the metrics use too: within each track, a note-off (or note-on with velocity 0)
/// closes the oldest open note of the same channel and pitch (FIFO); a note never closed lasts until its track's last
/// event and is flagged <see cref="EventFlags.Unterminated"/>.
/// Program is the channel's last program change at that point of the merged stream (0 if none).
/// Bar position and length come from the time signatures (<see cref="TimeSignatureMap"/>: 4/4 when none, a
/// change mid-bar starts a new bar), tempo from the tempo map at the note-on (<see cref="TempoMap"/>: 120 bpm
/// when none; implausible tempos and signatures are ignored / read as 4/4, the reader warns). In format 2 both
/// maps are per track, so each track's bars start at its own beginning.
/// </para>
/// <para>
/// Δtimes and durations above <see cref="MaxSeconds"/> or <see cref="MaxBeats"/> (a huge but valid delta, e.g.
/// 443,718 s of silence) are capped there and the event flagged <see cref="EventFlags.DeltaCapped"/> or
/// <see cref="EventFlags.DurationCapped"/>, so one such file cannot dominate the dataset's normalisation statistics.
/// </para>
/// <para>
/// An instance keeps its buffers between files (no allocation per event), so it is meant to be owned by
/// one worker thread; <see cref="Events"/> is valid until the next call to <see cref="Extract"/>.
/// </para>
/// </summary>
public sealed class NoteEventExtractor
{
    /// <summary>General MIDI's percussion channel (0-based).</summary>
    public const int DrumChannel = 9;

    /// <summary>Longest Δtime or duration kept in seconds; longer ones are capped here and flagged.</summary>
    public const float MaxSeconds = 60f;

    /// <summary>Longest Δtime or duration kept in quarter-note beats (32 bars of 4/4); longer ones are capped here and flagged.</summary>
    public const float MaxBeats = 128f;

    private TimedMessage[] _messages = new TimedMessage[1024];
    private TimedMessage[] _mergeBuffer = [];
    private readonly List<(int Start, int Length)> _runs = [];
    private EventRecord[] _events = new EventRecord[1024];
    private NoteEnd[] _ends = new NoteEnd[1024]; // per event of the track being collected: where its note ends
    private readonly NotePairing _pairing = new();
    private readonly byte[] _program = new byte[16];
    private int _count;

    /// <summary>Creates an extractor.</summary>
    /// <param name="includeDrums">Keep notes of channel 9 (General MIDI drums).</param>
    public NoteEventExtractor(bool includeDrums) => IncludeDrums = includeDrums;

    /// <summary>Whether channel 9 notes are kept.</summary>
    public bool IncludeDrums { get; }

    /// <summary>The events of the last extracted file, in time order.</summary>
    public ReadOnlySpan<EventRecord> Events => _events.AsSpan(0, _count);

    /// <summary>Note-ons with velocity above 0 on every channel and track of the last file, before any filtering.</summary>
    public int NoteOns { get; private set; }

    /// <summary>Extracts the note events of a file; returns how many were kept (see <see cref="Events"/>).</summary>
    public int Extract(MidiFile file)
    {
        _count = 0;
        NoteOns = 0;
        var clock = new SongClock();
        if (file.Format == 2)
        {
            for (int t = 0; t < file.Tracks.Count; t++)
            {
                var tempo = TempoMap.ForTrack(file, t);
                ExtractSequence(file, t, 1, tempo, TimeSignatureMap.ForTrack(file, t, tempo), ref clock);
            }
        }
        else
        {
            var tempo = TempoMap.FromFile(file);
            ExtractSequence(file, 0, file.Tracks.Count, tempo, TimeSignatureMap.FromFile(file, tempo), ref clock);
        }
        return _count;
    }

    /// <summary>Convenience for tests and tools: the events of one file in a new array.</summary>
    public static EventRecord[] ExtractAll(MidiFile file, bool includeDrums = false)
    {
        var extractor = new NoteEventExtractor(includeDrums);
        extractor.Extract(file);
        return extractor.Events.ToArray();
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loop: skip tier-0 code in short runs
    private void ExtractSequence(MidiFile file, int firstTrack, int trackCount, TempoMap map, TimeSignatureMap bars, ref SongClock clock)
    {
        int n = CollectMessages(file, firstTrack, trackCount, out long endTick);
        Array.Clear(_program);

        for (int i = 0; i < n; i++)
        {
            ref readonly var m = ref _messages[i];
            switch (m.Type)
            {
                case MidiEventType.ProgramChange:
                    _program[m.Channel & 15] = (byte)(m.Data1 & 127);
                    break;
                case MidiEventType.NoteOn when m.Data2 > 0:
                    if (m.Channel == DrumChannel && !IncludeDrums) break;
                {
                    double seconds = map.Seconds(m.Tick), beats = map.Beats(m.Tick);
                    double barPosition = bars.BarPosition(m.Tick, beats, out double barLength);
                    ref var e = ref StartNote(m, clock.OffsetSeconds + seconds, clock.OffsetBeats + beats, barPosition, barLength, map.BpmAt(m.Tick), ref clock);
                    SetDuration(ref e, map.Seconds(m.End.Tick) - seconds, map.Beats(m.End.Tick) - beats);
                    if (m.End.Hanging) e.Flags |= EventFlags.Unterminated;
                    break;
                }
            }
        }

        clock.OffsetSeconds += map.Seconds(endTick);
        clock.OffsetBeats += map.Beats(endTick);
    }

    /// <summary>
    /// Copies the note-ons (each with where <see cref="NotePairing"/> ends it) and program changes of the tracks into time
    /// order; counts note-ons. Pairing happens here, per track, because a note-off only ever ends a note of its own track.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loop: skip tier-0 code in short runs
    private int CollectMessages(MidiFile file, int firstTrack, int trackCount, out long endTick)
    {
        int n = 0;
        endTick = 0;
        _runs.Clear();
        for (int t = firstTrack; t < firstTrack + trackCount; t++)
        {
            int runStart = n;
            long lastTick = long.MinValue;
            var events = CollectionsMarshal.AsSpan(file.Tracks[t].Events);
            if (_ends.Length < events.Length) _ends = new NoteEnd[Math.Max(events.Length, _ends.Length * 2)];
            _pairing.PairTrack(events, _ends);
            for (int i = 0; i < events.Length; i++)
            {
                ref readonly var e = ref events[i];
                if (e.Tick > endTick) endTick = e.Tick;
                if (!(e.IsNoteOn || e.Type == MidiEventType.ProgramChange)) continue; // note-offs are in _ends already
                if (e.IsNoteOn) NoteOns++;
                if (e.Tick < lastTick) // a track out of order (never from our reader): start a new sorted run
                {
                    _runs.Add((runStart, n - runStart));
                    runStart = n;
                }
                lastTick = e.Tick;
                if (n == _messages.Length) Array.Resize(ref _messages, n * 2);
                _messages[n++] = new TimedMessage(e.Tick, e.Type, e.Channel, e.Data1, e.Data2, e.IsNoteOn ? _ends[i] : default);
            }
            if (n > runStart) _runs.Add((runStart, n - runStart));
        }
        MergeRuns(n);
        return n;
    }

    /// <summary>
    /// Merges the sorted runs (one per track) into one time-ordered stream, bottom-up, always taking
    /// from the earlier run on equal ticks: the same order as mido's stable merge of the tracks.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // hot loop: skip tier-0 code in short runs
    private void MergeRuns(int n)
    {
        if (_runs.Count <= 1) return;
        if (_mergeBuffer.Length < n) _mergeBuffer = new TimedMessage[_messages.Length];
        while (_runs.Count > 1)
        {
            int merged = 0;
            for (int r = 0; r < _runs.Count; r += 2)
            {
                var (aStart, aLength) = _runs[r];
                if (r + 1 == _runs.Count)
                {
                    Array.Copy(_messages, aStart, _mergeBuffer, aStart, aLength);
                    _runs[merged++] = (aStart, aLength);
                    continue;
                }
                var (bStart, bLength) = _runs[r + 1];
                int i = aStart, aEnd = aStart + aLength, j = bStart, bEnd = bStart + bLength, o = aStart;
                while (i < aEnd && j < bEnd)
                    _mergeBuffer[o++] = _messages[j].Tick < _messages[i].Tick ? _messages[j++] : _messages[i++];
                while (i < aEnd) _mergeBuffer[o++] = _messages[i++];
                while (j < bEnd) _mergeBuffer[o++] = _messages[j++];
                _runs[merged++] = (aStart, aLength + bLength);
            }
            _runs.RemoveRange(merged, _runs.Count - merged);
            (_messages, _mergeBuffer) = (_mergeBuffer, _messages);
        }
    }

    private ref EventRecord StartNote(in TimedMessage m, double seconds, double beats, double barPosition, double barLength, double bpm, ref SongClock clock)
    {
        if (_count == _events.Length) Array.Resize(ref _events, _count * 2);
        int index = _count++;
        int channel = m.Channel & 15;
        double deltaSeconds = clock.Started ? seconds - clock.PreviousSeconds : 0;
        double deltaBeats = clock.Started ? beats - clock.PreviousBeats : 0;
        bool capped = deltaSeconds > MaxSeconds || deltaBeats > MaxBeats;
        _events[index] = new EventRecord
        {
            Note = m.Data1 & 127,
            Velocity = m.Data2 & 127,
            DeltaSeconds = (float)Math.Min(deltaSeconds, MaxSeconds),
            DeltaBeats = (float)Math.Min(deltaBeats, MaxBeats),
            BarPosition = (float)barPosition,
            BarLength = (float)barLength,
            Bpm = (float)bpm,
            Program = _program[channel],
            Channel = (byte)channel,
            Flags = capped ? EventFlags.DeltaCapped : (byte)0,
        };
        clock.Started = true;
        clock.PreviousSeconds = seconds;
        clock.PreviousBeats = beats;
        return ref _events[index];
    }

    private static void SetDuration(ref EventRecord e, double seconds, double beats)
    {
        if (seconds > MaxSeconds || beats > MaxBeats) e.Flags |= EventFlags.DurationCapped;
        e.DurationSeconds = (float)Math.Min(seconds, MaxSeconds);
        e.DurationBeats = (float)Math.Min(beats, MaxBeats);
    }

    /// <summary>A note-on (with where it ends) or program change of the merged stream.</summary>
    private readonly record struct TimedMessage(long Tick, MidiEventType Type, byte Channel, byte Data1, byte Data2, NoteEnd End);

    /// <summary>Where the song's timeline is: the previous kept note-on and the start of the current sequence.</summary>
    private struct SongClock
    {
        public bool Started;
        public double PreviousSeconds;
        public double PreviousBeats;
        public double OffsetSeconds;
        public double OffsetBeats;
    }
}
