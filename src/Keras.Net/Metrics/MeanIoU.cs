namespace KerasNet.Metrics;

/// <summary>The mean of the IoUs of every class (see <see cref="IoU"/>).</summary>
public class MeanIoU : IoU
{
    /// <summary>Creates the metric.</summary>
    /// <param name="numClasses">The number of classes, at least 1.</param>
    /// <param name="name">The name in logs.</param>
    /// <param name="ignoreClass">A target class left out, if any.</param>
    /// <param name="sparseYTrue">True when targets are class ids, false for scores (arg-max).</param>
    /// <param name="sparseYPred">True when predictions are class ids, false for scores (arg-max).</param>
    /// <param name="axis">The class axis of scores.</param>
    public MeanIoU(int numClasses, string name = "mean_io_u", int? ignoreClass = null, bool sparseYTrue = true, bool sparseYPred = true, int axis = -1)
        : base(numClasses, AllClasses(numClasses), name, ignoreClass, sparseYTrue, sparseYPred, axis) { }

    private protected static int[] AllClasses(int numClasses) => Enumerable.Range(0, Math.Max(numClasses, 0)).ToArray();

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config.Remove("target_class_ids");
        return config;
    }
}
