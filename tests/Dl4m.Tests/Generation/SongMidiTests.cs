using Dl4m.Generation;
using Dl4m.Midi;
using Dl4m.Music;
using Xunit;

namespace Dl4m.Tests.Generation;

public sealed class SongMidiTests
{
    [Fact]
    public void FileIsType1WithTempoTimeSignatureProgramAndANoteOffForEveryNoteOn()
    {
        // overlapping repeats of one pitch and a chord: the hard cases for note-off pairing
        Note[] notes =
        [
            new(60, 100, 0, 1.0), new(64, 90, 0, 0.5), new(67, 80, 0, 0.5),
            new(60, 70, 0.5, 0.2), new(72, 127, 1.0, 0.001),
        ];
        var bytes = MidiWriter.Write(SongMidi.Create(notes, bpm: 90, program: 40));
        var file = MidiReader.Read(bytes);
        Assert.Equal(1, file.Format);
        Assert.Equal(480, file.Division.TicksPerQuarter);
        var all = file.Tracks.SelectMany(t => t.Events).ToList();
        var tempo = Assert.Single(all, e => e.Type == MidiEventType.Meta && e.MetaType == MetaType.SetTempo);
        Assert.Equal((int)Math.Round(60_000_000 / 90.0), (tempo.Payload![0] << 16) | (tempo.Payload[1] << 8) | tempo.Payload[2]);
        Assert.Single(all, e => e.Type == MidiEventType.Meta && e.MetaType == MetaType.TimeSignature && e.Payload![0] == 4 && e.Payload[1] == 2);
        Assert.Single(all, e => e.Type == MidiEventType.ProgramChange && e.Data1 == 40);
        Assert.Equal(notes.Length, all.Count(e => e.IsNoteOn));
        Assert.Equal(notes.Length, all.Count(e => e.IsNoteOff));
        foreach (int pitch in notes.Select(n => n.Pitch).Distinct())
        {
            int sounding = 0;
            foreach (var e in all.Where(e => e.Data1 == pitch && (e.IsNoteOn || e.IsNoteOff)).OrderBy(e => e.Tick))
            {
                sounding += e.IsNoteOn ? 1 : -1;
                Assert.True(sounding >= 0, $"note-off of {pitch} before its note-on");
            }
            Assert.Equal(0, sounding);
        }
        var back = PianoRollNotes(file);
        Assert.Equal(notes.Select(n => n.Pitch).Order(), back.Select(n => n.Pitch).Order());
    }

    [Theory]
    [InlineData(5, 0)]
    [InlineData(120, 128)]
    public void OutOfRangeTempoOrProgramIsRefused(double bpm, int program) =>
        Assert.Throws<Dl4mException>(() => SongMidi.Create([], bpm, program));

    private static List<Note> PianoRollNotes(MidiFile file) => Dl4m.Plotting.PianoRoll.NotesOf(file);
}
