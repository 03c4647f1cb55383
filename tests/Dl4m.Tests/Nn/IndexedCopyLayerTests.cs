using Dl4m.Nn;

namespace Dl4m.Tests.Nn;

/// <summary>
/// The compact form of the copy layer (lookback version 3): suggestion blocks as one class index + 1 per head
/// (<see cref="LayerConfig.CopyIndexed"/>) at the end of the input row, and a first layer that reads only the columns
/// before them (<see cref="LayerConfig.InputColumns"/>). Proven equal to the one-hot copy layer — itself checked against
/// PyTorch and finite differences in <see cref="CopyLayerTests"/> — on the same function: the one-hot model with zero
/// LSTM kernel rows for its blocks, outputs and every shared gradient, at 1 and 2 threads.
/// </summary>
public sealed class IndexedCopyLayerTests
{
    private const int Base = 4, Trailing = 2, Blocks = 2, Batch = 3, Steps = 5;
    private static readonly int[] Heads = [5, 3, 4];
    private const int Units = 12, Gates = Blocks * 3;

    /// <summary>Input [base 4 | 2 one-hot blocks of 12 | trailing 2] = 30, every column read by the LSTM.</summary>
    private static ModelConfig OneHot() => new()
    {
        InputSize = Base + Blocks * Units + Trailing,
        Layers = [LayerConfig.Lstm(6, returnSequences: true), LayerConfig.Dense(Units + Gates), LayerConfig.Copy(Heads, Blocks, Base)],
    };

    /// <summary>Input [base 4 | trailing 2 | 2 blocks of 3 indices] = 12, the LSTM reading the first 6.</summary>
    private static ModelConfig Indexed() => new()
    {
        InputSize = Base + Trailing + Blocks * Heads.Length,
        Layers =
        [
            LayerConfig.Lstm(6, returnSequences: true) with { InputColumns = Base + Trailing },
            LayerConfig.Dense(Units + Gates),
            LayerConfig.Copy(Heads, Blocks, Base + Trailing) with { CopyIndexed = true },
        ],
    };

    /// <summary>The same rows in both layouts: random base and trailing values, per block and head a random class or none.</summary>
    private static (float[] OneHot, float[] Indexed) Rows(int rows, int seed)
    {
        var random = new Random(seed);
        int wide = Base + Blocks * Units + Trailing, narrow = Base + Trailing + Blocks * Heads.Length;
        var oneHot = new float[rows * wide];
        var indexed = new float[rows * narrow];
        for (int r = 0; r < rows; r++)
        {
            var a = oneHot.AsSpan(r * wide, wide);
            var b = indexed.AsSpan(r * narrow, narrow);
            for (int c = 0; c < Base; c++) a[c] = b[c] = (float)(random.NextDouble() * 2 - 1);
            for (int c = 0; c < Trailing; c++) a[Base + Blocks * Units + c] = b[Base + c] = (float)(random.NextDouble() * 2 - 1);
            for (int k = 0; k < Blocks; k++)
                for (int h = 0, start = 0; h < Heads.Length; start += Heads[h], h++)
                {
                    int suggested = random.Next(-1, Heads[h]); // −1: no suggestion
                    if (suggested < 0) continue;
                    a[Base + k * Units + start + suggested] = 1f;
                    b[Base + Trailing + k * Heads.Length + h] = suggested + 1;
                }
        }
        return (oneHot, indexed);
    }

    /// <summary>Copies the indexed model's weights into the one-hot model, with zero LSTM kernel rows for the one-hot blocks.</summary>
    private static void CopyWeights(Model indexed, Model oneHot)
    {
        var source = indexed.Parameters.ToDictionary(p => p.Name);
        foreach (var p in oneHot.Parameters)
        {
            var from = source[p.Name].Data;
            if (p.Name != "lstm_1/kernel") { from.CopyTo(p.Data, 0); continue; }
            int g4 = p.Shape[1];
            Array.Clear(p.Data);
            from.AsSpan(0, Base * g4).CopyTo(p.Data);                                                     // base rows
            from.AsSpan(Base * g4, Trailing * g4).CopyTo(p.Data.AsSpan((Base + Blocks * Units) * g4));    // trailing rows
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Indexed_blocks_give_the_one_hot_copy_layers_outputs_and_gradients(int threads)
    {
        using var indexed = Model.Create(Indexed(), seed: 4);
        using var oneHot = Model.Create(OneHot(), seed: 0);
        CopyWeights(indexed, oneHot);
        indexed.Threads = oneHot.Threads = threads;
        var (wide, narrow) = Rows(Batch * Steps, seed: 9);
        var expected = oneHot.Predict(wide, Batch, Steps);
        var actual = indexed.Predict(narrow, Batch, Steps);
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 5);

        var target = new float[expected.Length];
        var random = new Random(2);
        for (int i = 0; i < target.Length; i++) target[i] = (float)random.NextDouble();
        Assert.Equal(oneHot.ComputeGradients(wide, target, Batch, Steps), indexed.ComputeGradients(narrow, target, Batch, Steps), 5);
        var gradients = oneHot.Gradients.ToDictionary(g => g.Name);
        foreach (var g in indexed.Gradients)
        {
            var reference = gradients[g.Name].Data;
            if (g.Name == "lstm_1/kernel")
            {
                int g4 = g.Shape[1];
                // the one-hot model's block rows get gradients too (its LSTM reads the blocks); the shared rows must agree
                reference = [.. reference.AsSpan(0, Base * g4), .. reference.AsSpan((Base + Blocks * Units) * g4, Trailing * g4)];
            }
            Assert.Equal(reference.Length, g.Data.Length);
            for (int i = 0; i < reference.Length; i++) Assert.True(Math.Abs(reference[i] - g.Data[i]) < 1e-5, $"{g.Name}[{i}]: {g.Data[i]} vs {reference[i]}");
        }
        Assert.Contains(indexed.Gradients.Single(g => g.Name == "dense_1/bias").Data[Units..], v => v != 0); // the gates learn
    }

    [Fact]
    public void Generation_steps_give_the_batch_forward_pass()
    {
        using var model = Model.Create(Indexed(), seed: 3);
        int width = model.InputSize;
        var (_, input) = Rows(6, seed: 5);
        var batch = model.Predict(input, 1, 6);
        var state = model.CreateState();
        var row = new float[Units];
        for (int t = 0; t < 6; t++)
        {
            model.Step(state, input.AsSpan(t * width, width), row);
            for (int o = 0; o < Units; o++) Assert.Equal(batch[t * Units + o], row[o], 5);
        }
    }

    [Fact]
    public void Config_round_trips_and_counts_only_the_columns_the_first_layer_reads()
    {
        var config = Indexed();
        var back = ModelConfigJson.Deserialize(ModelConfigJson.Serialize(config));
        Assert.Equal(Base + Trailing, back.Layers[0].InputColumns);
        Assert.True(back.Layers[2].CopyIndexed);
        Assert.Equal(4L * 6 * (Base + Trailing + 6 + 1), config.ParameterCount(0));
        Assert.Equal("LSTM(6, sequences, first 6 inputs) → Dense(18) → Copy(12 logits, 6 gates, indexed)", config.Describe());
        Assert.DoesNotContain("input_columns", ModelConfigJson.Serialize(OneHot())); // models without them write what they wrote before
        Assert.DoesNotContain("copy_indexed", ModelConfigJson.Serialize(OneHot()));
    }

    [Theory]
    [InlineData(0, 13, "input_columns must be 1..12")]
    [InlineData(1, 6, "input_columns applies to the first layer only")]
    public void Impossible_input_columns_are_refused_naming_the_layer(int layer, int columns, string message)
    {
        var config = Indexed();
        var layers = config.Layers.ToArray();
        layers[layer] = layers[layer] with { InputColumns = columns };
        var error = Assert.Throws<Dl4mException>((config with { Layers = layers }).Validate);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Indexed_blocks_that_do_not_fit_are_refused()
    {
        var config = Indexed() with { InputSize = Base + Trailing + Blocks * Heads.Length - 1 };
        var layers = config.Layers.ToArray();
        layers[0] = layers[0] with { InputColumns = 4 };
        var error = Assert.Throws<Dl4mException>((config with { Layers = layers }).Validate);
        Assert.Contains("2 suggestion blocks of 3 at input offset 6 do not fit in the input of 11", error.Message);
    }
}
