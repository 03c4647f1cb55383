using Dl4m.Data;
using Dl4m.Midi;
using Dl4m.Tests.Data;

namespace Dl4m.Tests.Midi;

/// <summary>
/// The corpus walk follows symbolic links but never loops, and lists what it could not follow with the reason
/// instead of skipping it silently (an adversarial run found a link loop and an unreadable folder skipped without a word).
/// </summary>
public sealed class MidiFileFinderTests
{
    [Fact]
    public void Links_are_followed_and_a_loop_or_a_dangling_link_is_listed_with_its_reason()
    {
        using var tmp = new TempFolder();
        tmp.Write("in/a.mid", [1]);
        tmp.Write("in/sub/b.MID", [2]);
        tmp.Write("other/c.mid", [3]);
        File.CreateSymbolicLink(tmp.Combine("in/sub/up"), "..");          // loop back to in/
        Directory.CreateSymbolicLink(tmp.Combine("in/linked"), tmp.Combine("other"));
        File.CreateSymbolicLink(tmp.Combine("in/link.mid"), "sub/b.MID");
        File.CreateSymbolicLink(tmp.Combine("in/dangling.mid"), "nowhere.mid");

        var skipped = new List<SkippedPath>();
        var files = MidiFileFinder.Find(tmp.Combine("in"), skipped);

        Assert.Equal(["a.mid", "link.mid", "linked/c.mid", "sub/b.MID"], files.Select(f => f.RelativePath));
        Assert.Equal(["(root)", "(root)", "linked", "sub"], files.Select(f => f.Label));
        Assert.Equal(2, skipped.Count);
        Assert.Equal("dangling.mid", skipped[0].Path);
        Assert.Contains("does not exist", skipped[0].Reason);
        Assert.Equal("sub/up/", skipped[1].Path);
        Assert.Contains("symbolic link loop", skipped[1].Reason);
    }

    [Fact]
    public void Prepare_lists_what_the_walk_skipped_among_the_manifest_failures()
    {
        using var tmp = new TempFolder();
        tmp.Write("in/a.mid", FakeMidiParser.Bytes("FAKE", (60, 100), (62, 90)));
        Directory.CreateSymbolicLink(tmp.Combine("in/loop"), tmp.Combine("in"));
        var manifest = new DatasetBuilder(new DatasetBuildOptions { Threads = 1 }, FakeMidiParser.Parse).Build(tmp.Combine("in"), tmp.Combine("data"));
        var failure = Assert.Single(manifest.Failures);
        Assert.Equal("loop/", failure.Path);
        Assert.Contains("symbolic link loop", failure.Reason);
        Assert.Equal(1, manifest.Counts.Files); // a skipped folder is not a file
    }
}
