using KerasNet.Serialization;
using KerasNet.Constraints;
using KerasNet.Initializers;
using KerasNet.Regularizers;

namespace KerasNet.Layers;

/// <summary>
/// Grouped-query attention (Ainslie et al. 2023), Keras's <c>GroupQueryAttention</c>: the query is projected to
/// <see cref="NumQueryHeads"/> heads, the key and value to <see cref="NumKeyValueHeads"/> heads that are each shared by
/// <c>NumQueryHeads / NumKeyValueHeads</c> consecutive query heads (one key/value head is multi-query attention, as
/// many as the query heads is multi-head attention). Each head attends with softmax(q·kᵀ / √headDim), and the heads
/// are projected back to the query's feature size.
/// </summary>
/// <remarks>
/// <para>Weights, in Keras's names, order and layout: <c>query/kernel</c> (query features, query heads, headDim) and
/// <c>query/bias</c> (query heads, headDim); <c>key/kernel</c> (key features, key/value heads, headDim) and its bias;
/// with <c>useGate</c>, <c>gate/kernel</c> (query features, query heads, headDim) and its bias; <c>value/kernel</c>
/// (value features, key/value heads, headDim) and its bias; <c>attention_output/kernel</c> (query heads, headDim,
/// query features) and <c>attention_output/bias</c> (query features).</para>
/// <para>Inputs are sequences: query (batch, T, features), value and key (batch, S, features). Eager:
/// <c>gqa.Apply(query, value, key: null, attentionMask: m, useCausalMask: true)</c>; the scores (batch, query heads, T,
/// S), taken after the softmax and before dropout, come from <c>ApplyWithScores</c>. In a graph the inputs are
/// <c>[query, value]</c>, <c>[query, value, key]</c> or <c>[query, value, key, attentionMask]</c>, and the two call flags
/// belong to the layer, as for <see cref="MultiHeadAttention"/>.</para>
/// <para>Masks, as Keras 3: a boolean <c>attentionMask</c> (batch, T, S), true where a query may attend (sizes of 1
/// broadcast); query, value and key padding masks (batch, T) or (batch, S), given to the eager call or arriving with
/// the inputs (<c>Embedding(maskZero: true)</c>); the causal mask; the sliding window (|t − s| &lt; window). They
/// combine with a logical and. Excluded scores get −1e9 before the softmax and a weight of exactly 0 after it, so a
/// query with nothing to attend to gets all-zero weights and a zero attention result (Keras 3's masked softmax).</para>
/// <para>Keras's <c>flash_attention</c> is not an argument: without a mask and without scores the layer calls
/// libtorch's fused <c>scaled_dot_product_attention</c> itself. Keras's <c>seed</c> is not supported: dropout draws
/// from libtorch's global generator (seed it with <c>torch.manual_seed</c>).</para>
/// <para>Keras exports this layer as <c>keras.layers.GroupQueryAttention</c> (the C# name) from a class named
/// <c>GroupedQueryAttention</c>, the name its saved configs carry; Keras.Net writes that name too and reads both.</para>
/// </remarks>
[KerasSerializable("GroupedQueryAttention")]
public sealed partial class GroupQueryAttention : KernelBiasLayer
{
    private Variable? queryKernel, queryBias, keyKernel, keyBias, gateKernel, gateBias, valueKernel, valueBias, outputKernel, outputBias;
    private long queryFeatures, keyFeatures, valueFeatures;

    /// <summary>Creates the layer.</summary>
    /// <param name="headDim">The size of each attention head.</param>
    /// <param name="numQueryHeads">The number of query heads.</param>
    /// <param name="numKeyValueHeads">The number of key and value heads; must divide <paramref name="numQueryHeads"/>.</param>
    /// <param name="dropout">Dropout rate on the attention weights (training only).</param>
    /// <param name="useBias">Whether the projections have biases.</param>
    /// <param name="slidingWindow">If set, query t attends only to keys s with |t − s| &lt; slidingWindow (with the causal mask: the last slidingWindow positions).</param>
    /// <param name="kernelInitializer">The kernels' initializer (Glorot uniform).</param>
    /// <param name="biasInitializer">The biases' initializer (zeros).</param>
    /// <param name="kernelRegularizer">The kernels' regularizer.</param>
    /// <param name="biasRegularizer">The biases' regularizer.</param>
    /// <param name="kernelConstraint">The kernels' constraint.</param>
    /// <param name="biasConstraint">The biases' constraint.</param>
    /// <param name="useGate">Gated attention: the heads' results are multiplied by sigmoid of a further projection of the query before the output projection.</param>
    /// <param name="useCausalMask">The default of graph and eager calls: query t attends only to keys 0..t.</param>
    /// <param name="returnAttentionScores">Whether a graph call returns the scores as a second output.</param>
    /// <param name="name">The layer's name.</param>
    /// <param name="trainable">Whether training updates the weights.</param>
    public GroupQueryAttention(long headDim, long numQueryHeads, long numKeyValueHeads, double dropout = 0.0, bool useBias = true,
                               long? slidingWindow = null,
                               Initializer? kernelInitializer = null, Initializer? biasInitializer = null,
                               Regularizer? kernelRegularizer = null, Regularizer? biasRegularizer = null,
                               Constraint? kernelConstraint = null, Constraint? biasConstraint = null,
                               bool useGate = false, bool useCausalMask = false, bool returnAttentionScores = false,
                               string? name = null, bool trainable = true)
        : base(useBias, WeightOptions.Kernel(kernelInitializer, kernelRegularizer, kernelConstraint),
               WeightOptions.Bias(biasInitializer, biasRegularizer, biasConstraint), name, trainable)
    {
        if (headDim < 1) throw new ArgumentOutOfRangeException(nameof(headDim), headDim, $"GroupQueryAttention: headDim must be a positive integer; received {headDim}.");
        if (numQueryHeads < 1) throw new ArgumentOutOfRangeException(nameof(numQueryHeads), numQueryHeads, $"GroupQueryAttention: numQueryHeads must be a positive integer; received {numQueryHeads}.");
        if (numKeyValueHeads < 1) throw new ArgumentOutOfRangeException(nameof(numKeyValueHeads), numKeyValueHeads, $"GroupQueryAttention: numKeyValueHeads must be a positive integer; received {numKeyValueHeads}.");
        if (numQueryHeads % numKeyValueHeads != 0)
            throw new ArgumentException(
                $"GroupQueryAttention: numQueryHeads must be a multiple of numKeyValueHeads (each key/value head serves a group of query heads); " +
                $"received numQueryHeads {numQueryHeads} and numKeyValueHeads {numKeyValueHeads}. Use a divisor of {numQueryHeads}, e.g. 1 or {numQueryHeads}.",
                nameof(numKeyValueHeads));
        if (!(dropout >= 0 && dropout < 1)) throw new ArgumentOutOfRangeException(nameof(dropout), dropout, $"GroupQueryAttention: dropout must be in [0, 1); received {dropout}.");
        if (slidingWindow is < 1) throw new ArgumentOutOfRangeException(nameof(slidingWindow), slidingWindow, $"GroupQueryAttention: slidingWindow must be a positive integer or null (full attention); received {slidingWindow}.");
        (HeadDim, NumQueryHeads, NumKeyValueHeads, Dropout, SlidingWindow, UseGate) = (headDim, numQueryHeads, numKeyValueHeads, dropout, slidingWindow, useGate);
        (UseCausalMask, ReturnAttentionScores) = (useCausalMask, returnAttentionScores);
    }

    /// <summary>The size of each head.</summary>
    public long HeadDim { get; }
    /// <summary>The number of query heads.</summary>
    public long NumQueryHeads { get; }
    /// <summary>The number of key and value heads.</summary>
    public long NumKeyValueHeads { get; }
    /// <summary>Dropout rate on the attention weights.</summary>
    public double Dropout { get; }
    /// <summary>The sliding window (|t − s| &lt; window), or null for full attention.</summary>
    public long? SlidingWindow { get; }
    /// <summary>Whether the heads' results are gated by sigmoid of a projection of the query.</summary>
    public bool UseGate { get; }
    /// <summary>Whether graph calls (and eager calls that do not say) use a causal mask.</summary>
    public bool UseCausalMask { get; private set; }
    /// <summary>Whether a graph call returns the attention scores as a second output.</summary>
    public bool ReturnAttentionScores { get; private set; }

    private long Repeats => NumQueryHeads / NumKeyValueHeads;

    private string Who => $"GroupQueryAttention '{Name}'";

    /// <summary>The query projection (query features, query heads, headDim), once built.</summary>
    public Variable QueryKernel => queryKernel ?? throw NotBuilt();
    /// <summary>The key projection (key features, key/value heads, headDim), once built.</summary>
    public Variable KeyKernel => keyKernel ?? throw NotBuilt();
    /// <summary>The value projection (value features, key/value heads, headDim), once built.</summary>
    public Variable ValueKernel => valueKernel ?? throw NotBuilt();
    /// <summary>The output projection (query heads, headDim, query features), once built.</summary>
    public Variable OutputKernel => outputKernel ?? throw NotBuilt();
    /// <summary>The gate projection (query features, query heads, headDim), with <see cref="UseGate"/>.</summary>
    public Variable? GateKernel => gateKernel;

    private InvalidOperationException NotBuilt() => new($"{Who} is not built yet: call it on data or on Keras.Input(...) first.");

    /// <inheritdoc/>
    public override bool SupportsMasking => true;

    /// <inheritdoc/>
    protected override void ValidateInput(TensorShape inputShape, int inputCount)
    {
        if (inputCount is < 2 or > 4)
            throw new ArgumentException(
                $"{Who} takes [query, value], [query, value, key] or [query, value, key, attentionMask]; received {inputCount} input(s). " +
                "Call gqa.Apply(query, value, key: ..., attentionMask: ...).");
    }

    /// <inheritdoc/>
    protected override void Build(IReadOnlyList<TensorShape> inputShapes)
    {
        var query = inputShapes[0];
        var value = inputShapes[1];
        var key = inputShapes.Count > 2 ? inputShapes[2] : value;
        foreach (var (shape, role) in new[] { (query, "query"), (value, "value"), (key, "key") })
            if (shape.Rank != 3 || shape[-1] is null)
                throw ShapeError($"a {role} of rank 3 (batch, sequence, features) with a known feature size", shape,
                    shape.Rank < 3 ? "Add a sequence axis, e.g. x.unsqueeze(1)." : "Merge the extra axes into the sequence axis first.");
        (queryFeatures, keyFeatures, valueFeatures) = (query[-1]!.Value, key[-1]!.Value, value[-1]!.Value);
        queryKernel = AddKernelWithKerasFans("query/kernel", new[] { queryFeatures, NumQueryHeads, HeadDim });
        if (UseBias) queryBias = AddBias("query/bias", new[] { NumQueryHeads, HeadDim });
        keyKernel = AddKernelWithKerasFans("key/kernel", new[] { keyFeatures, NumKeyValueHeads, HeadDim });
        if (UseBias) keyBias = AddBias("key/bias", new[] { NumKeyValueHeads, HeadDim });
        if (UseGate)
        {
            gateKernel = AddKernelWithKerasFans("gate/kernel", new[] { queryFeatures, NumQueryHeads, HeadDim });
            if (UseBias) gateBias = AddBias("gate/bias", new[] { NumQueryHeads, HeadDim });
        }
        valueKernel = AddKernelWithKerasFans("value/kernel", new[] { valueFeatures, NumKeyValueHeads, HeadDim });
        if (UseBias) valueBias = AddBias("value/bias", new[] { NumKeyValueHeads, HeadDim });
        outputKernel = AddKernelWithKerasFans("attention_output/kernel", new[] { NumQueryHeads, HeadDim, queryFeatures });
        if (UseBias) outputBias = AddBias("attention_output/bias", new[] { queryFeatures });
    }

    /// <inheritdoc/>
    public override IReadOnlyList<TensorShape> ComputeOutputShape(IReadOnlyList<TensorShape> inputShapes)
    {
        var query = inputShapes[0];
        var value = inputShapes[1];
        if (!ReturnAttentionScores) return new[] { query };
        return new[] { query, new TensorShape(query[0], NumQueryHeads, query[1], value[1]) };
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["head_dim"] = HeadDim;
        config["num_query_heads"] = NumQueryHeads;
        config["num_key_value_heads"] = NumKeyValueHeads;
        config["use_bias"] = UseBias;
        config["use_gate"] = UseGate;
        config["sliding_window"] = SlidingWindow;
        config["dropout"] = Dropout;
        WriteKernelBiasConfig(config);
        config["use_causal_mask"] = UseCausalMask;
        config["return_attention_scores"] = ReturnAttentionScores;
        return config;
    }
}
