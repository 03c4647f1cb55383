using Dl4m.Training;

namespace Dl4m.Tests.Training;

/// <summary>
/// The kill-and-resume check every trainer test needs: a run interrupted right after the validation at
/// <c>stopStep</c> and resumed from its checkpoint ends with the weights of a straight run, bit for bit.
/// </summary>
internal static class ResumeCheck
{
    /// <summary>Copies of the model's weights, one array per parameter tensor.</summary>
    public static float[][] Weights(Trainer trainer) => trainer.Network.Parameters.Select(p => p.Data.ToArray()).ToArray();

    /// <summary>Trains <paramref name="options"/> straight into tmp/a, interrupted at <paramref name="stopStep"/> then resumed into tmp/b, and asserts equal weights.</summary>
    public static void AssertResumeMatchesStraightRun(TempFolder tmp, string data, TrainingOptions options, int stopStep)
    {
        float[][] straight;
        using (var trainer = Trainer.Open(data, tmp.Combine("a"), options, OutputPolicy.New))
        {
            trainer.Run();
            straight = Weights(trainer);
        }
        using (var trainer = Trainer.Open(data, tmp.Combine("b"), options, OutputPolicy.New))
        {
            using var stop = new CancellationTokenSource();
            trainer.ValidationDone = row => { if (row.Step == stopStep) stop.Cancel(); };
            Assert.ThrowsAny<OperationCanceledException>(() => trainer.Run(stop.Token));
        }
        using (var trainer = Trainer.Open(data, tmp.Combine("b"), options, OutputPolicy.Resume))
        {
            Assert.Equal(stopStep, trainer.State.Step);
            Assert.Equal(stopStep, trainer.State.StepInEpoch);
            trainer.Run();
            var resumed = Weights(trainer);
            for (int p = 0; p < straight.Length; p++) Assert.Equal(straight[p], resumed[p]); // bit-identical
        }
    }
}
