using KerasNet.Activations;
using KerasNet.Initializers;
using KerasNet.Serialization;

namespace KerasNet.Layers;

/// <summary>
/// What <see cref="TransformerEncoder"/> and <see cref="TransformerDecoder"/> share, as Keras-NLP defines them:
/// the arguments, the feed-forward part (Dense intermediate with the activation, Dense back to the model size,
/// dropout) and the residual wiring around each part: post-norm <c>norm(x + f(x))</c> by default, pre-norm
/// <c>x + f(norm(x))</c> with <see cref="NormalizeFirst"/>. Sublayers are created at build time, once the model
/// size is known; their weights are named <c>block/sublayer/weight</c> (e.g.
/// <c>transformer_encoder/self_attention_layer/query/kernel</c>), as in Keras.
/// </summary>
public abstract class TransformerBlock : Layer
{
    /// <summary>The feed-forward part's sublayers, once built.</summary>
    private protected LayerNormalization? feedforwardNorm;
    private protected Dense? feedforwardIntermediate, feedforwardOutput;
    private protected Dropout? feedforwardDropout;

    /// <summary>Creates the block.</summary>
    private protected TransformerBlock(long intermediateDim, long numHeads, double dropout, ActivationFunction? activation, double layerNormEpsilon,
                                       Initializer? kernelInitializer, Initializer? biasInitializer, bool normalizeFirst, string? name, bool trainable)
        : base(name, trainable)
    {
        var kind = GetType().Name;
        if (intermediateDim < 1) throw new ArgumentOutOfRangeException(nameof(intermediateDim), intermediateDim, $"{kind}: intermediateDim must be a positive integer; received {intermediateDim}.");
        if (numHeads < 1) throw new ArgumentOutOfRangeException(nameof(numHeads), numHeads, $"{kind}: numHeads must be a positive integer; received {numHeads}.");
        if (!(dropout >= 0 && dropout < 1)) throw new ArgumentOutOfRangeException(nameof(dropout), dropout, $"{kind}: dropout must be in [0, 1); received {dropout}.");
        if (!(layerNormEpsilon > 0)) throw new ArgumentOutOfRangeException(nameof(layerNormEpsilon), layerNormEpsilon, $"{kind}: layerNormEpsilon must be positive; received {layerNormEpsilon}.");
        IntermediateDim = intermediateDim;
        NumHeads = numHeads;
        Dropout = dropout;
        Activation = activation ?? ActivationFunction.Get("relu");
        LayerNormEpsilon = layerNormEpsilon;
        KernelInitializer = kernelInitializer ?? new GlorotUniform();
        BiasInitializer = biasInitializer ?? new Zeros();
        NormalizeFirst = normalizeFirst;
    }

    /// <summary>The size of the feed-forward part's hidden layer.</summary>
    public long IntermediateDim { get; }
    /// <summary>The number of attention heads (each of size model size / heads).</summary>
    public long NumHeads { get; }
    /// <summary>The dropout rate (attention weights and each part's output).</summary>
    public double Dropout { get; }
    /// <summary>The feed-forward hidden layer's activation.</summary>
    public ActivationFunction Activation { get; }
    /// <summary>The layer normalizations' epsilon.</summary>
    public double LayerNormEpsilon { get; }
    /// <summary>The kernels' initializer.</summary>
    public Initializer KernelInitializer { get; }
    /// <summary>The biases' initializer.</summary>
    public Initializer BiasInitializer { get; }
    /// <summary>Pre-norm (true) or post-norm (false, the original Transformer).</summary>
    public bool NormalizeFirst { get; }

    /// <summary>The model size (the inputs' feature size), once built.</summary>
    public long HiddenDim { get; private protected set; }

    /// <summary>The block's kind and name, for messages.</summary>
    private protected string Who => $"{GetType().Name} '{Name}'";

    /// <summary>Checks the model size and creates the feed-forward sublayers.</summary>
    private protected void BuildFeedforward(TensorShape sequence)
    {
        if (sequence.Rank != 3 || sequence[-1] is null)
            throw ShapeError("a sequence of rank 3 (batch, sequence, features) with a known feature size", sequence);
        HiddenDim = sequence[-1]!.Value;
        if (HiddenDim % NumHeads != 0)
            throw ShapeError($"a feature size divisible by numHeads ({NumHeads}), each head getting an equal share", sequence,
                "Change numHeads or the model size (e.g. the embedding dimension).");
        feedforwardNorm = Norm("feedforward_layer_norm", sequence);
        feedforwardIntermediate = new Dense(IntermediateDim, Activation, kernelInitializer: KernelInitializer, biasInitializer: BiasInitializer, name: "feedforward_intermediate_dense");
        feedforwardIntermediate.BuildFor(sequence);
        feedforwardOutput = new Dense(HiddenDim, kernelInitializer: KernelInitializer, biasInitializer: BiasInitializer, name: "feedforward_output_dense");
        feedforwardOutput.BuildFor(new TensorShape(sequence[0], sequence[1], IntermediateDim));
        feedforwardDropout = new Dropout(Dropout, name: "feedforward_dropout");
    }

    /// <summary>A built LayerNormalization sublayer.</summary>
    /// <summary>The feedforward part's sublayers, for the ONNX export.</summary>
    internal (LayerNormalization Norm, Dense Intermediate, Dense Output) FeedforwardParts =>
        (feedforwardNorm ?? throw new InvalidOperationException($"{Who} is not built yet."), feedforwardIntermediate!, feedforwardOutput!);

    private protected LayerNormalization Norm(string name, TensorShape shape)
    {
        var norm = new LayerNormalization(epsilon: LayerNormEpsilon, name: name);
        norm.BuildFor(shape);
        return norm;
    }

    /// <summary>A built MultiHeadAttention sublayer with heads of size model size / heads.</summary>
    private protected MultiHeadAttention Attention(string name, TensorShape query, TensorShape value)
    {
        var headSize = HiddenDim / NumHeads;
        var attention = new MultiHeadAttention(NumHeads, headSize, headSize, Dropout, kernelInitializer: KernelInitializer, biasInitializer: BiasInitializer, name: name);
        attention.BuildFor(new[] { query, value, value });
        return attention;
    }

    /// <summary>Prefixes the sublayers' weight paths with this block's name (run once, at the end of Build).</summary>
    private protected void NameSublayerWeights()
    {
        foreach (var layer in Layers)
            foreach (var weight in layer.Weights)
                weight.Path = $"{Name}/{weight.Path}";
    }

    /// <summary>One residual part: <c>norm(x + f(x))</c>, or <c>x + f(norm(x))</c> when normalizing first.</summary>
    private protected Tensor Residual(Tensor x, LayerNormalization norm, Dropout dropout, bool training, Func<Tensor, Tensor> part)
    {
        var input = NormalizeFirst ? norm.Apply(x, training) : x;
        var y = dropout.Apply(part(input), training) + x;
        return NormalizeFirst ? y : norm.Apply(y, training);
    }

    /// <summary>The feed-forward part with its residual connection.</summary>
    private protected Tensor Feedforward(Tensor x, bool training) =>
        Residual(x, feedforwardNorm!, feedforwardDropout!, training, h => feedforwardOutput!.Apply(feedforwardIntermediate!.Apply(h, training), training));

    /// <summary>Checks a sequence against the model size the block was built for.</summary>
    private protected void CheckSequence(Tensor sequence, string role)
    {
        var s = sequence.shape;
        if (s.Length != 3 || (role == "inputs" && s[2] != HiddenDim))
            throw new ArgumentException(
                $"{Who} expects {role} of shape (batch, sequence, {(role == "inputs" ? HiddenDim.ToString(System.Globalization.CultureInfo.InvariantCulture) : "features")}); " +
                $"received {TensorShape.Of(s)}.{(s.Length == 3 ? " A block keeps the model size of its first call." : "")}", role);
    }

    /// <summary>The mask of a sequence's keys: its padding mask (batch, S) as (batch, 1, S), combined with an attention mask (batch, T, S).</summary>
    private protected Tensor? KeyMask(Tensor query, Tensor sequence, Tensor? paddingMask, Tensor? attentionMask, string paddingName, string attentionName)
    {
        Tensor? mask = paddingMask is null ? null : AttentionMasks.PaddingMask(paddingMask, sequence, Who, paddingName).unsqueeze(1);
        if (attentionMask is not null)
            mask = AttentionMasks.And(mask, AttentionMasks.AttentionMask(attentionMask, query.size(0), query.size(1), sequence.size(1), Who, attentionName));
        return mask;
    }

    /// <summary>A mask that arrived with the inputs (<see cref="CallContext.Mask"/>), when it has the sequence's (batch, length) shape.</summary>
    private protected static Tensor? ContextPaddingMask(CallContext context, Tensor sequence)
    {
        var mask = context.Mask;
        return mask is not null && mask.dim() == 2 && mask.size(0) == sequence.size(0) && mask.size(1) == sequence.size(1) ? mask : null;
    }

    /// <inheritdoc/>
    public override bool SupportsMasking => true;

    /// <inheritdoc/>
    public override TensorShape ComputeOutputShape(TensorShape inputShape) => inputShape;

    /// <inheritdoc/>
    public override IReadOnlyList<TensorShape> ComputeOutputShape(IReadOnlyList<TensorShape> inputShapes) => new[] { inputShapes[0] };

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["intermediate_dim"] = IntermediateDim;
        config["num_heads"] = NumHeads;
        config["dropout"] = Dropout;
        config["activation"] = Activation.Name;
        config["layer_norm_epsilon"] = LayerNormEpsilon;
        config["kernel_initializer"] = KerasRegistry.Serialize(KernelInitializer);
        config["bias_initializer"] = KerasRegistry.Serialize(BiasInitializer);
        config["normalize_first"] = NormalizeFirst;
        return config;
    }
}
