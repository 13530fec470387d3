using KerasNet.Activations;
using KerasNet.Initializers;

namespace KerasNet.Layers;

/// <summary>
/// One Transformer encoder block (Vaswani et al. 2017) as Keras-NLP's <c>TransformerEncoder</c>: self-attention
/// (heads of size features / numHeads), dropout, residual and LayerNormalization; then Dense(intermediateDim,
/// activation), Dense(features), dropout, residual and LayerNormalization (post-norm; pre-norm with
/// <c>normalizeFirst</c>). Input and output are (batch, sequence, features).
/// </summary>
/// <remarks>
/// A padding mask (batch, sequence), true for real tokens, keeps padded positions from being attended to; it is
/// given to <see cref="Apply(Tensor, Tensor?, Tensor?, bool)"/>, as a second graph input, or arrives with the inputs
/// (<see cref="CallContext.Mask"/>, e.g. from an embedding with <c>maskZero</c>). An attention mask
/// (batch, sequence, sequence) may be combined with it. Graph inputs: <c>[x]</c>, <c>[x, paddingMask]</c> or
/// <c>[x, paddingMask, attentionMask]</c>.
/// </remarks>
public sealed class TransformerEncoder : TransformerBlock
{
    private MultiHeadAttention? selfAttention;
    private LayerNormalization? selfAttentionNorm;
    private Dropout? selfAttentionDropout;

    /// <summary>Creates the block.</summary>
    /// <param name="intermediateDim">The feed-forward hidden size.</param>
    /// <param name="numHeads">The number of attention heads; must divide the inputs' feature size.</param>
    /// <param name="dropout">Dropout rate on the attention weights and after each part.</param>
    /// <param name="activation">The feed-forward hidden activation (relu).</param>
    /// <param name="layerNormEpsilon">The layer normalizations' epsilon (1e-5).</param>
    /// <param name="kernelInitializer">The kernels' initializer (Glorot uniform).</param>
    /// <param name="biasInitializer">The biases' initializer (zeros).</param>
    /// <param name="normalizeFirst">Pre-norm instead of post-norm.</param>
    /// <param name="name">The layer's name.</param>
    /// <param name="trainable">Whether training updates the weights.</param>
    public TransformerEncoder(long intermediateDim, long numHeads, double dropout = 0.0, ActivationFunction? activation = null,
                              double layerNormEpsilon = 1e-5, Initializer? kernelInitializer = null, Initializer? biasInitializer = null,
                              bool normalizeFirst = false, string? name = null, bool trainable = true)
        : base(intermediateDim, numHeads, dropout, activation, layerNormEpsilon, kernelInitializer, biasInitializer, normalizeFirst, name, trainable)
    {
    }

    /// <summary>The self-attention sublayer, once built.</summary>
    public MultiHeadAttention SelfAttention => selfAttention ?? throw new InvalidOperationException($"{Who} is not built yet.");

    /// <summary>The self-attention part's sublayers, for the ONNX export.</summary>
    internal (MultiHeadAttention Attention, LayerNormalization Norm) SelfAttentionParts => (SelfAttention, selfAttentionNorm!);

    /// <inheritdoc/>
    protected override void ValidateInput(TensorShape inputShape, int inputCount)
    {
        if (inputCount > 3)
            throw new ArgumentException($"{Who} takes [inputs], [inputs, paddingMask] or [inputs, paddingMask, attentionMask]; received {inputCount} inputs.");
    }

    /// <inheritdoc/>
    protected override void Build(IReadOnlyList<TensorShape> inputShapes)
    {
        var sequence = inputShapes[0];
        BuildFeedforward(sequence);
        selfAttention = Attention("self_attention_layer", sequence, sequence);
        selfAttentionNorm = Norm("self_attention_layer_norm", sequence);
        selfAttentionDropout = new Dropout(Dropout, name: "self_attention_dropout");
        NameSublayerWeights();
    }

    /// <summary>Runs the block eagerly.</summary>
    /// <param name="inputs">(batch, sequence, features).</param>
    /// <param name="paddingMask">(batch, sequence): true for real tokens, false for padding (not attended to).</param>
    /// <param name="attentionMask">(batch, sequence, sequence): true where position t may attend to position s.</param>
    /// <param name="training">True to apply dropout.</param>
    public Tensor Apply(Tensor inputs, Tensor? paddingMask = null, Tensor? attentionMask = null, bool training = false)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (!Built) BuildFor(new[] { TensorShape.Of(inputs.shape).ReplaceBatch(null) });
        return Compute(inputs, paddingMask, attentionMask, training);
    }

    /// <summary>Applies the block in a functional graph.</summary>
    /// <param name="inputs">(batch, sequence, features).</param>
    /// <param name="paddingMask">An optional (batch, sequence) mask input.</param>
    /// <param name="attentionMask">An optional (batch, sequence, sequence) mask input; needs <paramref name="paddingMask"/>.</param>
    public KerasTensor Apply(KerasTensor inputs, KerasTensor? paddingMask = null, KerasTensor? attentionMask = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (attentionMask is not null && paddingMask is null)
            throw new ArgumentException($"{Who}: in a graph an attentionMask comes after a paddingMask (inputs [x, paddingMask, attentionMask]); pass a padding mask too (all true if nothing is padded).", nameof(paddingMask));
        if (!Built) BuildFor(new[] { inputs.Shape });
        var list = new List<KerasTensor> { inputs };
        if (paddingMask is not null) list.Add(paddingMask);
        if (attentionMask is not null) list.Add(attentionMask);
        return ApplyMulti(list.ToArray())[0];
    }

    /// <inheritdoc/>
    protected override IReadOnlyList<Tensor> Call(IReadOnlyList<Tensor> inputs, CallContext context)
    {
        var x = inputs[0];
        var paddingMask = inputs.Count > 1 ? inputs[1] : ContextPaddingMask(context, x);
        return new[] { Compute(x, paddingMask, inputs.Count > 2 ? inputs[2] : null, context.Training) };
    }

    private Tensor Compute(Tensor x, Tensor? paddingMask, Tensor? attentionMask, bool training)
    {
        CheckSequence(x, "inputs");
        using var scope = torch.NewDisposeScope();
        var mask = KeyMask(x, x, paddingMask, attentionMask, "paddingMask", "attentionMask");
        var y = Residual(x, selfAttentionNorm!, selfAttentionDropout!, training,
            h => selfAttention!.Compute(h, h, null, mask, useCausalMask: false, wantScores: false, training, CallContext.Inference).Output);
        return Feedforward(y, training).MoveToOuterDisposeScope();
    }
}
