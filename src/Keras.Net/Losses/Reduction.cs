
namespace KerasNet.Losses;

/// <summary>How a loss turns per-sample values into the number that is minimized.</summary>
public enum Reduction
{
    /// <summary>Sum of the (weighted) values divided by their count: Keras's default.</summary>
    SumOverBatchSize,
    /// <summary>Sum of the (weighted) values.</summary>
    Sum,
    /// <summary>No reduction: one value per sample.</summary>
    None,
}
