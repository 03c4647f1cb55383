namespace Dl4m.Nn;

/// <summary>Checks a <see cref="ModelConfig"/> before any memory is sized from it.</summary>
internal static class ModelConfigValidation
{
    /// <summary>
    /// Largest size allowed for one dimension. Keeps every tensor (and every 4·H gate block) well
    /// inside int indexing; far beyond anything a CPU could train.
    /// </summary>
    public const int MaxUnits = 1 << 16;

    public static void Validate(ModelConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.InputSize < 1 || config.InputSize > MaxUnits)
            throw new Dl4mException($"model config: input_size {config.InputSize} is impossible (must be 1..{MaxUnits})");
        if (config.Layers is null || config.Layers.Count == 0)
            throw new Dl4mException("model config: the layer list is empty (a model needs at least one layer)");
        var names = config.LayerNames();
        bool sequence = true; // the model input is (B, T, F)
        int inputSize = config.InputSize;
        for (int i = 0; i < config.Layers.Count; i++)
        {
            var layer = config.Layers[i] ?? throw new Dl4mException($"model config: layer {i + 1} is null");
            string name = names[i];
            if (layer.InputColumns != 0)
            {
                if (i != 0) throw new Dl4mException($"model config: layer {name}: input_columns applies to the first layer only (the others read the layer before)");
                if (layer.Kind == LayerKind.Copy || layer.InputColumns < 1 || layer.InputColumns > config.InputSize)
                    throw new Dl4mException($"model config: layer {name}: input_columns must be 1..{config.InputSize} on an LSTM or Dense layer (got {layer.InputColumns})");
                inputSize = layer.InputColumns;
            }
            if (layer.Units < 1 || layer.Units > MaxUnits)
                throw new Dl4mException($"model config: layer {name} has {layer.Units} units (must be 1..{MaxUnits})");
            if (!Enum.IsDefined(layer.Kind))
                throw new Dl4mException($"model config: layer {name} has unknown kind {(int)layer.Kind}");
            if (!Enum.IsDefined(layer.Activation))
                throw new Dl4mException($"model config: layer {name} has unknown activation {(int)layer.Activation}");
            if (layer.Kind == LayerKind.Lstm)
            {
                if (!sequence)
                    throw new Dl4mException($"model config: layer {name} is an LSTM after a layer that returns no sequence (set return_sequences on the LSTM before it)");
                long weights = 4L * layer.Units * (inputSize + layer.Units + 1L);
                if (weights > Array.MaxLength / 4)
                    throw new Dl4mException($"model config: layer {name} would need {weights} weights, too many for one model");
                sequence = layer.ReturnSequences;
            }
            else if (layer.Kind == LayerKind.Copy)
            {
                ValidateCopy(config, layer, name, i, sequence, inputSize);
            }
            else
            {
                long weights = (long)layer.Units * (inputSize + 1L);
                if (weights > Array.MaxLength / 4)
                    throw new Dl4mException($"model config: layer {name} would need {weights} weights, too many for one model");
                if (layer.ReturnSequences)
                    throw new Dl4mException($"model config: layer {name} is Dense: return_sequences applies to LSTM layers only");
            }
            inputSize = layer.Units;
        }
    }

    private static void ValidateCopy(ModelConfig config, LayerConfig layer, string name, int index, bool sequence, int inputSize)
    {
        if (index == 0) throw new Dl4mException($"model config: layer {name} is a copy layer: it needs a layer before it that gives its logits and gates");
        if (!sequence) throw new Dl4mException($"model config: layer {name} is a copy layer after a layer that returns no sequence (it reads every step's input)");
        if (layer.ReturnSequences) throw new Dl4mException($"model config: layer {name} is a copy layer: return_sequences applies to LSTM layers only");
        var heads = layer.CopyHeads;
        if (heads is null || heads.Count == 0 || heads.Any(h => h < 1))
            throw new Dl4mException($"model config: layer {name} is a copy layer: copy_heads must list the widths (each at least 1) of its heads");
        if (heads.Sum(h => (long)h) != layer.Units)
            throw new Dl4mException($"model config: layer {name}: copy_heads add up to {heads.Sum(h => (long)h)}, not its {layer.Units} units");
        if (layer.CopyBlocks < 1 || layer.CopyBlocks > 64)
            throw new Dl4mException($"model config: layer {name}: copy_blocks must be 1–64 (got {layer.CopyBlocks})");
        long end = layer.CopyInputOffset + (long)layer.CopyBlocks * layer.CopyBlockWidth;
        if (layer.CopyInputOffset < 0 || end > config.InputSize)
            throw new Dl4mException($"model config: layer {name}: its {layer.CopyBlocks} suggestion blocks of {layer.CopyBlockWidth} at input offset {layer.CopyInputOffset} do not fit in the input of {config.InputSize}");
        if (inputSize != layer.Units + layer.CopyGates)
            throw new Dl4mException($"model config: layer {name} reads {layer.Units} logits + {layer.CopyGates} gates = {layer.Units + layer.CopyGates} values, the layer before gives {inputSize}");
    }
}
