namespace Dl4m.Categorical;

/// <summary>How the categorical model predicts velocity, Δtime and duration.</summary>
public enum HeadKind
{
    /// <summary>A softmax over bins, trained with cross-entropy (as PerformanceRNN does).</summary>
    Classes,

    /// <summary>One linear output, trained with squared error on a z-score.</summary>
    Regression,
}
