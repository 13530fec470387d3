using KerasNet.Initializers;
using KerasNet.Serialization;

namespace KerasNet.Layers;

/// <summary>
/// Learned position embeddings, as Keras-NLP's <c>PositionEmbedding</c>: a weight <c>embeddings</c>
/// (sequenceLength, features) whose first T rows are returned, broadcast to the input's shape (batch, T, features).
/// The input only gives the shape; add the result to it (<c>x + positions.Apply(x)</c>).
/// </summary>
public sealed class PositionEmbedding : Layer
{
    private Variable? embeddings;

    /// <summary>Creates the layer.</summary>
    /// <param name="sequenceLength">The longest sequence the layer can embed.</param>
    /// <param name="initializer">The embeddings' initializer (Glorot uniform).</param>
    /// <param name="name">The layer's name.</param>
    /// <param name="trainable">Whether training updates the embeddings.</param>
    public PositionEmbedding(long sequenceLength, Initializer? initializer = null, string? name = null, bool trainable = true)
        : base(name, trainable)
    {
        if (sequenceLength < 1)
            throw new ArgumentOutOfRangeException(nameof(sequenceLength), sequenceLength, $"PositionEmbedding: sequenceLength must be a positive integer; received {sequenceLength}.");
        SequenceLength = sequenceLength;
        Initializer = initializer ?? new GlorotUniform();
    }

    /// <summary>The longest sequence the layer can embed.</summary>
    public long SequenceLength { get; }
    /// <summary>The embeddings' initializer.</summary>
    public Initializer Initializer { get; }

    /// <summary>The (sequenceLength, features) embeddings, once built.</summary>
    public Variable Embeddings => embeddings ?? throw new InvalidOperationException($"PositionEmbedding '{Name}' is not built yet.");

    /// <inheritdoc/>
    public override bool SupportsMasking => true;

    /// <inheritdoc/>
    protected override void ValidateInput(TensorShape inputShape, int inputCount)
    {
        if (inputShape.Rank < 3 || inputShape[-1] is null)
            throw ShapeError("input of rank >= 3 (batch, sequence, features) with a known feature size", inputShape);
        if (inputShape[-2] is { } length && length > SequenceLength)
            throw ShapeError($"sequences of at most sequenceLength = {SequenceLength} steps (axis -2)", inputShape,
                "Create the layer with a larger sequenceLength, or truncate the sequences.");
        if (embeddings is not null && inputShape[-1] != embeddings.Shape[1])
            throw ShapeError($"{embeddings.Shape[1]} features on the last axis (it was built for them)", inputShape);
    }

    /// <inheritdoc/>
    protected override void Build(TensorShape inputShape) =>
        embeddings = AddWeight("embeddings", new[] { SequenceLength, inputShape[-1]!.Value }, Initializer);

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, CallContext context)
    {
        var length = inputs.size(-2);
        using var rows = embeddings!.Value.narrow(0, 0, length);
        return rows.expand(inputs.shape);
    }

    /// <inheritdoc/>
    public override TensorShape ComputeOutputShape(TensorShape inputShape) => inputShape;

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() =>
        With(base.GetConfig(), ("sequence_length", SequenceLength), ("initializer", KerasRegistry.Serialize(Initializer)));
}
