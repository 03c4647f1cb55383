using Dl4m.Nn;

namespace Dl4m.Tests.Nn;

/// <summary>
/// The LSTM started from a carried (h0, c0) per row (<see cref="CarriedState"/>): finite differences of the loss with a
/// nonzero initial state (truncated BPTT: the state is an input, so the weights' gradients are exactly those of the loss
/// with the state held fixed), carrying equals one longer window, and a zero state changes no bit.
/// </summary>
[Collection(KernelIsaCollection.Name)]
public class InitialStateTests
{
    private static ModelConfig Stacked() => new()
    {
        InputSize = 3,
        Layers = [LayerConfig.Lstm(28, returnSequences: true), LayerConfig.Lstm(5, returnSequences: true), LayerConfig.Dense(3, Activation.Tanh), LayerConfig.Dense(2)],
    };

    /// <summary>Fills every LSTM layer's h with values in (−0.8, 0.8) and c with values in (−1.5, 1.5).</summary>
    internal static void Randomize(CarriedState state, int seed)
    {
        var random = new Random(seed);
        for (int layer = 0; layer < state.Model.Config.Layers.Count; layer++)
        {
            int n = state.HiddenOf(layer).Length;
            if (n == 0) continue;
            var h = new float[n];
            var c = new float[n];
            for (int i = 0; i < n; i++)
            {
                h[i] = (float)(random.NextDouble() * 1.6 - 0.8);
                c[i] = (float)(random.NextDouble() * 3 - 1.5);
            }
            state.Set(layer, h, c);
        }
    }

    internal static void CopyState(CarriedState from, CarriedState to)
    {
        for (int layer = 0; layer < from.Model.Config.Layers.Count; layer++)
            if (from.HiddenOf(layer).Length > 0) to.Set(layer, from.HiddenOf(layer), from.CellOf(layer));
    }

    [Theory]
    [MemberData(nameof(PathsAndThreads))]
    public void Gradients_with_a_nonzero_initial_state_match_finite_differences(string isa, int threads)
    {
        using var path = KernelIsaCollection.Force(isa);
        const int batch = 7, steps = 3;
        using var model = Model.Create(Stacked(), seed: 7);
        model.Threads = threads;
        var (input, target) = GradientCheck.RandomBatch(model, batch, steps, seed: 11);
        var initial = model.CreateCarriedState(batch);
        Randomize(initial, seed: 5);
        var state = model.CreateCarriedState(batch);
        double Loss()
        {
            CopyState(initial, state); // every evaluation starts from the same h0, c0
            return model.ComputeGradients(input, target, batch, steps, MeanSquaredError.Instance, state);
        }
        Loss();
        var analytic = model.Gradients.Select(g => g.Data.ToArray()).ToArray();
        // The state matters: the same batch from zero gives other gradients.
        model.ComputeGradients(input, target, batch, steps);
        Assert.NotEqual(analytic[1], model.Gradients[1].Data);
        // Step 1e-2 as for any engine-hook loss: its mean is float32, whose rounding would swamp a 1e-3 step.
        double worst = GradientCheck.CheckAgainst(model, Loss, analytic, 1e-2f);
        Assert.True(worst < GradientCheck.Relative, $"worst relative error {worst:G3}");
    }

    public static TheoryData<string, int> PathsAndThreads()
    {
        var data = new TheoryData<string, int>();
        foreach (string isa in KernelIsaCollection.Paths())
            foreach (int threads in new[] { 1, 2 })
                data.Add(isa, threads);
        return data;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Two_carried_windows_give_the_outputs_of_one_window_twice_as_long(int threads)
    {
        const int batch = 5, steps = 4;
        using var model = Model.Create(Stacked(), seed: 3);
        model.Threads = threads;
        var (input, _) = GradientCheck.RandomBatch(model, batch, 2 * steps, seed: 2); // (B,2T,F)
        var whole = model.Predict(input, batch, 2 * steps);                            // (B,2T,Out)

        int f = model.InputSize, o = model.OutputSize;
        var state = model.CreateCarriedState(batch);
        var halves = new float[2][];
        for (int half = 0; half < 2; half++)
        {
            var x = new float[batch * steps * f];
            for (int b = 0; b < batch; b++)
                input.AsSpan((b * 2 * steps + half * steps) * f, steps * f).CopyTo(x.AsSpan(b * steps * f));
            halves[half] = new float[batch * steps * o];
            model.Predict(x, batch, steps, halves[half], state);
        }
        for (int b = 0; b < batch; b++)
            for (int half = 0; half < 2; half++)
                for (int i = 0; i < steps * o; i++)
                    Assert.Equal(whole[(b * 2 * steps + half * steps) * o + i], halves[half][b * steps * o + i], 5);
    }

    [Fact]
    public void A_zero_carried_state_changes_no_bit_and_ends_at_the_windows_final_state()
    {
        const int batch = 4, steps = 3;
        using var model = Model.Create(Stacked(), seed: 9);
        var (input, target) = GradientCheck.RandomBatch(model, batch, steps, seed: 4);
        double plain = model.ComputeGradients(input, target, batch, steps, MeanSquaredError.Instance);
        var gradients = model.Gradients.Select(g => g.Data.ToArray()).ToArray();
        var state = model.CreateCarriedState(batch);
        double carried = model.ComputeGradients(input, target, batch, steps, MeanSquaredError.Instance, state);
        Assert.Equal(plain, carried);
        for (int p = 0; p < gradients.Length; p++) Assert.Equal(gradients[p], model.Gradients[p].Data);
        // The state now holds every layer's (h_T, c_T): row 0 run step by step, as generation runs, ends there too.
        var step = model.CreateState();
        var output = new float[model.OutputSize];
        for (int t = 0; t < steps; t++) model.Step(step, input.AsSpan(t * model.InputSize, model.InputSize), output);
        for (int layer = 0; layer < 2; layer++)
        {
            int h = step.Hidden[layer].Length;
            for (int i = 0; i < h; i++)
            {
                Assert.Equal(step.Hidden[layer][i], state.HiddenOf(layer)[i], 5);
                Assert.Equal(step.Cell[layer][i], state.CellOf(layer)[i], 5);
            }
            Assert.Contains(state.HiddenOf(layer).ToArray(), v => v != 0f);
        }
    }

    [Fact]
    public void ResetRow_zeroes_one_row_of_every_layer()
    {
        using var model = Model.Create(Stacked(), seed: 1);
        var state = model.CreateCarriedState(3);
        Randomize(state, seed: 8);
        state.ResetRow(1);
        foreach (int layer in new[] { 0, 1 })
        {
            int h = state.HiddenOf(layer).Length / 3;
            Assert.All(state.HiddenOf(layer).Slice(h, h).ToArray(), v => Assert.Equal(0f, v));
            Assert.All(state.CellOf(layer).Slice(h, h).ToArray(), v => Assert.Equal(0f, v));
            Assert.Contains(state.HiddenOf(layer)[..h].ToArray(), v => v != 0f);
            Assert.Contains(state.CellOf(layer).Slice(2 * h, h).ToArray(), v => v != 0f);
        }
        Assert.Empty(state.HiddenOf(2).ToArray());
        Assert.Throws<Dl4mException>(() => model.Predict(new float[2 * 2 * 3], 2, 2, new float[2 * 2 * 2], state));
    }
}
