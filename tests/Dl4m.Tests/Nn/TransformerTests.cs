using Dl4m.Nn;
using Dl4m.Nn.Transformer;

namespace Dl4m.Tests.Nn;

/// <summary>
/// The transformer beyond PyTorch parity: the key/value cache against the full forward pass, dropout that does not
/// depend on the thread count, the model folder round trip and the config's validation.
/// </summary>
public sealed class TransformerTests
{
    internal static readonly TransformerConfig Small = new()
    {
        InputSize = 24, OutputSize = 9, Width = 16, Heads = 2, Layers = 2, FeedForward = 24, Context = 12,
    };

    /// <summary>(B,T,F) multi-hot rows: three one-hot groups of 12, 8 and 4 (the categorical input's shape).</summary>
    internal static float[] MultiHot(int batch, int steps, int seed)
    {
        var random = new Random(seed);
        var x = new float[batch * steps * 24];
        for (int r = 0; r < batch * steps; r++)
        {
            x[r * 24 + random.Next(12)] = 1;
            x[r * 24 + 12 + random.Next(8)] = 1;
            x[r * 24 + 20 + random.Next(4)] = 1;
        }
        return x;
    }

    [Fact]
    public void Cached_steps_equal_the_full_forward_pass_at_every_step()
    {
        using var network = TransformerNetwork.Create(Small, seed: 3);
        int steps = Small.Context;
        var x = MultiHot(1, steps, seed: 4);
        var cache = network.CreateCache();
        var logits = new float[Small.OutputSize];
        double worst = 0;
        for (int t = 1; t <= steps; t++)
        {
            network.Step(cache, x.AsSpan((t - 1) * 24, 24), logits);
            var full = network.Predict(x.AsSpan(0, t * 24), 1, t);   // (1,t,O): the last row is step t's
            for (int o = 0; o < Small.OutputSize; o++)
            {
                float expected = full[(t - 1) * Small.OutputSize + o];
                worst = Math.Max(worst, Math.Abs(logits[o] - expected) / Math.Max(1, Math.Abs(expected)));
            }
        }
        Assert.True(worst < 1e-5, $"cache vs full forward: worst error {worst:E2}");
    }

    [Fact]
    public void Past_the_context_the_cache_slides_and_its_first_block_still_matches_the_last_window()
    {
        // One block: keys and values depend on their own position only, so the sliding cache equals a forward pass
        // over the last C steps exactly (with more blocks the cached upper keys keep their older context; see TransformerCache).
        var config = Small with { Layers = 1, Context = 6 };
        using var network = TransformerNetwork.Create(config, seed: 5);
        int steps = 15;
        var x = MultiHot(1, steps, seed: 6);
        var cache = network.CreateCache();
        var logits = new float[config.OutputSize];
        for (int t = 1; t <= steps; t++)
        {
            network.Step(cache, x.AsSpan((t - 1) * 24, 24), logits);
            int first = Math.Max(0, t - config.Context), length = t - first;
            var window = network.Predict(x.AsSpan(first * 24, length * 24), 1, length);
            for (int o = 0; o < config.OutputSize; o++)
                Assert.True(Math.Abs(logits[o] - window[(length - 1) * config.OutputSize + o]) < 1e-5, $"step {t}, output {o}");
        }
    }

    [Fact]
    public void A_copied_cache_continues_as_the_original_and_beam_search_runs_on_it()
    {
        using var network = TransformerNetwork.Create(Small with { Context = 5 }, seed: 12);
        var x = MultiHot(1, 9, seed: 13);
        var first = network.CreateCache();
        var a = new float[Small.OutputSize];
        var b = new float[Small.OutputSize];
        for (int t = 0; t < 7; t++) first.Step(x.AsSpan(t * 24, 24), a);   // past the context: the ring has wrapped
        var second = network.CreateSequenceState();
        second.CopyFrom(first);
        for (int t = 7; t < 9; t++)
        {
            first.Step(x.AsSpan(t * 24, 24), a);
            second.Step(x.AsSpan(t * 24, 24), b);
            Assert.Equal(a, b);
        }
        Assert.Throws<ArgumentException>(() => second.CopyFrom(TransformerNetwork.Create(Small, seed: 1).CreateCache()));
    }

    [Fact]
    public void Dropout_masks_do_not_depend_on_the_thread_count_and_change_with_the_step()
    {
        var config = Small with { Dropout = 0.3 };
        var x = MultiHot(5, 8, seed: 7);
        var target = new float[5 * 8 * config.OutputSize];
        new Random(8).NextBytes(new byte[1]);
        for (int i = 0; i < target.Length; i++) target[i] = (i % 7) / 7f;
        double Loss(int threads, out float[] gradient, long step = 0)
        {
            using var network = TransformerNetwork.Create(config, seed: 9);
            network.Threads = threads;
            network.TrainingSteps = step;
            double loss = network.ComputeGradients(x, target, 5, 8, MeanSquaredError.Instance);
            gradient = network.Gradients[2].Data.ToArray(); // block_1/norm_1/gain
            return loss;
        }
        double one = Loss(1, out var g1), two = Loss(2, out var g2), later = Loss(1, out _, step: 1);
        Assert.Equal(one, two, 6);
        for (int i = 0; i < g1.Length; i++) Assert.Equal(g1[i], g2[i], 5);
        Assert.NotEqual(one, later, 6);
        using var plain = TransformerNetwork.Create(config, seed: 9);
        plain.DropoutRate = 0;
        Assert.NotEqual(one, plain.ComputeGradients(x, target, 5, 8, MeanSquaredError.Instance), 6);
    }

    [Fact]
    public void A_saved_network_loads_back_bit_identical_and_the_loader_names_a_wrong_tensor()
    {
        using var folder = new TempFolder();
        using var network = TransformerNetwork.Create(Small, seed: 10);
        TransformerStore.Save(network, folder.Path);
        Assert.True(TransformerStore.IsTransformer(folder.Path));
        using var loaded = TransformerStore.Load(folder.Path);
        Assert.Equal(Small, loaded.Config);
        var x = MultiHot(2, 5, seed: 11);
        Assert.Equal(network.Predict(x, 2, 5), loaded.Predict(x, 2, 5));

        File.WriteAllText(folder.Combine(ModelStore.ConfigFileName), TransformerConfigJson.Serialize(Small with { FeedForward = 20 }));
        var error = Assert.Throws<Dl4mException>(() => TransformerStore.Load(folder.Path));
        Assert.Contains("feed_forward/up_kernel", error.Message);
    }

    [Fact]
    public void The_config_names_the_field_it_refuses()
    {
        var error = Assert.Throws<Dl4mException>(() => TransformerConfigJson.Deserialize(TransformerConfigJson.Serialize(Small with { Width = 15 }), "config.json"));
        Assert.Contains("TransformerConfig.Width", error.Message);
        Assert.Contains("config.json", error.Message);
        Assert.Throws<Dl4mException>(() => TransformerConfigJson.Deserialize("{\"input_size\": 3, \"layers\": []}"));
        Assert.Equal(Small, TransformerConfigJson.Deserialize(TransformerConfigJson.Serialize(Small)));
        using var network = TransformerNetwork.Create(Small, seed: 1);
        Assert.Equal(network.Parameters.Sum(p => (long)p.Data.Length), Small.ParameterCount());
    }

    [Fact]
    public void A_window_longer_than_the_context_is_refused_by_name()
    {
        using var network = TransformerNetwork.Create(Small, seed: 1);
        var error = Assert.Throws<Dl4mException>(() => network.Predict(MultiHot(1, 13, seed: 1), 1, 13));
        Assert.Contains("TransformerConfig.Context", error.Message);
    }
}
