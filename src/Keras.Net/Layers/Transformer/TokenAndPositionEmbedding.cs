using KerasNet.MixedPrecision;
using KerasNet.Initializers;
using KerasNet.Serialization;

namespace KerasNet.Layers;

/// <summary>
/// Token embeddings plus learned position embeddings, as Keras-NLP's <c>TokenAndPositionEmbedding</c>: integer
/// tokens (batch, T) become <c>token_embedding[tokens] + position_embedding[0..T)</c>, shape (batch, T, embeddingDim).
/// Weights: <c>token_embedding/embeddings</c> (vocabularySize, embeddingDim) and
/// <c>position_embedding/embeddings</c> (sequenceLength, embeddingDim).
/// </summary>
/// <remarks>
/// With <c>maskZero</c>, token 0 is padding: <see cref="OutputMask"/> gives the (batch, T) mask (true for real
/// tokens) that a <see cref="TransformerEncoder"/> takes as its padding mask.
/// </remarks>
public sealed class TokenAndPositionEmbedding : Layer
{
    /// <summary>The inputs are token indices: they are never cast to the compute dtype.</summary>
    internal override AutocastMode AutocastMode => AutocastMode.IndexInputs;

    private Variable? tokenEmbeddings, positionEmbeddings;

    /// <summary>Creates the layer.</summary>
    /// <param name="vocabularySize">The number of distinct tokens (tokens are 0..vocabularySize-1).</param>
    /// <param name="sequenceLength">The longest sequence the layer can embed.</param>
    /// <param name="embeddingDim">The size of each embedding.</param>
    /// <param name="embeddingsInitializer">Both tables' initializer (Keras's "uniform": U(-0.05, 0.05)).</param>
    /// <param name="maskZero">Whether token 0 is padding (see <see cref="OutputMask"/>).</param>
    /// <param name="name">The layer's name.</param>
    /// <param name="trainable">Whether training updates the embeddings.</param>
    public TokenAndPositionEmbedding(long vocabularySize, long sequenceLength, long embeddingDim, Initializer? embeddingsInitializer = null,
                                     bool maskZero = false, string? name = null, bool trainable = true)
        : base(name, trainable)
    {
        if (vocabularySize < 1) throw new ArgumentOutOfRangeException(nameof(vocabularySize), vocabularySize, $"TokenAndPositionEmbedding: vocabularySize must be a positive integer; received {vocabularySize}.");
        if (sequenceLength < 1) throw new ArgumentOutOfRangeException(nameof(sequenceLength), sequenceLength, $"TokenAndPositionEmbedding: sequenceLength must be a positive integer; received {sequenceLength}.");
        if (embeddingDim < 1) throw new ArgumentOutOfRangeException(nameof(embeddingDim), embeddingDim, $"TokenAndPositionEmbedding: embeddingDim must be a positive integer; received {embeddingDim}.");
        VocabularySize = vocabularySize;
        SequenceLength = sequenceLength;
        EmbeddingDim = embeddingDim;
        EmbeddingsInitializer = embeddingsInitializer ?? new RandomUniform();
        MaskZero = maskZero;
    }

    /// <summary>The number of distinct tokens.</summary>
    public long VocabularySize { get; }
    /// <summary>The longest sequence the layer can embed.</summary>
    public long SequenceLength { get; }
    /// <summary>The size of each embedding.</summary>
    public long EmbeddingDim { get; }
    /// <summary>Both tables' initializer.</summary>
    public Initializer EmbeddingsInitializer { get; }
    /// <summary>Whether token 0 is padding.</summary>
    public bool MaskZero { get; }

    /// <summary>The token table (vocabularySize, embeddingDim), once built.</summary>
    public Variable TokenEmbeddings => tokenEmbeddings ?? throw NotBuilt();
    /// <summary>The position table (sequenceLength, embeddingDim), once built.</summary>
    public Variable PositionEmbeddings => positionEmbeddings ?? throw NotBuilt();

    private InvalidOperationException NotBuilt() => new($"TokenAndPositionEmbedding '{Name}' is not built yet.");

    /// <summary>The padding mask of a batch of tokens: true where the token is not 0; null unless <see cref="MaskZero"/>.</summary>
    public Tensor? OutputMask(Tensor tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        return MaskZero ? tokens.ne(0) : null;
    }

    /// <summary>With <see cref="MaskZero"/>, the padding mask of the tokens, which then travels with the output to the layers after it.</summary>
    public override Tensor? ComputeMask(Tensor inputs, Tensor? mask) => OutputMask(inputs);

    /// <inheritdoc/>
    protected override void ValidateInput(TensorShape inputShape, int inputCount)
    {
        if (inputShape.Rank != 2)
            throw ShapeError("integer tokens of rank 2 (batch, sequence)", inputShape,
                inputShape.Rank == 3 ? "The input looks embedded already: use PositionEmbedding on it instead." : null);
        if (inputShape[1] is { } length && length > SequenceLength)
            throw ShapeError($"sequences of at most sequenceLength = {SequenceLength} tokens", inputShape,
                "Create the layer with a larger sequenceLength, or truncate the sequences (e.g. with PadSequences).");
    }

    /// <inheritdoc/>
    protected override void Build(TensorShape inputShape)
    {
        tokenEmbeddings = AddWeight("token_embedding/embeddings", new[] { VocabularySize, EmbeddingDim }, EmbeddingsInitializer);
        positionEmbeddings = AddWeight("position_embedding/embeddings", new[] { SequenceLength, EmbeddingDim }, EmbeddingsInitializer);
    }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, CallContext context)
    {
        using var scope = torch.NewDisposeScope();
        var tokens = inputs.dtype == ScalarType.Int64 ? inputs : inputs.to(ScalarType.Int64);
        var embedded = Embedding.Lookup(tokenEmbeddings!.Value, tokens);
        var positions = positionEmbeddings!.Value.narrow(0, 0, inputs.size(1));
        return (embedded + positions).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public override TensorShape ComputeOutputShape(TensorShape inputShape) => new(inputShape[0], inputShape[1], EmbeddingDim);

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() =>
        With(base.GetConfig(), ("vocabulary_size", VocabularySize), ("sequence_length", SequenceLength), ("embedding_dim", EmbeddingDim),
             ("embeddings_initializer", KerasRegistry.Serialize(EmbeddingsInitializer)), ("mask_zero", MaskZero));
}
