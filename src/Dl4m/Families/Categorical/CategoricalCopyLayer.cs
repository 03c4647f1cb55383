using Dl4m.Categorical;
using Dl4m.Nn;

namespace Dl4m.Families.Categorical;

/// <summary>
/// The copy layer of a categorical network with lookback version 2 or 3 (<see cref="CategoricalEncoding.HasCopyLayer"/>):
/// one block per lookback entry at the encoding's lookback offset, laid out like the output row (version 2) or one class
/// index per head (version 3, <see cref="LayerConfig.CopyIndexed"/>), and one gate per entry
/// and head (kept here, not in the encoding: the encoding does not know the engine).
/// </summary>
public static class CategoricalCopyLayer
{
    /// <summary>Copy over the encoding's heads (in output order) with one suggestion block per lookback entry.</summary>
    public static LayerConfig Of(CategoricalEncoding encoding) =>
        LayerConfig.Copy([.. encoding.Groups.Select(g => g.Width)], encoding.LookbackBars.Count, encoding.LookbackOffset)
            with { CopyIndexed = encoding.LookbackVersion == CategoricalEncoding.MatchedEventLookback };
}
