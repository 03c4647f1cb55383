using System.Text.Json;
using Dl4m.Cli.Commands;
using Dl4m.Midi;
using Dl4m.Tests.Midi;

namespace Dl4m.Tests.Cli;

/// <summary>The benchmark's counting and errors (never its speed: speed is for `dl4m bench`, not for tests).</summary>
public class BenchParseCommandTests
{
    [Fact]
    public void Counts_files_bytes_events_and_note_ons_of_every_midi_extension_in_any_case()
    {
        string dir = Directory.CreateTempSubdirectory("dl4m-bench-").FullName;
        try
        {
            byte[] song = Smf.File(0, Smf.Body(0x00, 0x90, 60, 100, 0x10, 60, 0)); // 1 note-on, 1 note-off by velocity 0
            Directory.CreateDirectory(Path.Combine(dir, "sub"));
            File.WriteAllBytes(Path.Combine(dir, "a.MID"), song);
            File.WriteAllBytes(Path.Combine(dir, "sub", "b.kar"), song);
            File.WriteAllBytes(Path.Combine(dir, "c.txt"), song);
            File.WriteAllText(Path.Combine(dir, "broken.midi"), "not midi");
            var (code, output, _) = CommandRunner.Run("bench", "parse", dir, "--no-peer", "--repeats", "1", "--threads", "2", "--json");
            Assert.Equal(0, code);
            using var json = JsonDocument.Parse(output);
            var r = json.RootElement;
            Assert.Equal(3, r.GetProperty("files").GetInt32());
            Assert.Equal(1, r.GetProperty("unreadable").GetInt32());
            Assert.Equal(6, r.GetProperty("events").GetInt32());
            Assert.Equal(2, r.GetProperty("note_ons").GetInt32());
            Assert.Equal(2, r.GetProperty("all_threads").GetProperty("threads").GetInt32());
            Assert.False(r.TryGetProperty("peer", out _));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Missing_folder_empty_folder_and_missing_peer_script_are_errors()
    {
        string dir = Directory.CreateTempSubdirectory("dl4m-bench-").FullName;
        try
        {
            string missing = CommandRunner.AssertOneLineError(CommandRunner.Run("bench", "parse", Path.Combine(dir, "nope"), "--no-peer"), "");
            Assert.EndsWith("nope: no such folder", missing);
            string empty = CommandRunner.AssertOneLineError(CommandRunner.Run("bench", "parse", dir, "--no-peer"), "");
            Assert.EndsWith(": no MIDI files (.mid .midi .kar .rmi) below it", empty);
            File.WriteAllBytes(Path.Combine(dir, "a.mid"), Smf.File(0, Smf.Body()));
            CommandRunner.AssertOneLineError(CommandRunner.Run("bench", "parse", dir, "--peer-script", Path.Combine(dir, "peer.py")), "peer.py: no such file");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
