using System.Globalization;

namespace KerasNet.Layers;

/// <summary>
/// Keras's <c>HashedCrossing</c>: crosses two or more categorical features with the hashing trick, one bin in
/// [0, <see cref="NumBins"/>) per combination of values. As TensorFlow's <c>sparse.cross_hashed</c>, a running 64-bit
/// value starts at 0xDECAFCAFFE and absorbs each feature in turn (TensorFlow's fingerprint combine); a string feature
/// contributes FarmHash's <c>Fingerprint64</c> of its UTF-8 bytes, an integer its own 64 bits; the bin is the result
/// modulo the number of bins. <c>"int"</c> output gives int64 bins; <c>"one_hot"</c> float32 vectors.
/// </summary>
/// <remarks>
/// <para>Every feature has shape <c>()</c>, <c>(batch,)</c> or <c>(batch, 1)</c>, the same for all; the output has that
/// shape ("int") or (batch, numBins) ("one_hot"). Bins equal Keras's. Integer tensors go through the layer
/// (<c>Apply</c> with a list of tensors); features that include strings go through <see cref="Cross"/> in the data
/// pipeline (libtorch has no string tensors). Crossing runs on the host. Keras's <c>sparse</c> output is not supported.</para>
/// </remarks>
public sealed class HashedCrossing : Layer
{
    private const ulong InitialKey = 0xDECAFCAFFEUL;

    /// <summary>Creates the layer.</summary>
    /// <param name="numBins">The number of bins.</param>
    /// <param name="outputMode"><c>"int"</c> (default) or <c>"one_hot"</c>.</param>
    /// <param name="sparse">Must be false: sparse outputs are not supported.</param>
    /// <param name="name">The layer's name.</param>
    /// <param name="trainable">Kept for the layer contract; the layer has no weights.</param>
    public HashedCrossing(long numBins, string outputMode = "int", bool sparse = false, string? name = null, bool trainable = true)
        : base(name, trainable)
    {
        if (numBins < 1)
            throw new ArgumentOutOfRangeException(nameof(numBins), numBins, $"HashedCrossing: numBins must be at least 1; received {numBins}.");
        if (sparse)
            throw new NotSupportedException("HashedCrossing: sparse: true is not supported (libtorch sparse tensors do not flow through Keras.Net layers); use the dense output (sparse: false).");
        NumBins = numBins;
        OutputMode = CategoricalOutput.CheckMode("HashedCrossing", outputMode, new[] { "int", "one_hot" });
    }

    /// <summary>The number of bins.</summary>
    public long NumBins { get; }

    /// <summary><c>"int"</c> or <c>"one_hot"</c>.</summary>
    public string OutputMode { get; }

    /// <summary>
    /// Crosses features given as integer <see cref="Tensor"/>s, <c>IReadOnlyList&lt;string&gt;</c> or
    /// <c>IReadOnlyList&lt;long&gt;</c> (lists are batches of shape (batch,)), e.g.
    /// <c>Cross(new[] { "A", "B" }, new long[] { 101, 102 })</c>.
    /// </summary>
    public Tensor Cross(params object[] features)
    {
        ArgumentNullException.ThrowIfNull(features);
        CheckCount(features.Length);
        var columns = new ulong[features.Length][];
        long[]? shape = null;
        for (var f = 0; f < features.Length; f++)
        {
            long[] featureShape;
            switch (features[f])
            {
                case Tensor tensor:
                    columns[f] = IntegerColumn(tensor, f);
                    featureShape = tensor.shape;
                    break;
                case IReadOnlyList<string> strings:
                    columns[f] = strings.Select((s, i) => FarmHash.Fingerprint64(s ?? throw new ArgumentException($"HashedCrossing '{Name}': value {i} of feature {f} is null.", nameof(features)))).ToArray();
                    featureShape = new long[] { strings.Count };
                    break;
                case IReadOnlyList<long> longs:
                    columns[f] = longs.Select(v => (ulong)v).ToArray();
                    featureShape = new long[] { longs.Count };
                    break;
                default:
                    throw new ArgumentException($"HashedCrossing '{Name}': feature {f} is a {features[f]?.GetType().Name ?? "null"}; expected an integer Tensor, an IReadOnlyList<string> or an IReadOnlyList<long>.", nameof(features));
            }
            CheckShape(featureShape, shape, f);
            shape ??= featureShape;
        }
        return Encode(columns, shape!);
    }

    /// <inheritdoc/>
    protected override void Build(IReadOnlyList<TensorShape> inputShapes)
    {
        CheckCount(inputShapes.Count);
        foreach (var shape in inputShapes)
            if (shape.Rank > 2 || (shape.Rank == 2 && shape[1] is { } last && last != 1) || !shape.Equals(inputShapes[0]))
                throw new ArgumentException($"HashedCrossing '{Name}' expects features of equal shape (), (batch,) or (batch, 1); received {string.Join(" and ", inputShapes)}.");
    }

    /// <inheritdoc/>
    protected override IReadOnlyList<Tensor> Call(IReadOnlyList<Tensor> inputs, CallContext context)
    {
        CheckCount(inputs.Count);
        var columns = new ulong[inputs.Count][];
        for (var f = 0; f < inputs.Count; f++)
        {
            CheckShape(inputs[f].shape, inputs[0].shape, f);
            columns[f] = IntegerColumn(inputs[f], f);
        }
        using var encoded = Encode(columns, inputs[0].shape);
        return new[] { encoded.to(inputs[0].device) };
    }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, CallContext context) =>
        throw new ArgumentException($"HashedCrossing '{Name}' crosses at least two features; received one tensor. Pass a list of tensors.", nameof(inputs));

    /// <inheritdoc/>
    public override IReadOnlyList<TensorShape> ComputeOutputShape(IReadOnlyList<TensorShape> inputShapes)
    {
        ArgumentNullException.ThrowIfNull(inputShapes);
        CheckCount(inputShapes.Count);
        var first = inputShapes[0];
        if (OutputMode == "int") return new[] { first };
        return new[] { first.Rank == 0 ? new TensorShape(NumBins) : new TensorShape(first[0], NumBins) };
    }

    private void CheckCount(int count)
    {
        if (count < 2)
            throw new ArgumentException($"HashedCrossing '{Name}' crosses at least two features; received {count}.");
    }

    private void CheckShape(long[] shape, long[]? first, int feature)
    {
        if (shape.Length > 2 || (shape.Length == 2 && shape[1] != 1))
            throw new ArgumentException($"HashedCrossing '{Name}': every feature must have shape (), (batch,) or (batch, 1); feature {feature} has shape {TensorShape.Of(shape)}.");
        if (first is not null && !shape.SequenceEqual(first))
            throw new ArgumentException($"HashedCrossing '{Name}': every feature must have the same shape; feature 0 has {TensorShape.Of(first)} and feature {feature} has {TensorShape.Of(shape)}.");
    }

    private ulong[] IntegerColumn(Tensor tensor, int feature)
    {
        if (tensor.is_floating_point() || tensor.is_complex() || tensor.dtype == ScalarType.Bool)
            throw new ArgumentException($"HashedCrossing '{Name}': feature {feature} is a {tensor.dtype} tensor; expected integers (cast them, or use strings through Cross).");
        using var flat = tensor.to(ScalarType.Int64).cpu().contiguous().flatten();
        return flat.data<long>().ToArray().Select(v => (ulong)v).ToArray();
    }

    private Tensor Encode(ulong[][] columns, long[] shape)
    {
        var count = columns[0].Length;
        var bins = new long[count];
        for (var i = 0; i < count; i++)
        {
            var crossed = InitialKey;
            foreach (var column in columns) crossed = FarmHash.Cat(crossed, column[i]);
            bins[i] = (long)(crossed % (ulong)NumBins);
        }
        using var indices = torch.tensor(bins, shape);
        if (shape.Length > 0) return CategoricalOutput.Encode(indices, OutputMode, NumBins);
        using var one = CategoricalOutput.Encode(indices, OutputMode, NumBins);
        return OutputMode == "int" ? one.alias() : one.squeeze(0);
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() =>
        With(base.GetConfig(), ("num_bins", NumBins), ("output_mode", OutputMode), ("sparse", false));
}
