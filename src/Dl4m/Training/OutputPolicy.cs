namespace Dl4m.Training;

/// <summary>What to do with the model folder.</summary>
public enum OutputPolicy
{
    /// <summary>Create it; it must not exist or be empty.</summary>
    New,
    /// <summary>Replace it if it exists (the old one is removed only once the new one is in place).</summary>
    Force,
    /// <summary>Continue from its last checkpoint.</summary>
    Resume,
}
