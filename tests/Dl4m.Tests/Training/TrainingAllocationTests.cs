using Dl4m.Data;
using Dl4m.Families;
using Dl4m.Families.Categorical;
using Dl4m.Nn;
using Dl4m.Tests.Nn;
using Dl4m.Training;
using Dl4m.Training.Losses;

namespace Dl4m.Tests.Training;

/// <summary>
/// A whole training step as the trainer does it (batch assembly from the window set, forward and backward with
/// the combined loss through the engine hook, loss parts, Adam) allocates nothing once warm. Runs in the
/// allocation collection (alone), measuring windows of 10 steps until one is clean, as the engine's test does.
/// </summary>
[Collection(nameof(AllocationTests))]
public class TrainingAllocationTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void A_training_step_allocates_nothing(int threads)
    {
        using var tmp = new TempFolder();
        using var dataset = Dataset.Open(TinyDataset.Build(tmp));
        var scaling = FeatureScaling.FromManifest(dataset.Manifest);
        var windows = WindowSet.Build(dataset, DatasetSplit.Train, scaling, lookback: 6, TrainingMode.ManyToOne);
        using var model = Model.Create(ModelConfig.Seed, seed: 1);
        model.Threads = threads;
        var adam = new Adam(model);
        var adapter = new TrainingLossAdapter(new CombinedLoss(NoteLoss.Default, scaling.NoteStd), threads);
        var parts = new LossParts();
        const int batch = 8;
        var order = new int[windows.Count];
        EpochShuffle.Fill(order, 0, 0);
        var input = new float[batch * 6 * 3];
        var target = new float[batch * 3];
        int step = 0;
        void Step()
        {
            int first = step++ % (order.Length / batch) * batch;
            windows.FillBatch(order.AsSpan(first, batch), input, target);
            model.ComputeGradients(input, target, batch, 6, adapter);
            adapter.Combine(parts);
            adam.Step();
        }
        for (int i = 0; i < 60; i++) Step();
        long least = long.MaxValue;
        for (int w = 0; w < 30 && least > 0; w++)
        {
            long before = GC.GetTotalAllocatedBytes(precise: true);
            for (int i = 0; i < 10; i++) Step();
            least = Math.Min(least, GC.GetTotalAllocatedBytes(precise: true) - before);
        }
        Assert.Equal(0, least);
    }

    /// <summary>
    /// The categorical task's step (transposition draws, one-hot batch, categorical loss, parts, Adam) allocates nothing
    /// either, with the state reset per window or carried along lanes (row resets, state copies in and out).
    /// </summary>
    [Theory]
    [InlineData(1, StateMode.Reset)]
    [InlineData(2, StateMode.Reset)]
    [InlineData(1, StateMode.Carry)]
    [InlineData(2, StateMode.Carry)]
    public void A_categorical_training_step_allocates_nothing(int threads, StateMode state)
    {
        using var tmp = new TempFolder();
        using var dataset = Dataset.Open(TinyDataset.Build(tmp));
        var options = CategoricalTrainerTests.Tiny().WithFamily<CategoricalOptions>(c => c with { State = state }) with { Threads = threads, Stride = state == StateMode.Carry ? null : 2 };
        var encoding = CategoricalTrainingTask.FitEncoding(dataset, options);
        var task = CategoricalTrainingTask.Create(dataset, "data", options, encoding);
        using var model = Model.Create(options.FamilyAs<CategoricalOptions>().ModelConfig(task.InputSize, task.OutputSize), seed: 1);
        model.Threads = threads;
        var adam = new Adam(model);
        int batch = options.Batch;
        var order = new int[task.Train.Windows];
        task.FillOrder(order, 0, 0);
        var input = new float[batch * task.InputValuesPerWindow];
        var target = new float[batch * task.TargetValuesPerWindow];
        int steps = order.Length / batch, step = 0;
        void Step()
        {
            if (step % steps == 0) task.BeginEpoch(step / steps, order, 0, batch); // a new Random per epoch is allowed; keep it outside the measured windows
            task.FillTrainBatch(order.AsSpan(step++ % steps * batch, batch), input, target);
            model.ComputeGradients(input, target, batch, options.Lookback, task.StepLoss(0), task.CarriedStateFor(model));
            task.RecordStep();
            adam.Step();
        }
        for (int i = 0; i < 3 * steps; i++) Step();
        long least = long.MaxValue;
        for (int w = 0; w < 30 && least > 0; w++)
        {
            while (step % steps != 1) Step(); // measure steps 1…steps−1 of an epoch: no BeginEpoch among them
            long before = GC.GetTotalAllocatedBytes(precise: true);
            for (int i = 1; i < steps; i++) Step();
            least = Math.Min(least, GC.GetTotalAllocatedBytes(precise: true) - before);
        }
        Assert.Equal(0, least);
    }
}
