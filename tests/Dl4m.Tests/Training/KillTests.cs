using System.Diagnostics;
using Dl4m.Nn;
using Dl4m.Training;
using Dl4m.Families.Original;

namespace Dl4m.Tests.Training;

/// <summary>
/// `dl4m train` run as a child process (the built dl4m.dll under dotnet) and killed with SIGKILL at random
/// moments, each run resuming the previous: whenever the model folder exists it must load (config, best
/// weights, train.json, a checkpoint whose checksum verifies). Validating every 2 steps makes writes constant.
/// </summary>
public class KillTests
{
    [Fact]
    public async Task A_run_killed_at_random_moments_always_leaves_a_folder_that_loads()
    {
        using var tmp = new TempFolder();
        string data = TinyDataset.Build(tmp, songs: 30, notes: 60);
        string folder = tmp.Combine("model");
        var random = new Random(42);
        int killsWithFolder = 0;
        long lastStep = 0;
        for (int attempt = 0; attempt < 10 && killsWithFolder < 4; attempt++)
        {
            bool resume = Directory.Exists(folder);
            var start = ToolProcess.StartInfo(["train", data, "--out", folder, "--model", "original", "--epochs", "100000", "--val-every", "2", "--threads", "1", "--json"]);
            if (resume) start.ArgumentList.Add("--resume");
            else foreach (string a in (string[])["--lookback", "4", "--hidden", "6", "--dense", "5", "--batch", "8"]) start.ArgumentList.Add(a);
            using var process = Process.Start(start)!;
            _ = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            // Startup takes a while on a busy machine: kill at a random moment after the run is visibly under way.
            var watch = Stopwatch.StartNew();
            while (!Directory.Exists(folder) && !process.HasExited && watch.Elapsed < TimeSpan.FromSeconds(30)) await Task.Delay(5);
            // Every other run first waits until it has written a checkpoint of its own, so that on a busy
            // machine (slow start-up, slow resume) some kills still come after real training progress.
            if (attempt % 2 == 1)
            {
                string checkpoint = Path.Combine(folder, Checkpoint.FileName);
                var started = DateTime.UtcNow;
                while (!process.HasExited && watch.Elapsed < TimeSpan.FromSeconds(30) &&
                       (!File.Exists(checkpoint) || File.GetLastWriteTimeUtc(checkpoint) <= started))
                    await Task.Delay(5);
            }
            await Task.Delay(random.Next(0, 400));
            if (process.HasExited) Assert.Fail($"dl4m train ended before it was killed: {await stderr}");
            process.Kill(entireProcessTree: true); // SIGKILL on Unix
            await process.WaitForExitAsync();
            if (!Directory.Exists(folder)) continue;
            killsWithFolder++;
            using (var model = ModelStore.Load(folder)) Assert.Equal(3, model.OutputSize);
            var record = Trainer.ReadRecord(folder);
            using (var model = Model.Create(record.Options.FamilyAs<OriginalOptions>().ModelConfig(), 0))
            {
                var state = Checkpoint.Load(Path.Combine(folder, Checkpoint.FileName), model, new Adam(model));
                Assert.True(state.Step >= lastStep, "a resumed run never goes back before its checkpoint");
                lastStep = state.Step;
            }
        }
        Assert.True(killsWithFolder >= 4);
        Assert.True(lastStep > 0, "the kills all came before the first checkpoint after training started");
    }
}
