using System.Reflection;
using Dl4m.IO;
using Dl4m.Nn.Transformer;
using Google.Protobuf;
using Onnx;

namespace Dl4m.Nn.Onnx;

/// <summary>
/// Writes a <see cref="TransformerNetwork"/>'s full-window forward pass as an ONNX file of standard operators (opset 17,
/// IR version 8, as <see cref="OnnxExporter"/>): MatMul, Add, Mul, LayerNormalization, Split, Reshape, Transpose, Pad,
/// Slice, Softmax, Tanh. The relative logits use the Music Transformer's skewing literally (pad a column, reshape, drop
/// a row), so the graph is an independent check of the engine's index map. "input" is (batch, C, F) with C the
/// context fixed (the skew and the causal mask are built for it) and a symbolic batch; "output" is (batch, C, O).
/// A shorter sequence can be padded at the end: causal attention makes outputs before the padding independent of it.
/// Dropout is off (inference).
/// </summary>
public static class TransformerOnnxExporter
{
    /// <summary>Writes the network to <paramref name="path"/> atomically; an existing file is refused unless <paramref name="force"/>.</summary>
    /// <exception cref="Dl4mException">The file exists without <paramref name="force"/>, or it cannot be written.</exception>
    public static void Export(TransformerNetwork network, string path, bool force = true)
    {
        OutputFile.CheckNew(path, force);
        OutputFile.WriteAllBytes(path, Build(network).ToByteArray(), force, "ONNX file");
    }

    internal static ModelProto Build(TransformerNetwork network)
    {
        var c = network.Config;
        var w = network.Weights;
        int d = c.Width, h = c.Heads, dh = c.HeadWidth, t = c.Context;
        var g = new OnnxGraphBuilder("dl4m_transformer");
        g.AddInput(OnnxGraphBuilder.FloatValueInfo(OnnxExporter.InputName, "batch", t, c.InputSize));
        string Linear(string x, NamedTensor kernel, NamedTensor bias, string hint) =>
            g.Apply("Add", hint, g.Apply("MatMul", hint + "_matmul", x, Init(g, kernel)), Init(g, bias));
        string Norm(string x, NamedTensor gain, NamedTensor bias, string hint)
        {
            string y = g.Fresh(hint);
            var node = g.Node("LayerNormalization", [x, Init(g, gain), Init(g, bias)], [y]);
            OnnxGraphBuilder.SetInt(node, "axis", -1);
            node.Attribute.Add(new AttributeProto { Name = "epsilon", Type = AttributeProto.Types.AttributeType.Float, F = LayerNorm.Epsilon });
            return y;
        }
        string Scalar(string hint, float value) => g.FloatInitializer(hint, [value]);
        string Transpose(string x, string hint, params long[] perm)
        {
            string y = g.Fresh(hint);
            OnnxGraphBuilder.SetInts(g.Node("Transpose", [x], [y]), "perm", perm);
            return y;
        }

        // The causal mask: 0 on and below the diagonal, −1e30 above (softmax gives those exactly 0).
        var maskData = new float[t * t];
        for (int i = 0; i < t; i++)
            for (int j = i + 1; j < t; j++) maskData[i * t + j] = -1e30f;
        string mask = g.FloatInitializer("causal_mask", maskData, t, t);
        string headShape = g.Int64Initializer("head_shape", 0, 0, h, dh);     // (B,T,D) → (B,T,H,Dh)
        string mergedShape = g.Int64Initializer("merged_shape", 0, 0, d);     // (B,T,H,Dh) → (B,T,D)
        string skewShape = g.Int64Initializer("skew_shape", 0, h, t + 1, t);  // (B,H,T,T+1) → (B,H,T+1,T)
        string skewPads = g.Int64Initializer("skew_pads", 0, 0, 0, 1, 0, 0, 0, 0);
        string split = g.Int64Initializer("qkv_split", d, d, d);
        string rowStart = g.Int64Initializer("skew_start", 1), rowEnd = g.Int64Initializer("skew_end", t + 1), rowAxis = g.Int64Initializer("skew_axis", 2);

        string x = Linear(OnnxExporter.InputName, w.Embedding, w.EmbeddingBias, "embedding");   // (B,T,D)
        for (int l = 0; l < c.Layers; l++)
        {
            var block = w.Blocks[l];
            string p = $"block_{l + 1}";
            string a = Norm(x, block.Norm1Gain, block.Norm1Bias, p + "_norm_1");
            string qkv = Linear(a, block.Qkv, block.QkvBias, p + "_qkv");                        // (B,T,3D)
            string q = g.Fresh(p + "_q"), k = g.Fresh(p + "_k"), v = g.Fresh(p + "_v");
            OnnxGraphBuilder.SetInt(g.Node("Split", [qkv, split], [q, k, v]), "axis", 2);
            string qh = g.Apply("Mul", p + "_q_scaled",
                Transpose(g.Apply("Reshape", p + "_q_heads", q, headShape), p + "_q_bhtd", 0, 2, 1, 3), Scalar(p + "_scale", 1f / MathF.Sqrt(dh))); // (B,H,T,Dh)
            string kT = Transpose(g.Apply("Reshape", p + "_k_heads", k, headShape), p + "_k_bhdt", 0, 2, 3, 1);       // (B,H,Dh,T)
            string vh = Transpose(g.Apply("Reshape", p + "_v_heads", v, headShape), p + "_v_bhtd", 0, 2, 1, 3);       // (B,H,T,Dh)
            // Eᵀ of the distances T−1 … 0 (rows C−T … C−1; T = C here): (H,Dh,T)
            var eT = new float[h * dh * t];
            for (int head = 0; head < h; head++)
                for (int r = 0; r < t; r++)
                    for (int i = 0; i < dh; i++) eT[(head * dh + i) * t + r] = block.Relative.Data[(head * c.Context + c.Context - t + r) * dh + i];
            string qe = g.Apply("MatMul", p + "_qe", qh, g.FloatInitializer(p + "_relative_t", eT, h, dh, t));         // (B,H,T,T)
            string padded = g.Apply("Pad", p + "_qe_padded", qe, skewPads);                                             // (B,H,T,T+1)
            string skewed = g.Apply("Slice", p + "_srel", g.Apply("Reshape", p + "_qe_reshaped", padded, skewShape), rowStart, rowEnd, rowAxis); // (B,H,T,T)
            string scores = g.Apply("Add", p + "_scores_masked", g.Apply("Add", p + "_scores", g.Apply("MatMul", p + "_qk", qh, kT), skewed), mask);
            string probabilities = g.Fresh(p + "_probabilities");
            OnnxGraphBuilder.SetInt(g.Node("Softmax", [scores], [probabilities]), "axis", -1);
            string heads = g.Apply("MatMul", p + "_heads", probabilities, vh);                                          // (B,H,T,Dh)
            string merged = g.Apply("Reshape", p + "_merged", Transpose(heads, p + "_heads_bthd", 0, 2, 1, 3), mergedShape); // (B,T,D)
            x = g.Apply("Add", p + "_middle", x, Linear(merged, block.Out, block.OutBias, p + "_out"));
            string a2 = Norm(x, block.Norm2Gain, block.Norm2Bias, p + "_norm_2");
            string u = Linear(a2, block.Up, block.UpBias, p + "_up");                                                    // (B,T,FF)
            // tanh-GELU: ½u(1 + tanh(√(2/π)(u + 0.044715u³)))
            string cube = g.Apply("Mul", p + "_u3", g.Apply("Mul", p + "_u2", u, u), u);
            string inner = g.Apply("Mul", p + "_inner", g.Apply("Add", p + "_u_cubic", u, g.Apply("Mul", p + "_c_u3", cube, Scalar(p + "_c", 0.044715f))), Scalar(p + "_a", 0.7978845608028654f));
            string gelu = g.Apply("Mul", p + "_gelu", g.Apply("Mul", p + "_half_u", u, Scalar(p + "_half", 0.5f)),
                g.Apply("Add", p + "_one_plus_tanh", g.Apply("Tanh", p + "_tanh", inner), Scalar(p + "_one", 1f)));
            x = g.Apply("Add", p + "_output", x, Linear(gelu, block.Down, block.DownBias, p + "_down"));
        }
        string y = Linear(Norm(x, w.FinalGain, w.FinalBias, "final_norm"), w.Output, w.OutputBias, "logits");           // (B,T,O)
        g.RenameOutput(y, OnnxExporter.OutputName);
        g.AddOutput(OnnxGraphBuilder.FloatValueInfo(OnnxExporter.OutputName, "batch", t, c.OutputSize));
        var model = new ModelProto
        {
            IrVersion = OnnxExporter.IrVersion,
            ProducerName = "dl4m",
            ProducerVersion = typeof(TransformerOnnxExporter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown",
            DocString = "dl4m transformer forward pass: " + c.Describe(),
            Graph = g.Graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = OnnxExporter.Opset });
        return model;
    }

    private static string Init(OnnxGraphBuilder g, NamedTensor tensor) =>
        g.FloatInitializer(tensor.Name.Replace('/', '_'), tensor.Data, [.. tensor.Shape.Select(s => (long)s)]);
}
