using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Dl4m.Midi;

namespace Dl4m.Data;

/// <summary>
/// Turns a MIDI file into its note events: one <see cref="EventRecord"/> per kept note-on.
/// <para>
/// Rules (documented in docs/prepare.md):
/// formats 0 and 1 merge every track in time order (ties keep track order, then file order, as mido's
/// merged iteration does) and use one tempo map built from all tracks; format 2 plays each track as an
/// independent song with its own tempo map, one after the other (a track starts where the previous
/// one's last event was). Channel 9 (General MIDI drums, "channel 10") is dropped unless drums are
/// included. Δtimes are measured from the previous kept note-on; the first event's Δ is 0. A note-off
/// (or note-on with velocity 0) closes the oldest open note of the same channel and pitch (FIFO); a note
/// never closed lasts until the song's last event and is flagged <see cref="EventFlags.Unterminated"/>.
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

    private const int Keys = 16 * 128; // (channel, note) pairs

    private TimedMessage[] _messages = new TimedMessage[1024];
    private TimedMessage[] _mergeBuffer = [];
    private readonly List<(int Start, int Length)> _runs = [];
    private EventRecord[] _events = new EventRecord[1024];
    private double[] _startSeconds = new double[1024];
    private double[] _startBeats = new double[1024];
    private int[] _nextOpen = new int[1024]; // FIFO link: next open note of the same (channel, note)
    private readonly int[] _openHead = new int[Keys];
    private readonly int[] _openTail = new int[Keys];
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
        Array.Fill(_openHead, -1);
        Array.Fill(_openTail, -1);
        Array.Clear(_program);
        int firstEvent = _count;

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
                    double beats = map.Beats(m.Tick);
                    double barPosition = bars.BarPosition(m.Tick, beats, out double barLength);
                    StartNote(m, clock.OffsetSeconds + map.Seconds(m.Tick), clock.OffsetBeats + beats, barPosition, barLength, map.BpmAt(m.Tick), ref clock);
                    break;
                }
                case MidiEventType.NoteOn or MidiEventType.NoteOff:
                    EndNote(m, clock.OffsetSeconds + map.Seconds(m.Tick), clock.OffsetBeats + map.Beats(m.Tick));
                    break;
            }
        }

        double endSeconds = clock.OffsetSeconds + map.Seconds(endTick);
        double endBeats = clock.OffsetBeats + map.Beats(endTick);
        for (int i = firstEvent; i < _count; i++)
        {
            ref var e = ref _events[i];
            if (e.DurationSeconds >= 0) continue;
            SetDuration(ref e, endSeconds - _startSeconds[i], endBeats - _startBeats[i]);
            e.Flags |= EventFlags.Unterminated;
        }
        clock.OffsetSeconds = endSeconds;
        clock.OffsetBeats += map.Beats(endTick);
    }

    /// <summary>Copies the note and program messages of the tracks into time order; counts note-ons.</summary>
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
            foreach (ref readonly var e in CollectionsMarshal.AsSpan(file.Tracks[t].Events))
            {
                if (e.Tick > endTick) endTick = e.Tick;
                if (e.Type is not (MidiEventType.NoteOn or MidiEventType.NoteOff or MidiEventType.ProgramChange)) continue;
                if (e.IsNoteOn) NoteOns++;
                if (e.Tick < lastTick) // a track out of order (never from our reader): start a new sorted run
                {
                    _runs.Add((runStart, n - runStart));
                    runStart = n;
                }
                lastTick = e.Tick;
                if (n == _messages.Length) Array.Resize(ref _messages, n * 2);
                _messages[n++] = new TimedMessage(e.Tick, e.Type, e.Channel, e.Data1, e.Data2);
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

    private void StartNote(in TimedMessage m, double seconds, double beats, double barPosition, double barLength, double bpm, ref SongClock clock)
    {
        if (_count == _events.Length)
        {
            int size = _count * 2;
            Array.Resize(ref _events, size);
            Array.Resize(ref _startSeconds, size);
            Array.Resize(ref _startBeats, size);
            Array.Resize(ref _nextOpen, size);
        }
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
            DurationSeconds = -1f, // still open; set by its note-off or at the end of the song
            BarPosition = (float)barPosition,
            BarLength = (float)barLength,
            Bpm = (float)bpm,
            Program = _program[channel],
            Channel = (byte)channel,
            Flags = capped ? EventFlags.DeltaCapped : (byte)0,
        };
        _startSeconds[index] = seconds;
        _startBeats[index] = beats;
        clock.Started = true;
        clock.PreviousSeconds = seconds;
        clock.PreviousBeats = beats;

        int key = channel * 128 + (m.Data1 & 127);
        _nextOpen[index] = -1;
        if (_openTail[key] >= 0) _nextOpen[_openTail[key]] = index;
        else _openHead[key] = index;
        _openTail[key] = index;
    }

    private void EndNote(in TimedMessage m, double seconds, double beats)
    {
        int key = (m.Channel & 15) * 128 + (m.Data1 & 127);
        int index = _openHead[key];
        if (index < 0) return; // a note-off without a note-on (or a dropped drum note)
        _openHead[key] = _nextOpen[index];
        if (_openHead[key] < 0) _openTail[key] = -1;
        SetDuration(ref _events[index], seconds - _startSeconds[index], beats - _startBeats[index]);
    }

    private static void SetDuration(ref EventRecord e, double seconds, double beats)
    {
        if (seconds > MaxSeconds || beats > MaxBeats) e.Flags |= EventFlags.DurationCapped;
        e.DurationSeconds = (float)Math.Min(seconds, MaxSeconds);
        e.DurationBeats = (float)Math.Min(beats, MaxBeats);
    }

    private readonly record struct TimedMessage(long Tick, MidiEventType Type, byte Channel, byte Data1, byte Data2);

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
