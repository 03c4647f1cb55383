using Dl4m.Families.Transformer;
using Dl4m.Nn.Transformer;
using Dl4m.Tests.Training;
using Dl4m.Training;

namespace Dl4m.Tests.Families.Transformer;

/// <summary>The trainer with the transformer family: a run killed after a validation and resumed ends bit-identical to a straight run (dropout on).</summary>
public sealed class TransformerTrainerTests
{
    [Fact]
    public void Resuming_with_dropout_gives_the_weights_of_a_straight_run()
    {
        using var tmp = new TempFolder();
        string data = TinyDataset.Build(tmp);
        var options = TrainingOptions.For(ModelKind.Transformer).WithFamily<TransformerOptions>(t => t with { Width = 16, Heads = 2, Blocks = 1, FeedForward = 24, Dropout = 0.2 }) with
        {
            Lookback = 8, Stride = 2,
            Epochs = 2, Batch = 8, LearningRate = 0.01, AugmentTranspose = 2, Threads = 2, Seed = 5, ValidationBatch = 16, ValidateEvery = 3,
        };
        ResumeCheck.AssertResumeMatchesStraightRun(tmp, data, options, stopStep: 3);
        using var trainer = Trainer.Open(data, tmp.Combine("b"), options, OutputPolicy.Resume);
        Assert.IsType<TransformerNetwork>(trainer.Network);
        Assert.Throws<InvalidOperationException>(() => trainer.Model);
    }
}
