namespace Dl4m.Categorical;

/// <summary>
/// One head of the categorical model's output row: <see cref="Width"/> values from <see cref="Offset"/>,
/// either logits of a softmax (<see cref="HeadKind.Classes"/>) or one z-score (<see cref="HeadKind.Regression"/>, width 1).
/// </summary>
/// <param name="Name">"note", "velocity", "delta" or "duration".</param>
/// <param name="Offset">First column of the head in the output row.</param>
/// <param name="Width">Columns of the head.</param>
/// <param name="Kind">Softmax logits or one regression value.</param>
public readonly record struct OutputGroup(string Name, int Offset, int Width, HeadKind Kind);
