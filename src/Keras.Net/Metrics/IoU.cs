namespace KerasNet.Metrics;

/// <summary>
/// Intersection over union of classes, tp / (tp + fp + fn) per class from a weighted confusion matrix accumulated over
/// batches, averaged over <see cref="TargetClassIds"/> (classes that never occur in targets or predictions are left out
/// of the mean). Targets and predictions are class ids by default; with <c>sparseYTrue</c>/<c>sparseYPred</c> false
/// they are scores whose arg-max along <see cref="Axis"/> is the class. Ids outside [0, numClasses) and the
/// <see cref="IgnoreClass"/> are not counted. The base of <see cref="MeanIoU"/>, <see cref="BinaryIoU"/> and the
/// one-hot variants.
/// </summary>
/// <remarks>Keras's default integer state would truncate fractional sample weights; the counts here are float64.</remarks>
public class IoU : Metric
{
    private readonly int[] targetClassIds;
    private readonly RunningSums matrix;

    /// <summary>Creates the metric.</summary>
    /// <param name="numClasses">The number of classes, at least 1 (the confusion matrix is numClasses²).</param>
    /// <param name="targetClassIds">The classes whose IoUs are averaged.</param>
    /// <param name="name">The name in logs.</param>
    /// <param name="ignoreClass">A target class left out (e.g. a "void" class), if any.</param>
    /// <param name="sparseYTrue">True when targets are class ids, false for scores (arg-max).</param>
    /// <param name="sparseYPred">True when predictions are class ids, false for scores (arg-max).</param>
    /// <param name="axis">The class axis of scores.</param>
    public IoU(int numClasses, int[] targetClassIds, string name = "io_u", int? ignoreClass = null, bool sparseYTrue = true, bool sparseYPred = true, int axis = -1)
        : base(name)
    {
        var owner = GetType().Name;
        if (numClasses < 1) throw new ArgumentOutOfRangeException(nameof(numClasses), numClasses, $"{owner}: numClasses must be at least 1; received {numClasses}.");
        ArgumentNullException.ThrowIfNull(targetClassIds);
        if (targetClassIds.Length == 0) throw new ArgumentException($"{owner}: targetClassIds must name at least one class.", nameof(targetClassIds));
        foreach (var id in targetClassIds)
            if (id < 0 || id >= numClasses)
                throw new ArgumentOutOfRangeException(nameof(targetClassIds), id, $"{owner}: target class id {id} is outside [0, {numClasses}).");
        NumClasses = numClasses;
        this.targetClassIds = targetClassIds.ToArray();
        IgnoreClass = ignoreClass;
        SparseYTrue = sparseYTrue;
        SparseYPred = sparseYPred;
        Axis = axis;
        matrix = new RunningSums(numClasses * numClasses);
    }

    /// <summary>The number of classes.</summary>
    public int NumClasses { get; }
    /// <summary>The classes whose IoUs are averaged.</summary>
    public IReadOnlyList<int> TargetClassIds => targetClassIds;
    /// <summary>The target class left out, if any.</summary>
    public int? IgnoreClass { get; }
    /// <summary>True when targets are class ids.</summary>
    public bool SparseYTrue { get; }
    /// <summary>True when predictions are class ids.</summary>
    public bool SparseYPred { get; }
    /// <summary>The class axis of scores.</summary>
    public int Axis { get; }

    /// <summary>Class ids of the predictions (arg-max of scores when <see cref="SparseYPred"/> is false).</summary>
    private protected virtual Tensor PredictedClasses(Tensor yPred) => SparseYPred ? yPred : yPred.argmax(Axis);

    /// <inheritdoc/>
    public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null)
    {
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(yPred);
        using var scope = torch.NewDisposeScope();
        var truth = (SparseYTrue ? yTrue : yTrue.argmax(Axis)).to(ScalarType.Int64).reshape(-1);
        var pred = PredictedClasses(yPred.detach()).to(ScalarType.Int64).reshape(-1);
        if (truth.numel() != pred.numel())
            throw new ArgumentException($"{GetType().Name}: y_true (shape {Shape.Format(yTrue.shape)}) and y_pred (shape {Shape.Format(yPred.shape)}) give {truth.numel()} and {pred.numel()} class ids; they must give the same number.", nameof(yTrue));
        if (sampleWeight is not null && sampleWeight.numel() != 1 && sampleWeight.numel() != truth.numel())
            throw new ArgumentException($"{GetType().Name}: sample_weight has shape {Shape.Format(sampleWeight.shape)} but there are {truth.numel()} class ids; give one weight per id, or one for all.", nameof(sampleWeight));
        var weight = sampleWeight is null ? torch.ones(truth.numel(), ScalarType.Float64, device: truth.device)
            : sampleWeight.to(ScalarType.Float64).reshape(-1).expand(truth.numel());
        var kept = truth.ge(0).logical_and(truth.lt(NumClasses)).logical_and(pred.ge(0)).logical_and(pred.lt(NumClasses));
        if (IgnoreClass is { } ignored) kept = kept.logical_and(truth.ne(ignored));
        var cell = torch.where(kept, truth * NumClasses + pred, torch.zeros_like(truth));
        var counts = torch.bincount(cell, torch.where(kept, weight, torch.zeros_like(weight)), NumClasses * NumClasses);
        matrix.Add(counts.to(ScalarType.Float64));
    }

    /// <summary>The accumulated confusion matrix, rows = targets, columns = predictions.</summary>
    public double[,] ConfusionMatrix()
    {
        var m = matrix.Read();
        var result = new double[NumClasses, NumClasses];
        for (var i = 0; i < NumClasses; i++)
            for (var j = 0; j < NumClasses; j++) result[i, j] = m[i * NumClasses + j];
        return result;
    }

    /// <inheritdoc/>
    public override double Result()
    {
        var m = matrix.Read();
        double sum = 0, valid = 0;
        foreach (var c in targetClassIds)
        {
            double predicted = 0, actual = 0;
            for (var k = 0; k < NumClasses; k++)
            {
                predicted += m[k * NumClasses + c];
                actual += m[c * NumClasses + k];
            }
            var tp = m[c * NumClasses + c];
            var denominator = predicted + actual - tp;
            if (denominator <= 1e-9) continue;
            sum += tp / (denominator + Config.Epsilon);
            valid++;
        }
        return sum / (valid + Config.Epsilon);
    }

    /// <inheritdoc/>
    public override void ResetState() => matrix.Clear();

    /// <summary>The state: the weighted confusion matrix, row-major (targets × predictions, numClasses² values).</summary>
    protected internal override double[]? ExportState() => matrix.Read();

    /// <inheritdoc/>
    protected internal override void ImportState(ReadOnlySpan<double> state)
    {
        CheckStateLength(state, NumClasses * NumClasses);
        matrix.Write(state);
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new(base.GetConfig())
    {
        ["num_classes"] = NumClasses,
        ["target_class_ids"] = targetClassIds.ToArray(),
        ["ignore_class"] = IgnoreClass,
        ["sparse_y_true"] = SparseYTrue,
        ["sparse_y_pred"] = SparseYPred,
        ["axis"] = Axis,
    };
}
