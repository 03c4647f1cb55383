namespace Dl4m.Training;

/// <summary>Whether the categorical model is conditioned on the songs' labels (<c>--labels</c>).</summary>
public enum LabelConditioning
{
    /// <summary>Conditioned when the dataset has two or more labels (first-level folders).</summary>
    Auto,

    /// <summary>Never conditioned.</summary>
    None,
}
