namespace KerasNet.Layers;

/// <summary>
/// Keras's <c>Discretization</c>: puts each value into one of the ranges (-inf, b0), [b0, b1), ..., [bn, +inf) of its
/// bin boundaries and outputs the range's index (int64 in "int" mode; Keras gives int32) or, in "one_hot",
/// "multi_hot" and "count" modes, its float32 encoding over boundaries + 1 bins. The boundaries are given, or learned
/// from data with <see cref="Adapt(Tensor)"/> as approximate quantiles (Keras's summary algorithm, error about
/// <c>epsilon</c>).
/// </summary>
/// <remarks>Keras's <c>sparse</c> output is not supported (refused). Not differentiable.</remarks>
public sealed class Discretization : Layer
{
    private float[,]? summary;

    /// <summary>Creates the layer.</summary>
    /// <param name="binBoundaries">Increasing boundaries; give these or <paramref name="numBins"/>.</param>
    /// <param name="numBins">The number of bins <see cref="Adapt(Tensor)"/> learns boundaries for.</param>
    /// <param name="epsilon">The approximation error of the learned quantiles (default 0.01).</param>
    /// <param name="outputMode"><c>"int"</c> (default), <c>"one_hot"</c>, <c>"multi_hot"</c> or <c>"count"</c>.</param>
    /// <param name="sparse">Must be false: sparse outputs are not supported.</param>
    /// <param name="name">The layer's name.</param>
    /// <param name="trainable">Kept for the layer contract; the layer has no weights.</param>
    public Discretization(double[]? binBoundaries = null, int? numBins = null, double epsilon = 0.01, string outputMode = "int", bool sparse = false,
                          string? name = null, bool trainable = true) : base(name, trainable)
    {
        if (sparse) throw new NotSupportedException("Discretization: sparse: true is not supported; use sparse: false.");
        if (binBoundaries is null == numBins is null)
            throw new ArgumentException($"Discretization: give exactly one of binBoundaries (fixed bins) and numBins (learned by Adapt); received {(numBins is null ? "neither" : "both")}.", nameof(binBoundaries));
        if (numBins is < 1) throw new ArgumentOutOfRangeException(nameof(numBins), numBins, $"Discretization: numBins must be at least 1; received {numBins}.");
        if (!(epsilon > 0 && epsilon < 1)) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, $"Discretization: epsilon must be in (0, 1); received {epsilon}.");
        if (binBoundaries is not null && binBoundaries.Zip(binBoundaries.Skip(1)).Any(p => !(p.First < p.Second)))
            throw new ArgumentException($"Discretization: binBoundaries must be strictly increasing; received [{string.Join(", ", binBoundaries)}].", nameof(binBoundaries));
        OutputMode = CategoricalOutput.CheckMode("Discretization", outputMode, CategoricalOutput.Modes);
        (BinBoundaries, NumBins, Epsilon) = (binBoundaries?.ToArray(), numBins, epsilon);
    }

    /// <summary>The boundaries (given or learned), or null before <see cref="Adapt(Tensor)"/>.</summary>
    public double[]? BinBoundaries { get; private set; }
    /// <summary>The number of bins to learn, or null for fixed boundaries.</summary>
    public int? NumBins { get; }
    /// <summary>The quantile approximation error.</summary>
    public double Epsilon { get; }
    /// <summary>The output mode.</summary>
    public string OutputMode { get; }

    private long Depth => BinBoundaries is { } b ? b.Length + 1 : NumBins!.Value;

    /// <summary>Learns <see cref="NumBins"/> − 1 boundaries from the values of <paramref name="data"/> (all axes).</summary>
    public void Adapt(Tensor data) => Adapt(new[] { data });

    /// <summary>Learns the boundaries from several batches, merging their summaries as Keras does.</summary>
    public void Adapt(IEnumerable<Tensor> batches)
    {
        ArgumentNullException.ThrowIfNull(batches);
        if (NumBins is not { } bins)
            throw new InvalidOperationException($"Discretization '{Name}' was created with binBoundaries; create it with numBins to learn boundaries with Adapt.");
        summary = new float[2, 0];
        foreach (var batch in batches)
        {
            using var flat = batch.to(ScalarType.Float32).cpu().contiguous().flatten();
            summary = Compress(Merge(summary, Summarize(flat.data<float>().ToArray())), Epsilon);
        }
        var final = Compress(summary, 1.0 / bins);
        BinBoundaries = Enumerable.Range(0, final.GetLength(1) - 1).Select(i => (double)final[0, i]).ToArray();
    }

    private float[,] Summarize(float[] values)
    {
        Array.Sort(values);
        var step = Math.Max(values.Length / (1.0 / Epsilon), 1.0);
        var (start, stride) = ((int)(step - 1), (int)step);
        var picked = Enumerable.Range(0, values.Length).Where(i => i >= start && (i - start) % stride == 0).Select(i => values[i]).ToArray();
        var result = new float[2, picked.Length];
        for (var i = 0; i < picked.Length; i++) (result[0, i], result[1, i]) = (picked[i], (float)step);
        return result;
    }

    private static float[,] Merge(float[,] a, float[,] b)
    {
        var columns = Enumerable.Range(0, a.GetLength(1)).Select(i => (a[0, i], a[1, i]))
            .Concat(Enumerable.Range(0, b.GetLength(1)).Select(i => (b[0, i], b[1, i]))).OrderBy(c => c.Item1).ToList();
        var result = new float[2, columns.Count];
        for (var i = 0; i < columns.Count; i++) (result[0, i], result[1, i]) = columns[i];
        return result;
    }

    private static float[,] Compress(float[,] s, double epsilon)
    {
        var n = s.GetLength(1);
        if (n * epsilon < 1) return s;
        var cumulative = new double[n];
        for (var i = 0; i < n; i++) cumulative[i] = (i == 0 ? 0 : cumulative[i - 1]) + s[1, i];
        var fractions = cumulative.Select(c => c / cumulative[^1]).ToArray();
        var values = Enumerable.Range(0, n).Select(i => (double)s[0, i]).ToArray();
        var count = (int)Math.Ceiling(1.0 / epsilon);
        var result = new float[2, count];
        double previous = 0;
        for (var j = 0; j < count; j++)
        {
            var percent = epsilon + j * epsilon;
            var weight = Interp(percent, fractions, cumulative);
            (result[0, j], result[1, j]) = ((float)Interp(percent, fractions, values), (float)(weight - previous));
            previous = weight;
        }
        return result;
    }

    /// <summary>NumPy's <c>interp</c>: piecewise-linear through (xp, fp), constant beyond the ends.</summary>
    private static double Interp(double x, double[] xp, double[] fp)
    {
        if (x <= xp[0]) return fp[0];
        if (x >= xp[^1]) return fp[^1];
        var j = Array.FindLastIndex(xp, v => v <= x);
        return fp[j] + (fp[j + 1] - fp[j]) * (x - xp[j]) / (xp[j + 1] - xp[j]);
    }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, CallContext context)
    {
        var boundaries = BinBoundaries ?? throw new InvalidOperationException(
            $"Discretization '{Name}' has no bin boundaries yet: call Adapt(data) first, or create it with binBoundaries.");
        using var scope = torch.NewDisposeScope();
        var values = inputs.is_floating_point() ? inputs : inputs.to(ScalarType.Float32);
        using var edges = torch.tensor(boundaries, device: inputs.device).to(values.dtype);
        var indices = torch.bucketize(values, edges, right: true);
        return CategoricalOutput.Encode(indices, OutputMode, Depth).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public override TensorShape ComputeOutputShape(TensorShape inputShape) => CategoricalOutput.Shape(inputShape, OutputMode, Depth);

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => With(base.GetConfig(),
        ("bin_boundaries", NumBins is null ? BinBoundaries : null), ("num_bins", NumBins), ("epsilon", Epsilon), ("output_mode", OutputMode), ("sparse", false));
}
