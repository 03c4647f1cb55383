using Dl4m.Data;
using Dl4m.Midi;

namespace Dl4m.Tests.Data;

public class SyntheticCorpusTests
{
    [Fact]
    public void Mutation_transposes_shifts_velocity_and_leaves_drums_alone()
    {
        var source = new MidiFile(0, TimeDivision.Ppq(96), [new MidiTrack([
            MidiEvent.ChannelEvent(0, MidiEventType.NoteOn, 0, 60, 100),
            MidiEvent.ChannelEvent(0, MidiEventType.NoteOn, 9, 36, 100),
            MidiEvent.ChannelEvent(96, MidiEventType.NoteOff, 0, 60, 0),
        ])]);
        // variant 27: transpose 27 % 25 − 12 = −10, velocity shift 27 / 25 % 41 − 20 = −19
        var events = SyntheticCorpus.Mutate(source, 27, 5).Tracks[0].Events;
        Assert.Equal(MidiEventType.Meta, events[0].Type);
        Assert.Equal((50, 81), (events[1].Data1, events[1].Data2));
        Assert.Equal((36, 100), (events[2].Data1, events[2].Data2));
        Assert.Equal(50, events[3].Data1);
    }

    [Fact]
    public void Files_are_distinct_even_from_identical_sources_and_some_are_damaged()
    {
        using var tmp = new TempFolder();
        tmp.Write("src/a.mid", TinyMidi.Notes(0, 60, 62));
        tmp.Write("src/same/a.mid", TinyMidi.Notes(0, 60, 62));
        SyntheticCorpus.Build(tmp.Combine("src"), tmp.Combine("big"), 100, threads: 2);
        var manifest = new DatasetBuilder(new DatasetBuildOptions()).Build(tmp.Combine("big"), tmp.Combine("ds"));
        Assert.Equal(100, manifest.Counts.Files);
        Assert.Equal(0, manifest.Counts.Duplicates);
        Assert.Equal(2, manifest.Counts.Salvaged); // files 49 and 99 are cut short
        Assert.Equal(0, manifest.Counts.Failed);
    }
}
