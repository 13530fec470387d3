namespace KerasNet.Metrics;

/// <summary>
/// The coefficient of determination, 1 − Σ(y − ŷ)² / Σ(y − ȳ)², per output column of (batch, outputs) data (weighted
/// by sample weights), accumulated over batches and combined per <see cref="ClassAggregation"/>: "uniform_average" (the
/// Keras default) or "variance_weighted_average". With <see cref="NumRegressors"/> p &gt; 0 the adjusted score
/// 1 − (1 − R²)(n − 1)/(n − p − 1) is returned when n − 1 &gt; p (n: the samples with a non-zero weight).
/// </summary>
public sealed class R2Score : Metric
{
    // [samples with a non-zero weight, then per output: Σw·y, Σw·y², Σw·(y − ŷ)², Σw]; null until the outputs are known.
    private RunningSums? sums;

    /// <summary>Creates the metric.</summary>
    /// <param name="classAggregation">"uniform_average" or "variance_weighted_average".</param>
    /// <param name="numRegressors">The number of independent variables for the adjusted score; 0 for the plain score.</param>
    /// <param name="name">The name in logs.</param>
    public R2Score(string classAggregation = "uniform_average", int numRegressors = 0, string name = "r2_score") : base(name)
    {
        if (classAggregation is not ("uniform_average" or "variance_weighted_average"))
            throw new ArgumentException($"R2Score: classAggregation '{classAggregation}' is not supported; expected 'uniform_average' or 'variance_weighted_average'.", nameof(classAggregation));
        if (numRegressors < 0)
            throw new ArgumentOutOfRangeException(nameof(numRegressors), numRegressors, $"R2Score: numRegressors must be >= 0; received {numRegressors}.");
        ClassAggregation = classAggregation;
        NumRegressors = numRegressors;
    }

    /// <summary>How the per-output scores are combined.</summary>
    public string ClassAggregation { get; }
    /// <summary>The number of independent variables of the adjusted score (0: plain R²).</summary>
    public int NumRegressors { get; }

    /// <inheritdoc/>
    public override void UpdateState(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null)
    {
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(yPred);
        var (t, p) = Losses.Loss.MatchRank(yTrue, yPred);
        if (p.dim() != 2 || !t.shape.SequenceEqual(p.shape))
            throw new ArgumentException($"R2Score expects y_true and y_pred of the same shape (batch, outputs); received {Shape.Format(yTrue.shape)} and {Shape.Format(yPred.shape)}.", nameof(yPred));
        var outputs = (int)p.size(1);
        if (sums is not null && sums.Length != 1 + 4 * outputs)
            throw new ArgumentException($"R2Score: the number of outputs changed from {(sums.Length - 1) / 4} to {outputs}.", nameof(yPred));
        using var scope = torch.NewDisposeScope();
        var y = t.to(ScalarType.Float64);
        var prediction = p.detach().to(ScalarType.Float64);
        var w = sampleWeight is null ? torch.ones_like(y) : (sampleWeight.dim() == 1 ? sampleWeight.unsqueeze(1) : sampleWeight).to(ScalarType.Float64).expand_as(y);
        var weighted = y * w;
        var samples = w.ne(0).any(-1).to(ScalarType.Float64).sum().reshape(1);
        sums ??= new RunningSums(1 + 4 * outputs);
        sums.Add(torch.cat(new[] { samples, weighted.sum(dim: 0), (y * weighted).sum(dim: 0), ((y - prediction).square() * w).sum(dim: 0), w.sum(dim: 0) }));
    }

    /// <inheritdoc/>
    public override double Result()
    {
        if (sums is null) return 0.0;
        var s = sums.Read();
        var k = (s.Length - 1) / 4;
        var n = s[0];
        double uniform = 0, weightedSum = 0, totalSum = 0;
        for (var i = 0; i < k; i++)
        {
            double sum = s[1 + i], squares = s[1 + k + i], residual = s[1 + 2 * k + i], count = s[1 + 3 * k + i];
            var total = squares - sum * (sum / count);
            var raw = 1 - residual / total;
            if (double.IsInfinity(raw)) raw = 0;
            uniform += raw;
            weightedSum += total * raw;
            totalSum += total;
        }
        var r2 = ClassAggregation == "uniform_average" ? uniform / k : weightedSum / totalSum;
        if (NumRegressors != 0 && NumRegressors < n - 1) r2 = 1 - (1 - r2) * (n - 1) / (n - NumRegressors - 1);
        return r2;
    }

    /// <inheritdoc/>
    public override void ResetState()
    {
        sums?.Dispose();
        sums = null;
    }

    /// <summary>
    /// The state: the number of samples with a non-zero weight, then per output the weighted sums of y, y² and (y − ŷ)²
    /// and of the weights (1 + 4 × outputs values); empty before the first update.
    /// </summary>
    protected internal override double[]? ExportState() => sums?.Read() ?? Array.Empty<double>();

    /// <inheritdoc/>
    protected internal override void ImportState(ReadOnlySpan<double> state)
    {
        if (state.Length != 0 && state.Length % 4 != 1)
            throw new ArgumentException($"Metric '{Name}' (R2Score) has a state of 1 + 4 × outputs values; received {state.Length}.", nameof(state));
        if (sums is null || sums.Length != state.Length)
        {
            ResetState();
            if (state.Length == 0) return;
            sums = new RunningSums(state.Length);
        }
        sums.Write(state);
    }

    /// <inheritdoc/>
    internal override bool StateLengthDependsOnData => true;

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new(base.GetConfig()) { ["class_aggregation"] = ClassAggregation, ["num_regressors"] = NumRegressors };
}
