using KerasNet.Data;
using KerasNet.Initializers;

namespace KerasNet.Layers;

/// <summary>
/// Feature-wise normalization <c>(x − mean) / max(√variance, 1e-7)</c>, as Keras's <c>Normalization</c>: give the
/// statistics, or learn them from data with <see cref="Adapt(Tensor)"/> (mean and variance over every axis except
/// <see cref="Axis"/>). With <see cref="Invert"/>, maps normalized values back. Active in training and inference.
/// </summary>
public sealed class Normalization : Layer
{
    private const double Epsilon = 1e-7;
    private Variable? meanWeight;
    private Variable? varianceWeight;
    private long[]? keptAxes;
    private long[]? broadcast;

    /// <summary>Creates the layer.</summary>
    /// <param name="axis">The axes that keep their own statistics (e.g. {1} for channels-first images, {-1} for features last). Null means {-1}; an empty array normalizes with one scalar mean and variance.</param>
    /// <param name="mean">The means (one per kept position, or one value broadcast), or null to adapt.</param>
    /// <param name="variance">The variances, given with <paramref name="mean"/>.</param>
    /// <param name="invert">Undo the normalization instead.</param>
    /// <param name="name">The layer name.</param>
    /// <param name="trainable">Unused (the statistics are not trained).</param>
    public Normalization(long[]? axis = null, double[]? mean = null, double[]? variance = null, bool invert = false, string? name = null, bool trainable = true)
        : base(name, trainable)
    {
        if ((mean is null) != (variance is null))
            throw new ArgumentException("Normalization: give both mean and variance, or neither (and call Adapt).", mean is null ? nameof(mean) : nameof(variance));
        if (variance is not null && variance.Any(v => v < 0 || double.IsNaN(v)))
            throw new ArgumentException($"Normalization: variances must be >= 0; received [{string.Join(", ", variance)}].", nameof(variance));
        if (mean is not null && mean.Length != variance!.Length)
            throw new ArgumentException($"Normalization: mean and variance must have the same length; received {mean.Length} and {variance.Length}.", nameof(variance));
        Axis = axis ?? new long[] { -1 };
        Mean = mean;
        Variance = variance;
        Invert = invert;
    }

    /// <summary>The axes with their own statistics.</summary>
    public long[] Axis { get; }
    /// <summary>The given means, if any.</summary>
    public double[]? Mean { get; }
    /// <summary>The given variances, if any.</summary>
    public double[]? Variance { get; }
    /// <summary>Whether the layer undoes the normalization.</summary>
    public bool Invert { get; }

    /// <summary>Whether statistics are available (given, or adapted).</summary>
    public bool IsAdapted { get; private set; }

    /// <summary>The current mean (shape of the kept axes); built layers only.</summary>
    public Tensor? CurrentMean => meanWeight?.Value;
    /// <summary>The current variance (shape of the kept axes); built layers only.</summary>
    public Tensor? CurrentVariance => varianceWeight?.Value;

    /// <inheritdoc/>
    protected override void Build(TensorShape inputShape)
    {
        var rank = inputShape.Rank;
        var kept = Axis.Select(a => a < 0 ? a + rank : a).ToArray();
        if (kept.Any(a => a < 1 || a >= rank))
            throw new ArgumentException(
                $"Normalization '{Name}': axis [{string.Join(", ", Axis)}] is out of range for input of shape {inputShape}; the batch axis 0 cannot be kept.", "axis");
        keptAxes = kept.OrderBy(a => a).ToArray();
        var sizes = keptAxes.Select(a => inputShape[(int)a] ?? throw new ArgumentException(
            $"Normalization '{Name}': the kept axis {a} of input shape {inputShape} must have a known size.", "axis")).ToArray();
        broadcast = Enumerable.Range(0, rank).Select(i => Array.IndexOf(keptAxes, (long)i) is var k && k >= 0 ? sizes[k] : 1L).ToArray();
        var count = sizes.Aggregate(1L, (a, b) => a * b);
        if (Mean is not null)
        {
            if (Mean.Length != 1 && Mean.Length != count)
                throw new ArgumentException(
                    $"Normalization '{Name}': mean and variance need 1 or {count} values for kept axes of sizes ({string.Join(", ", sizes)}); received {Mean.Length}.", "mean");
            IsAdapted = true;
            return;
        }
        meanWeight = AddWeight("mean", sizes, new Zeros(), trainable: false);
        varianceWeight = AddWeight("variance", sizes, new Ones(), trainable: false);
    }

    /// <summary>Computes the mean and variance of <paramref name="data"/> (samples on axis 0) over every axis but the kept ones.</summary>
    public void Adapt(Tensor data)
    {
        ArgumentNullException.ThrowIfNull(data);
        using var scope = torch.NewDisposeScope();
        Accumulate(data, out var sum, out var squares, out var n);
        Finish(sum, squares, n);
    }

    /// <summary>Computes the statistics from the first input of every batch of one pass over <paramref name="data"/>.</summary>
    public void Adapt(IDataSource data)
    {
        ArgumentNullException.ThrowIfNull(data);
        using var scope = torch.NewDisposeScope();
        Tensor? sum = null, squares = null;
        double n = 0;
        foreach (var batch in data.GetBatches(0))
        {
            using var batchScope = torch.NewDisposeScope();
            Accumulate(batch.X[0], out var s, out var q, out var m);
            sum = sum is null ? s.MoveToOuterDisposeScope() : (sum + s).MoveToOuterDisposeScope();
            squares = squares is null ? q.MoveToOuterDisposeScope() : (squares + q).MoveToOuterDisposeScope();
            n += m;
        }
        if (sum is null) throw new ArgumentException($"Normalization '{Name}': Adapt received no batches.", nameof(data));
        Finish(sum, squares!, n);
    }

    private void Accumulate(Tensor data, out Tensor sum, out Tensor squares, out double count)
    {
        if (Mean is not null) throw new InvalidOperationException($"Normalization '{Name}' was given its mean and variance; it cannot be adapted.");
        if (data.dim() < 1) throw new ArgumentException($"Normalization '{Name}': Adapt expects a batch of samples; received a scalar.", nameof(data));
        if (!Built) BuildFor(TensorShape.Of(data.shape).ReplaceBatch(null));
        var x = data.to(ScalarType.Float64);
        var reduce = Enumerable.Range(0, (int)data.dim()).Where(i => !keptAxes!.Contains((long)i)).Select(i => (long)i).ToArray();
        count = reduce.Aggregate(1.0, (a, i) => a * data.size((int)i));
        sum = reduce.Length == 0 ? x : x.sum(reduce);
        squares = reduce.Length == 0 ? x * x : (x * x).sum(reduce);
    }

    private void Finish(Tensor sum, Tensor squares, double count)
    {
        var mean = sum / count;
        var variance = (squares / count - mean * mean).clamp(0, null);
        using (torch.no_grad())
        {
            meanWeight!.Assign(mean.to(ScalarType.Float32).reshape(meanWeight.Shape));
            varianceWeight!.Assign(variance.to(ScalarType.Float32).reshape(varianceWeight.Shape));
        }
        IsAdapted = true;
    }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, CallContext context)
    {
        using var scope = torch.NewDisposeScope();
        var x = inputs.is_floating_point() ? inputs : inputs.to(ScalarType.Float32);
        Tensor mean, std;
        if (Mean is not null)
        {
            var shape = Mean.Length == 1 ? new long[] { 1 } : broadcast!;
            mean = torch.tensor(Mean.Select(m => (float)m).ToArray(), shape).to(x.dtype);
            std = torch.tensor(Variance!.Select(v => (float)Math.Max(Math.Sqrt(v), Epsilon)).ToArray(), shape).to(x.dtype);
        }
        else
        {
            mean = meanWeight!.Value.reshape(broadcast!).to(x.dtype);
            std = varianceWeight!.Value.reshape(broadcast!).sqrt().clamp(Epsilon, null).to(x.dtype);
        }
        var result = Invert ? x * std + mean : (x - mean) / std;
        return result.MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public override TensorShape ComputeOutputShape(TensorShape inputShape) => inputShape;

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() =>
        With(base.GetConfig(), ("axis", Axis), ("mean", Mean), ("variance", Variance), ("invert", Invert));
}
