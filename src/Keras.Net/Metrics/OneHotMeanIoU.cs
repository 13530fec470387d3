namespace KerasNet.Metrics;

/// <summary><see cref="MeanIoU"/> with one-hot targets and, by default, score predictions (both read by arg-max).</summary>
public sealed class OneHotMeanIoU : MeanIoU
{
    /// <summary>Creates the metric.</summary>
    /// <param name="numClasses">The number of classes, at least 1.</param>
    /// <param name="name">The name in logs.</param>
    /// <param name="ignoreClass">A target class left out, if any.</param>
    /// <param name="sparseYPred">True when predictions are class ids, false (the default) for scores.</param>
    /// <param name="axis">The class axis.</param>
    public OneHotMeanIoU(int numClasses, string name = "one_hot_mean_io_u", int? ignoreClass = null, bool sparseYPred = false, int axis = -1)
        : base(numClasses, name, ignoreClass, sparseYTrue: false, sparseYPred, axis) { }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config.Remove("sparse_y_true");
        return config;
    }
}
