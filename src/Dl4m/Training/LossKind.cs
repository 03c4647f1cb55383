namespace Dl4m.Training;

/// <summary>The training loss.</summary>
public enum LossKind
{
    /// <summary>Musical note loss + 0.2·(MSE velocity + MSE Δt) (<see cref="Losses.CombinedLoss"/>).</summary>
    Note,
    /// <summary>Plain MSE over the three features (<see cref="Losses.MseLoss"/>).</summary>
    Mse,
}
