
namespace KerasNet;

/// <summary>Helpers from <c>keras.utils</c>.</summary>
public static partial class Utils
{
    /// <summary>One-hot float32 rows for integer class labels (Keras's <c>to_categorical</c>).</summary>
    public static Tensor ToCategorical(Tensor labels, long numClasses)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (numClasses < 1) throw new ArgumentOutOfRangeException(nameof(numClasses), numClasses, "numClasses must be positive.");
        if (labels.is_floating_point())
            throw new ArgumentException($"ToCategorical expects integer labels; received {labels.dtype.ToTorchName()}.", nameof(labels));
        using var scope = torch.NewDisposeScope();
        var flat = labels.to(ScalarType.Int64);
        if (flat.numel() > 0)
        {
            var (low, high) = (flat.min().item<long>(), flat.max().item<long>());
            if (low < 0 || high >= numClasses)
                throw new ArgumentException($"ToCategorical: labels must be in [0, {numClasses}); received values from {low} to {high}.", nameof(labels));
        }
        return torch.nn.functional.one_hot(flat, numClasses).to(ScalarType.Float32).MoveToOuterDisposeScope();
    }
}
