using Dl4m.Nn;
using Dl4m.Training;

namespace Dl4m.Families;

/// <summary>The checks and the network of an LSTM family's options (<see cref="ILstmOptions"/>).</summary>
public static class LstmNetwork
{
    /// <summary>Throws a <see cref="Dl4mException"/> naming the network option that is out of range.</summary>
    public static void ValidateNetwork(this ILstmOptions lstm)
    {
        static void Require(bool ok, string message) { if (!ok) throw new Dl4mException(message, message[..message.IndexOf(' ')]); }
        Require(lstm.LstmLayers >= 1, $"ILstmOptions.LstmLayers must be at least 1 (got {lstm.LstmLayers})");
        Require(lstm.Hidden.Count == 1 || lstm.Hidden.Count == lstm.LstmLayers, $"ILstmOptions.Hidden gives {lstm.Hidden.Count} sizes for {lstm.LstmLayers} LSTM layer(s): give one size or one per layer");
        Require(lstm.Hidden.All(h => h >= 1), "ILstmOptions.Hidden sizes must be at least 1");
        Require(lstm.Dense.All(h => h >= 1), "ILstmOptions.Dense sizes must be at least 1");
    }

    /// <summary>
    /// The network for <paramref name="inputSize"/> input features and <paramref name="outputSize"/> linear outputs:
    /// LSTMs (the last returns sequences only many-to-many), relu Dense layers, a linear Dense.
    /// </summary>
    public static ModelConfig ModelConfig(this ILstmOptions lstm, int inputSize, int outputSize)
    {
        var layers = new List<LayerConfig>();
        for (int i = 0; i < lstm.LstmLayers; i++)
        {
            int units = lstm.Hidden.Count == 1 ? lstm.Hidden[0] : lstm.Hidden[i];
            bool sequences = i < lstm.LstmLayers - 1 || lstm.Mode == TrainingMode.ManyToMany;
            layers.Add(LayerConfig.Lstm(units, sequences));
        }
        foreach (int units in lstm.Dense) layers.Add(LayerConfig.Dense(units, Activation.Relu));
        layers.Add(LayerConfig.Dense(outputSize));
        return new ModelConfig { InputSize = inputSize, Layers = layers };
    }
}
