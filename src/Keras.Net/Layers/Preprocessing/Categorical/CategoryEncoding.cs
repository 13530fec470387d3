using System.Globalization;

namespace KerasNet.Layers;

/// <summary>
/// Keras's <c>CategoryEncoding</c>: encodes integer category indices in [0, <see cref="NumTokens"/>) as float32 vectors.
/// <c>"one_hot"</c> encodes each index (a last axis of size 1 is replaced by the encoding, any other gets a new axis);
/// <c>"multi_hot"</c> (default) marks every index present in a sample, and <c>"count"</c> counts them (optionally
/// weighted, <see cref="Encode"/>), the last axis being the sample: (..., n) → (..., numTokens).
/// </summary>
/// <remarks>
/// Inputs are integer tensors (float tensors holding whole numbers are accepted); an index outside [0, numTokens)
/// raises an <see cref="ArgumentException"/>, so every call reads the input's range on the host. Keras's
/// <c>sparse</c> output is not supported: libtorch's sparse tensors do not flow through Keras.Net's layers, and the
/// argument is refused rather than ignored. Not differentiable (integer inputs).
/// </remarks>
public sealed class CategoryEncoding : Layer
{
    /// <summary>Creates the layer.</summary>
    /// <param name="numTokens">The number of categories; inputs must lie in [0, numTokens).</param>
    /// <param name="outputMode"><c>"multi_hot"</c> (default), <c>"one_hot"</c> or <c>"count"</c> (<c>"binary"</c> is accepted as <c>"multi_hot"</c>).</param>
    /// <param name="sparse">Must be false: sparse outputs are not supported.</param>
    /// <param name="name">The layer's name.</param>
    /// <param name="trainable">Kept for the layer contract; the layer has no weights.</param>
    public CategoryEncoding(long numTokens, string outputMode = "multi_hot", bool sparse = false, string? name = null, bool trainable = true)
        : base(name, trainable)
    {
        if (numTokens < 1)
            throw new ArgumentOutOfRangeException(nameof(numTokens), numTokens, $"CategoryEncoding: numTokens must be at least 1; received {numTokens}. If the number of categories is not known in advance, use IntegerLookup.");
        if (sparse)
            throw new NotSupportedException("CategoryEncoding: sparse: true is not supported (libtorch sparse tensors do not flow through Keras.Net layers); use the dense output (sparse: false).");
        NumTokens = numTokens;
        OutputMode = CategoricalOutput.CheckMode("CategoryEncoding", outputMode == "binary" ? "multi_hot" : outputMode, CategoricalOutput.VectorModes);
    }

    /// <summary>The number of categories.</summary>
    public long NumTokens { get; }

    /// <summary><c>"one_hot"</c>, <c>"multi_hot"</c> or <c>"count"</c>.</summary>
    public string OutputMode { get; }

    /// <summary>
    /// Encodes <paramref name="inputs"/>; in <c>"count"</c> mode, <paramref name="countWeights"/> (the input's shape) weights
    /// each occurrence and the output takes its dtype.
    /// </summary>
    public Tensor Encode(Tensor inputs, Tensor? countWeights = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (countWeights is not null)
        {
            if (OutputMode != "count")
                throw new ArgumentException($"CategoryEncoding '{Name}': countWeights are used only when outputMode is \"count\"; this layer's is \"{OutputMode}\".", nameof(countWeights));
            if (!countWeights.shape.SequenceEqual(inputs.shape))
                throw new ArgumentException($"CategoryEncoding '{Name}': countWeights must have the input's shape {TensorShape.Of(inputs.shape)}; received {TensorShape.Of(countWeights.shape)}.", nameof(countWeights));
        }
        using var indices = Indices(inputs);
        return CategoricalOutput.Encode(indices, OutputMode, NumTokens, countWeights);
    }

    private Tensor Indices(Tensor inputs)
    {
        if (inputs.dtype == ScalarType.Bool || inputs.is_complex())
            throw new ArgumentException($"CategoryEncoding '{Name}' expects integer category indices; received a {inputs.dtype} tensor.", nameof(inputs));
        if (inputs.is_floating_point() && inputs.ne(inputs.floor()).any().ToBoolean())
            throw new ArgumentException($"CategoryEncoding '{Name}' expects integer category indices; received a {inputs.dtype} tensor with fractional values. Round or cast it first.", nameof(inputs));
        var indices = inputs.to(ScalarType.Int64);
        if (indices.numel() > 0)
        {
            long min = indices.min().ToInt64(), max = indices.max().ToInt64();
            if (min < 0 || max >= NumTokens)
            {
                indices.Dispose();
                throw new ArgumentOutOfRangeException(nameof(inputs),
                    $"CategoryEncoding '{Name}' expects indices in [0, {NumTokens}) (numTokens = {NumTokens}); received values from {min.ToString(CultureInfo.InvariantCulture)} to " +
                    $"{max.ToString(CultureInfo.InvariantCulture)}. Raise numTokens, or map the values first with IntegerLookup.");
            }
        }
        return indices;
    }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, CallContext context) => Encode(inputs);

    /// <inheritdoc/>
    public override TensorShape ComputeOutputShape(TensorShape inputShape) => CategoricalOutput.Shape(inputShape, OutputMode, NumTokens);

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() =>
        With(base.GetConfig(), ("num_tokens", NumTokens), ("output_mode", OutputMode), ("sparse", false));
}
