using KerasNet.Activations;
using KerasNet.Initializers;

namespace KerasNet.Layers;

/// <summary>
/// One Transformer decoder block as Keras-NLP's <c>TransformerDecoder</c>: causal self-attention, then (when built
/// with an encoder sequence) cross-attention over the encoder's outputs, then the feed-forward part; each part with
/// dropout, a residual connection and LayerNormalization (post-norm; pre-norm with <c>normalizeFirst</c>).
/// </summary>
/// <remarks>
/// Padding masks (batch, length), true for real tokens: <c>decoderPaddingMask</c> for the decoder sequence,
/// <c>encoderPaddingMask</c> for the encoder's. A decoder built without an encoder sequence has no cross-attention
/// (and refuses one later, as Keras-NLP). Graph inputs: the decoder sequence; then the encoder sequence (rank 3),
/// if any; then the decoder padding mask and the encoder padding mask, in that order (rank 2).
/// </remarks>
public sealed class TransformerDecoder : TransformerBlock
{
    private MultiHeadAttention? selfAttention, crossAttention;
    private LayerNormalization? selfAttentionNorm, crossAttentionNorm;
    private Dropout? selfAttentionDropout, crossAttentionDropout;

    /// <summary>Creates the block.</summary>
    /// <param name="intermediateDim">The feed-forward hidden size.</param>
    /// <param name="numHeads">The number of attention heads; must divide the decoder's feature size.</param>
    /// <param name="dropout">Dropout rate on the attention weights and after each part.</param>
    /// <param name="activation">The feed-forward hidden activation (relu).</param>
    /// <param name="layerNormEpsilon">The layer normalizations' epsilon (1e-5).</param>
    /// <param name="kernelInitializer">The kernels' initializer (Glorot uniform).</param>
    /// <param name="biasInitializer">The biases' initializer (zeros).</param>
    /// <param name="normalizeFirst">Pre-norm instead of post-norm.</param>
    /// <param name="name">The layer's name.</param>
    /// <param name="trainable">Whether training updates the weights.</param>
    public TransformerDecoder(long intermediateDim, long numHeads, double dropout = 0.0, ActivationFunction? activation = null,
                              double layerNormEpsilon = 1e-5, Initializer? kernelInitializer = null, Initializer? biasInitializer = null,
                              bool normalizeFirst = false, string? name = null, bool trainable = true)
        : base(intermediateDim, numHeads, dropout, activation, layerNormEpsilon, kernelInitializer, biasInitializer, normalizeFirst, name, trainable)
    {
    }

    /// <summary>Whether the block has cross-attention (it was built with an encoder sequence).</summary>
    public bool HasCrossAttention => crossAttention is not null;

    /// <summary>The self-attention part's sublayers, for the ONNX export.</summary>
    internal (MultiHeadAttention Attention, LayerNormalization Norm) SelfAttentionParts =>
        (selfAttention ?? throw new InvalidOperationException($"{Who} is not built yet."), selfAttentionNorm!);

    /// <summary>The cross-attention part's sublayers (null without cross-attention), for the ONNX export.</summary>
    internal (MultiHeadAttention Attention, LayerNormalization Norm)? CrossAttentionParts =>
        crossAttention is null ? null : (crossAttention, crossAttentionNorm!);

    /// <inheritdoc/>
    protected override void ValidateInput(TensorShape inputShape, int inputCount)
    {
        if (inputCount > 4)
            throw new ArgumentException($"{Who} takes at most [decoder, encoder, decoderPaddingMask, encoderPaddingMask]; received {inputCount} inputs.");
    }

    /// <inheritdoc/>
    protected override void Build(IReadOnlyList<TensorShape> inputShapes)
    {
        var decoder = inputShapes[0];
        var encoder = inputShapes.Count > 1 && inputShapes[1].Rank == 3 ? inputShapes[1] : null;
        BuildFeedforward(decoder);
        selfAttention = Attention("self_attention", decoder, decoder);
        selfAttentionNorm = Norm("self_attention_layer_norm", decoder);
        selfAttentionDropout = new Dropout(Dropout, name: "self_attention_dropout");
        if (encoder is not null)
        {
            if (encoder[-1] is null) throw ShapeError("an encoder sequence (batch, sequence, features) with a known feature size", encoder);
            crossAttention = Attention("cross_attention", decoder, encoder);
            crossAttentionNorm = Norm("cross_attention_layer_norm", decoder);
            crossAttentionDropout = new Dropout(Dropout, name: "cross_attention_dropout");
        }
        NameSublayerWeights();
    }

    /// <summary>Runs the block eagerly.</summary>
    /// <param name="decoderSequence">(batch, T, features).</param>
    /// <param name="encoderSequence">(batch, S, encoder features), for cross-attention.</param>
    /// <param name="decoderPaddingMask">(batch, T): true for real decoder tokens.</param>
    /// <param name="decoderAttentionMask">(batch, T, T): true where decoder position t may attend to position u.</param>
    /// <param name="encoderPaddingMask">(batch, S): true for real encoder tokens.</param>
    /// <param name="encoderAttentionMask">(batch, T, S): true where decoder position t may attend to encoder position s.</param>
    /// <param name="useCausalMask">Decoder position t attends only to positions 0..t (the default).</param>
    /// <param name="training">True to apply dropout.</param>
    public Tensor Apply(Tensor decoderSequence, Tensor? encoderSequence = null, Tensor? decoderPaddingMask = null, Tensor? decoderAttentionMask = null,
                        Tensor? encoderPaddingMask = null, Tensor? encoderAttentionMask = null, bool useCausalMask = true, bool training = false)
    {
        ArgumentNullException.ThrowIfNull(decoderSequence);
        if (!Built)
        {
            var shapes = new List<TensorShape> { TensorShape.Of(decoderSequence.shape).ReplaceBatch(null) };
            if (encoderSequence is not null) shapes.Add(TensorShape.Of(encoderSequence.shape).ReplaceBatch(null));
            BuildFor(shapes);
        }
        return Compute(decoderSequence, encoderSequence, decoderPaddingMask, decoderAttentionMask, encoderPaddingMask, encoderAttentionMask, useCausalMask, training);
    }

    /// <summary>Applies the block in a functional graph (causal self-attention).</summary>
    /// <param name="decoderSequence">(batch, T, features).</param>
    /// <param name="encoderSequence">(batch, S, encoder features), for cross-attention.</param>
    /// <param name="decoderPaddingMask">An optional (batch, T) mask input.</param>
    /// <param name="encoderPaddingMask">An optional (batch, S) mask input; needs <paramref name="decoderPaddingMask"/> in a graph.</param>
    public KerasTensor Apply(KerasTensor decoderSequence, KerasTensor? encoderSequence = null, KerasTensor? decoderPaddingMask = null, KerasTensor? encoderPaddingMask = null)
    {
        ArgumentNullException.ThrowIfNull(decoderSequence);
        if (encoderPaddingMask is not null && (decoderPaddingMask is null || encoderSequence is null))
            throw new ArgumentException(
                $"{Who}: in a graph an encoderPaddingMask needs the encoder sequence and comes after a decoderPaddingMask " +
                "(inputs [decoder, encoder, decoderPaddingMask, encoderPaddingMask]); pass a decoder padding mask too (all true if nothing is padded).", nameof(encoderPaddingMask));
        var list = new List<KerasTensor> { decoderSequence };
        if (encoderSequence is not null) list.Add(encoderSequence);
        if (decoderPaddingMask is not null) list.Add(decoderPaddingMask);
        if (encoderPaddingMask is not null) list.Add(encoderPaddingMask);
        if (!Built) BuildFor(list.Where(t => t.Shape.Rank == 3).Select(t => t.Shape).ToArray());
        return ApplyMulti(list.ToArray())[0];
    }

    /// <inheritdoc/>
    protected override IReadOnlyList<Tensor> Call(IReadOnlyList<Tensor> inputs, CallContext context)
    {
        var decoder = inputs[0];
        var next = 1;
        var encoder = inputs.Count > 1 && inputs[1].dim() == 3 ? inputs[next++] : null;
        var decoderMask = inputs.Count > next ? inputs[next++] : ContextPaddingMask(context, decoder);
        var encoderMask = inputs.Count > next ? inputs[next] : null;
        return new[] { Compute(decoder, encoder, decoderMask, null, encoderMask, null, useCausalMask: true, context.Training) };
    }

    private Tensor Compute(Tensor decoder, Tensor? encoder, Tensor? decoderPaddingMask, Tensor? decoderAttentionMask,
                           Tensor? encoderPaddingMask, Tensor? encoderAttentionMask, bool useCausalMask, bool training)
    {
        CheckSequence(decoder, "inputs");
        if (encoder is not null && crossAttention is null)
            throw new ArgumentException(
                $"{Who} was built without an encoder sequence, so it has no cross-attention; received an encoder sequence {TensorShape.Of(encoder.shape)}. " +
                "Call it with the encoder sequence the first time (or use a TransformerEncoder-style block without one).", nameof(encoder));
        if (encoder is null && crossAttention is not null)
            throw new ArgumentException($"{Who} was built with cross-attention and needs the encoder sequence as its second input.", nameof(encoder));
        if (encoder is null && (encoderPaddingMask is not null || encoderAttentionMask is not null))
            throw new ArgumentException($"{Who}: encoder masks were given without an encoder sequence.", nameof(encoderPaddingMask));
        if (encoder is not null) CheckSequence(encoder, "encoderSequence");

        using var scope = torch.NewDisposeScope();
        var selfMask = KeyMask(decoder, decoder, decoderPaddingMask, decoderAttentionMask, "decoderPaddingMask", "decoderAttentionMask");
        // The causal mask alone takes the attention's fast path; combined with others it is one boolean mask.
        var causalOnly = useCausalMask && selfMask is null;
        if (useCausalMask && selfMask is not null)
            selfMask = selfMask.logical_and(AttentionMasks.Causal(decoder.size(1), decoder.size(1), decoder.device));
        var x = Residual(decoder, selfAttentionNorm!, selfAttentionDropout!, training,
            h => selfAttention!.Compute(h, h, null, selfMask, causalOnly, wantScores: false, training, CallContext.Inference).Output);
        if (encoder is not null)
        {
            var crossMask = KeyMask(decoder, encoder, encoderPaddingMask, encoderAttentionMask, "encoderPaddingMask", "encoderAttentionMask");
            x = Residual(x, crossAttentionNorm!, crossAttentionDropout!, training,
                h => crossAttention!.Compute(h, encoder, null, crossMask, useCausalMask: false, wantScores: false, training, CallContext.Inference).Output);
        }
        return Feedforward(x, training).MoveToOuterDisposeScope();
    }
}
