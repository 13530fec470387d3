using KerasNet.MixedPrecision;
using KerasNet.Constraints;
using KerasNet.Initializers;
using KerasNet.Regularizers;

namespace KerasNet.Layers;

/// <summary>
/// Turns integer indices into dense vectors: row <c>i</c> of the (inputDim, outputDim) <c>embeddings</c> matrix for
/// index <c>i</c>. With <see cref="MaskZero"/>, index 0 is padding: the output carries a mask that is false there, which
/// recurrent layers, GlobalAveragePooling1D and the loss honour.
/// </summary>
public sealed class Embedding : Layer
{
    /// <summary>The inputs are token indices: they are never cast to the compute dtype.</summary>
    internal override AutocastMode AutocastMode => AutocastMode.IndexInputs;

    private readonly WeightOptions embeddingsOptions;
    private Variable? embeddings;

    /// <summary>Creates the layer.</summary>
    /// <param name="inputDim">The vocabulary size: indices go from 0 to inputDim − 1.</param>
    /// <param name="outputDim">The size of each vector.</param>
    /// <param name="embeddingsInitializer">The matrix's initializer (Keras's "uniform": RandomUniform(−0.05, 0.05)).</param>
    /// <param name="embeddingsRegularizer">The matrix's regularizer.</param>
    /// <param name="embeddingsConstraint">The matrix's constraint.</param>
    /// <param name="maskZero">Treat index 0 as padding and emit a mask (then inputDim should be the vocabulary size + 1).</param>
    /// <param name="name">The layer's name.</param>
    /// <param name="trainable">Whether the matrix is trained.</param>
    public Embedding(long inputDim, long outputDim, Initializer? embeddingsInitializer = null, Regularizer? embeddingsRegularizer = null,
                     Constraint? embeddingsConstraint = null, bool maskZero = false, string? name = null, bool trainable = true)
        : base(name, trainable)
    {
        if (inputDim < 1) throw new ArgumentOutOfRangeException(nameof(inputDim), inputDim, $"Embedding: inputDim must be a positive integer (the vocabulary size); received {inputDim}.");
        if (outputDim < 1) throw new ArgumentOutOfRangeException(nameof(outputDim), outputDim, $"Embedding: outputDim must be a positive integer; received {outputDim}.");
        InputDim = inputDim;
        OutputDim = outputDim;
        embeddingsOptions = new WeightOptions("embeddings", embeddingsInitializer ?? new RandomUniform(), embeddingsRegularizer, embeddingsConstraint);
        MaskZero = maskZero;
    }

    /// <summary>The vocabulary size.</summary>
    public long InputDim { get; }
    /// <summary>The size of each vector.</summary>
    public long OutputDim { get; }
    /// <summary>The matrix's initializer.</summary>
    public Initializer EmbeddingsInitializer => embeddingsOptions.Initializer;
    /// <summary>The matrix's regularizer.</summary>
    public Regularizer? EmbeddingsRegularizer => embeddingsOptions.Regularizer;
    /// <summary>The matrix's constraint.</summary>
    public Constraint? EmbeddingsConstraint => embeddingsOptions.Constraint;
    /// <summary>Whether index 0 is padding (masked).</summary>
    public bool MaskZero { get; }

    /// <summary>The (inputDim, outputDim) matrix, once built.</summary>
    public Variable Embeddings => embeddings ?? throw new InvalidOperationException($"Embedding '{Name}' is not built yet.");

    /// <inheritdoc/>
    protected override void Build(TensorShape inputShape) =>
        embeddings = AddWeight("embeddings", new[] { InputDim, OutputDim }, embeddingsOptions.Initializer,
            regularizer: embeddingsOptions.Regularizer, constraint: embeddingsOptions.Constraint);

    /// <inheritdoc/>
    protected override void ValidateInput(TensorShape inputShape, int inputCount)
    {
        if (inputShape.Rank < 1) throw ShapeError("integer indices of rank >= 1, e.g. (batch, timesteps)", inputShape);
    }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, CallContext context)
    {
        var indices = inputs.dtype == ScalarType.Int64 ? inputs : inputs.to(ScalarType.Int64);
        try
        {
            return Embedding.Lookup(embeddings!.Value, indices);
        }
        catch (System.Runtime.InteropServices.ExternalException e)
        {
            // Checked only on failure, so a good batch pays nothing for the clearer message.
            using var low = indices.min();
            using var high = indices.max();
            throw new ArgumentOutOfRangeException(nameof(inputs),
                $"Embedding '{Name}' received indices from {low.item<long>()} to {high.item<long>()}, but inputDim is {InputDim} " +
                $"(indices must be in [0, {InputDim})). Increase inputDim to the vocabulary size (+1 with maskZero), or clip the indices. ({e.Message})");
        }
    }

    /// <summary>
    /// The rows of <paramref name="table"/> (vocabulary, features) named by <paramref name="indices"/> (int64, any
    /// shape), shaped indices.shape + (features): <c>torch.nn.functional.embedding</c>, which TorchSharp does not bind.
    /// Its gradient accumulates into the rows used, as embedding's dense backward.
    /// </summary>
    internal static Tensor Lookup(Tensor table, Tensor indices)
    {
        using var flat = indices.reshape(-1);
        using var rows = table.index_select(0, flat);
        return rows.view(indices.shape.Append(table.size(1)).ToArray());
    }

    /// <inheritdoc/>
    public override Tensor? ComputeMask(Tensor inputs, Tensor? mask) => MaskZero ? inputs.ne(0) : null;

    /// <inheritdoc/>
    public override TensorShape ComputeOutputShape(TensorShape inputShape) => new(inputShape.Dims.Append(OutputDim).ToArray());

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["input_dim"] = InputDim;
        config["output_dim"] = OutputDim;
        WeightOptions.Write(config, new[] { embeddingsOptions });
        config["mask_zero"] = MaskZero;
        return config;
    }
}
