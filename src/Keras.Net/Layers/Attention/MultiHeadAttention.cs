using KerasNet.Constraints;
using KerasNet.Initializers;
using KerasNet.Regularizers;

namespace KerasNet.Layers;

/// <summary>
/// Multi-head attention as Keras defines it (Vaswani et al. 2017): the query, key and value are projected to
/// <see cref="NumHeads"/> heads, each head attends with scaled dot products, and the heads' results are projected
/// to the output. Weights have Keras's names and shapes: <c>query/kernel</c> (query features, heads, keyDim),
/// <c>key/kernel</c> (key features, heads, keyDim), <c>value/kernel</c> (value features, heads, valueDim), their
/// biases (heads, dim), and <c>attention_output/kernel</c> (heads, valueDim, output features) with its bias.
/// </summary>
/// <remarks>
/// <para>Eager: <c>mha.Apply(query, value, key: null, attentionMask: m, useCausalMask: true, training: true)</c>
/// returns the output (batch, T, outputs); <see cref="ApplyWithScores(Tensor, Tensor, Tensor?, Tensor?, bool?, bool)"/>
/// also returns the attention scores (batch, heads, T, S). Functional: the same calls on <see cref="KerasTensor"/>s.</para>
/// <para>Inputs of any rank ≥ 3, (batch, d1, ..., dn, features), as in Keras: query, key and value have the same rank,
/// and <c>attentionAxes</c> (default: every d axis) says which axes attention runs over, jointly: each query position
/// attends to every key position of those axes, and the softmax runs over all of them together. The other d axes
/// behave like the batch axis (query, key and value must have the same sizes there). The output is (batch, d1, ...,
/// dn, outputs) with the query's d sizes; the scores have Keras's layout (batch, non-attention axes..., heads, query
/// attention axes..., key attention axes...), the attention axes in the order given. The weights do not depend on the
/// rank. Rank-3 inputs are the usual (batch, sequence, features) case.</para>
/// <para>In a graph the layer's inputs are <c>[query, value]</c>, <c>[query, value, key]</c> or
/// <c>[query, value, key, attentionMask]</c> (pass the value again as key when there is no separate key). The two
/// call flags of a graph node, <see cref="UseCausalMask"/> and <see cref="ReturnAttentionScores"/>, belong to the
/// layer: they are constructor arguments, saved in its config, and the functional calls set them on a layer's first
/// use (a layer reused with other flags is an error: use a second layer). Eager calls may override them per call.</para>
/// <para>Masks: <c>attentionMask</c> is boolean, true where a query may attend: (batch, T, S) for sequences and, as
/// Keras's, the scores' shape without the heads axis for higher ranks (batch, non-attention axes..., query attention
/// axes..., key attention axes...); the non-attention axes may be left out, and sizes of 1 broadcast. A query or value
/// padding mask arriving with the inputs (<see cref="CallContext.Mask"/>) is combined with it, as in Keras: for higher
/// ranks such a mask has one boolean per position (its input's shape without the features axis) and a score is kept
/// where both positions are real (Keras 3 expands these masks as (batch, T, 1) and (batch, 1, S), which lines up only
/// for sequences). <c>useCausalMask</c> needs a single attention axis (position t sees positions s ≤ t along it);
/// with several attention axes it raises <see cref="NotSupportedException"/>, since no order of positions is defined:
/// pass an attentionMask instead. Excluded positions get a large negative score (Keras's masked softmax), so a query
/// with nothing to attend to gets uniform weights rather than NaN.</para>
/// <para>Axes: negative attention axes count from the end of the input's shape (-2 is dn, the last before the
/// features). The batch and features axes, repeated axes and an empty list are refused with an
/// <see cref="ArgumentException"/> (at construction where the rank is not needed, otherwise when the layer is built).</para>
/// </remarks>
public sealed partial class MultiHeadAttention : KernelBiasLayer
{
    private Variable? queryKernel, queryBias, keyKernel, keyBias, valueKernel, valueBias, outputKernel, outputBias;
    private long queryFeatures, keyFeatures, valueFeatures;

    /// <summary>Creates the layer.</summary>
    /// <param name="numHeads">The number of attention heads.</param>
    /// <param name="keyDim">The size of each head's query and key.</param>
    /// <param name="valueDim">The size of each head's value; <paramref name="keyDim"/> if null.</param>
    /// <param name="dropout">Dropout rate on the attention weights (training only).</param>
    /// <param name="useBias">Whether the projections have biases.</param>
    /// <param name="outputShape">The output's feature shape (e.g. <c>[64]</c>); the query's feature size if null.</param>
    /// <param name="attentionAxes">
    /// The input axes attention runs over, jointly (e.g. <c>[1, 2]</c> for an image's height and width, or <c>[2]</c>
    /// to attend along axis 2 separately for every index of axis 1); null for every axis between the batch and the
    /// features axis (Keras's default; the sequence axis of rank-3 inputs). Negative axes count from the input's end.
    /// </param>
    /// <param name="kernelInitializer">The kernels' initializer (Glorot uniform).</param>
    /// <param name="biasInitializer">The biases' initializer (zeros).</param>
    /// <param name="kernelRegularizer">The kernels' regularizer.</param>
    /// <param name="biasRegularizer">The biases' regularizer.</param>
    /// <param name="kernelConstraint">The kernels' constraint.</param>
    /// <param name="biasConstraint">The biases' constraint.</param>
    /// <param name="useCausalMask">The default of graph and eager calls: query i attends only to keys 0..i.</param>
    /// <param name="returnAttentionScores">Whether a graph call returns the scores as a second output.</param>
    /// <param name="name">The layer's name.</param>
    /// <param name="trainable">Whether training updates the weights.</param>
    public MultiHeadAttention(long numHeads, long keyDim, long? valueDim = null, double dropout = 0.0, bool useBias = true,
                              long[]? outputShape = null, long[]? attentionAxes = null,
                              Initializer? kernelInitializer = null, Initializer? biasInitializer = null,
                              Regularizer? kernelRegularizer = null, Regularizer? biasRegularizer = null,
                              Constraint? kernelConstraint = null, Constraint? biasConstraint = null,
                              bool useCausalMask = false, bool returnAttentionScores = false,
                              string? name = null, bool trainable = true)
        : base(useBias, WeightOptions.Kernel(kernelInitializer, kernelRegularizer, kernelConstraint),
               WeightOptions.Bias(biasInitializer, biasRegularizer, biasConstraint), name, trainable)
    {
        if (numHeads < 1) throw new ArgumentOutOfRangeException(nameof(numHeads), numHeads, $"MultiHeadAttention: numHeads must be a positive integer; received {numHeads}.");
        if (keyDim < 1) throw new ArgumentOutOfRangeException(nameof(keyDim), keyDim, $"MultiHeadAttention: keyDim must be a positive integer; received {keyDim}.");
        if (valueDim is < 1) throw new ArgumentOutOfRangeException(nameof(valueDim), valueDim, $"MultiHeadAttention: valueDim must be a positive integer or null (= keyDim); received {valueDim}.");
        if (!(dropout >= 0 && dropout < 1)) throw new ArgumentOutOfRangeException(nameof(dropout), dropout, $"MultiHeadAttention: dropout must be in [0, 1); received {dropout}.");
        if (outputShape is not null && (outputShape.Length == 0 || outputShape.Any(d => d < 1)))
            throw new ArgumentException($"MultiHeadAttention: outputShape must be null or positive sizes, e.g. [64]; received [{string.Join(", ", outputShape)}].", nameof(outputShape));
        CheckAxes(attentionAxes);
        (NumHeads, KeyDim, ValueDim, Dropout) = (numHeads, keyDim, valueDim ?? keyDim, dropout);
        (OutputShape, AttentionAxes, UseCausalMask, ReturnAttentionScores) = (outputShape, attentionAxes, useCausalMask, returnAttentionScores);
    }

    /// <summary>The number of heads.</summary>
    public long NumHeads { get; }
    /// <summary>The size of each head's query and key.</summary>
    public long KeyDim { get; }
    /// <summary>The size of each head's value.</summary>
    public long ValueDim { get; }
    /// <summary>Dropout rate on the attention weights.</summary>
    public double Dropout { get; }
    /// <summary>The output's feature shape, or null for the query's feature size.</summary>
    public long[]? OutputShape { get; }
    /// <summary>The attention axes as given (null: every axis between the batch and the features axis); see <see cref="ResolvedAttentionAxes"/>.</summary>
    public long[]? AttentionAxes { get; }
    /// <summary>Whether graph calls (and eager calls that do not say) use a causal mask.</summary>
    public bool UseCausalMask { get; private set; }
    /// <summary>Whether a graph call returns the attention scores as a second output.</summary>
    public bool ReturnAttentionScores { get; private set; }

    private string Who => $"MultiHeadAttention '{Name}'";

    /// <summary>The query projection (query features, heads, keyDim), once built.</summary>
    public Variable QueryKernel => queryKernel ?? throw NotBuilt();
    /// <summary>The key projection (key features, heads, keyDim), once built.</summary>
    public Variable KeyKernel => keyKernel ?? throw NotBuilt();
    /// <summary>The value projection (value features, heads, valueDim), once built.</summary>
    public Variable ValueKernel => valueKernel ?? throw NotBuilt();
    /// <summary>The output projection (heads, valueDim, output features...), once built.</summary>
    public Variable OutputKernel => outputKernel ?? throw NotBuilt();
    /// <summary>The query bias (heads, keyDim), if any.</summary>
    public Variable? QueryBias => queryBias;
    /// <summary>The key bias (heads, keyDim), if any.</summary>
    public Variable? KeyBias => keyBias;
    /// <summary>The value bias (heads, valueDim), if any.</summary>
    public Variable? ValueBias => valueBias;
    /// <summary>The output bias (output features...), if any.</summary>
    public Variable? OutputBias => outputBias;

    private InvalidOperationException NotBuilt() => new($"{Who} is not built yet: call it on data or on Keras.Input(...) first.");

    private long[] OutputFeatures => OutputShape ?? new[] { queryFeatures };

    /// <inheritdoc/>
    public override bool SupportsMasking => true;

    /// <inheritdoc/>
    protected override void ValidateInput(TensorShape inputShape, int inputCount)
    {
        if (inputCount is < 2 or > 4)
            throw new ArgumentException(
                $"{Who} takes [query, value], [query, value, key] or [query, value, key, attentionMask]; received {inputCount} input(s). " +
                "Call mha.Apply(query, value, key: ..., attentionMask: ...).");
    }

    /// <inheritdoc/>
    protected override void Build(IReadOnlyList<TensorShape> inputShapes)
    {
        var query = inputShapes[0];
        var value = inputShapes[1];
        var key = inputShapes.Count > 2 ? inputShapes[2] : value;
        foreach (var (shape, role) in new[] { (query, "query"), (value, "value"), (key, "key") })
            if (shape.Rank < 3 || shape[-1] is null)
                throw ShapeError($"a {role} of rank 3 (batch, sequence, features) or more (batch, d1, ..., dn, features) with a known feature size", shape,
                    shape.Rank < 3 ? "Add a sequence axis, e.g. x.unsqueeze(1)." : null);
        if (value.Rank != query.Rank || key.Rank != query.Rank)
            throw new ArgumentException(
                $"{Who}: query, value and key must have the same rank; received query {query}, value {value}, key {key}. " +
                "Attention pairs positions axis by axis, so add or merge axes to make the ranks equal.");
        SetLayout(query.Rank);
        queryFeatures = query[-1]!.Value;
        keyFeatures = key[-1]!.Value;
        valueFeatures = value[-1]!.Value;
        // Keras's fan computation for these rank-3 kernels (its convolution-kernel formula), so initial scales match.
        // Keras's order: each projection's kernel, then its bias.
        queryKernel = AddKernelWithKerasFans("query/kernel", new[] { queryFeatures, NumHeads, KeyDim });
        if (UseBias) queryBias = AddBias("query/bias", new[] { NumHeads, KeyDim });
        keyKernel = AddKernelWithKerasFans("key/kernel", new[] { keyFeatures, NumHeads, KeyDim });
        if (UseBias) keyBias = AddBias("key/bias", new[] { NumHeads, KeyDim });
        valueKernel = AddKernelWithKerasFans("value/kernel", new[] { valueFeatures, NumHeads, ValueDim });
        if (UseBias) valueBias = AddBias("value/bias", new[] { NumHeads, ValueDim });
        outputKernel = AddKernelWithKerasFans("attention_output/kernel", new[] { NumHeads, ValueDim }.Concat(OutputFeatures).ToArray());
        if (UseBias) outputBias = AddBias("attention_output/bias", OutputFeatures);
    }

    /// <summary>The whole computation; the other call forms only gather its arguments.</summary>
    internal (Tensor Output, Tensor? Scores) Compute(Tensor query, Tensor value, Tensor? key, Tensor? attentionMask, bool useCausalMask,
                                                   bool wantScores, bool training, CallContext context)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(value);
        var inputKey = key ?? value;
        if (!Built) BuildFor(new[] { TensorShape.Of(query.shape).ReplaceBatch(null), TensorShape.Of(value.shape).ReplaceBatch(null), TensorShape.Of(inputKey.shape).ReplaceBatch(null) });
        CheckShapes(query.shape, value.shape, inputKey.shape);
        if (useCausalMask && attentionAxes.Length > 1) throw CausalNeedsOneAxis();
        var grid = GridOf(query.shape, value.shape);
        var (queryMask, valueMask) = AttentionMasks.InputMasks(context, query, value);

        using var scope = torch.NewDisposeScope();
        // (batch|1, non-attention|1..., 1, T, S): one mask for every head.
        Tensor? mask = attentionMask is null ? null : ScoresMask(attentionMask, query.shape, value.shape, grid);
        if (queryMask is not null) mask = AttentionMasks.And(mask, PositionMask(queryMask, grid, query: true));
        if (valueMask is not null) mask = AttentionMasks.And(mask, PositionMask(valueMask, grid, query: false));
        var causalOnly = useCausalMask && mask is null;
        if (useCausalMask && mask is not null) mask = mask.logical_and(AttentionMasks.Causal(grid.QueryCount, grid.KeyCount, query.device));

        Tensor q, k, v;
        if (ReferenceEquals(query, value) && ReferenceEquals(inputKey, value) && KeyDim == ValueDim)
            (q, k, v) = ProjectSelf(query);
        else
        {
            q = Project(query, queryKernel!, queryBias, KeyDim);
            k = Project(inputKey, keyKernel!, keyBias, KeyDim);
            v = Project(value, valueKernel!, valueBias, ValueDim);
        }
        q = HeadsFirst(q, grid.QueryCount, grid);
        k = HeadsFirst(k, grid.KeyCount, grid);
        v = HeadsFirst(v, grid.KeyCount, grid);
        var additive = mask is null ? null : AttentionMasks.Additive(mask, q.dtype);
        var dropout = training ? Dropout : 0.0;
        Tensor attended;
        Tensor? scores = null;
        if (wantScores) (attended, scores) = ScaledDotProductAttention.WithWeights(q, k, v, additive, dropout, causalOnly);
        else attended = F.scaled_dot_product_attention(q, k, v, additive, dropout, causalOnly);

        // (batch, non-attention..., heads, T, valueDim) → (batch·d1···dn, heads·valueDim) · (heads·valueDim, outputs).
        var positions = query.shape[..^1];
        var merged = Merge(attended, grid, positions.Aggregate(1L, (a, b) => a * b));
        var features = OutputFeatures;
        var outputSize = features.Aggregate(1L, (a, b) => a * b);
        var kernel = outputKernel!.Value.view(NumHeads * ValueDim, outputSize);
        var flat = outputBias is null ? merged.mm(kernel) : outputBias.Value.view(outputSize).addmm(merged, kernel);
        var output = flat.view(positions.Concat(features).ToArray());
        return (output.MoveToOuterDisposeScope(), scores?.view(grid.ScoresShape).MoveToOuterDisposeScope());
    }

    /// <summary>(batch, d..., features) → (batch, d..., heads, size) through a (features, heads, size) kernel.</summary>
    private Tensor Project(Tensor x, Variable kernel, Variable? bias, long size)
    {
        var positions = x.shape[..^1];
        long rows = positions.Aggregate(1L, (a, b) => a * b), features = x.shape[^1];
        var flatKernel = kernel.Value.view(features, NumHeads * size);
        var flatInput = x.reshape(rows, features);
        var projected = bias is null ? flatInput.mm(flatKernel) : bias.Value.view(NumHeads * size).addmm(flatInput, flatKernel);
        return projected.view(positions.Append(NumHeads).Append(size).ToArray());
    }

    /// <summary>
    /// Self-attention: the three projections of one input as one matrix product with the kernels side by side
    /// (one larger product is faster than three, and the input's gradient comes out of one product too).
    /// </summary>
    private (Tensor Q, Tensor K, Tensor V) ProjectSelf(Tensor x)
    {
        var positions = x.shape[..^1];
        long rows = positions.Aggregate(1L, (a, b) => a * b), features = x.shape[^1], width = NumHeads * KeyDim;
        var kernel = torch.cat(new[] { queryKernel!.Value.view(features, width), keyKernel!.Value.view(features, width), valueKernel!.Value.view(features, width) }, 1);
        var flatInput = x.reshape(rows, features);
        var projected = queryBias is null
            ? flatInput.mm(kernel)
            : torch.cat(new[] { queryBias.Value.view(width), keyBias!.Value.view(width), valueBias!.Value.view(width) }, 0).addmm(flatInput, kernel);
        // (batch, d..., 3, heads, size) → (3, batch, d..., heads, size)
        var order = new[] { positions.Length }.Concat(Enumerable.Range(0, positions.Length)).Append(positions.Length + 1).Append(positions.Length + 2)
                                                .Select(a => (long)a).ToArray();
        var parts = projected.view(positions.Append(3L).Append(NumHeads).Append(KeyDim).ToArray()).permute(order);
        return (parts.select(0, 0), parts.select(0, 1), parts.select(0, 2));
    }

    private void CheckShapes(long[] query, long[] value, long[] key)
    {
        static string F(long[] s) => TensorShape.Of(s).ToString();
        if (query.Length != inputRank || value.Length != inputRank || key.Length != inputRank)
            throw new ArgumentException(
                $"{Who} expects query, value and key of rank {inputRank} {Layout(inputRank)}, the rank it was built for; received query {F(query)}, " +
                $"value {F(value)}, key {F(key)}. " +
                "A layer keeps the rank of its first call: add a sequence axis (x.unsqueeze(1)) to a single sequence, or create another layer for inputs of another rank.");
        if (query[^1] != queryFeatures || value[^1] != valueFeatures || key[^1] != keyFeatures)
            throw new ArgumentException(
                $"{Who} was built for query, value and key features ({queryFeatures}, {valueFeatures}, {keyFeatures}); received query {F(query)}, " +
                $"value {F(value)}, key {F(key)}. A layer keeps the feature sizes of its first call; create another layer for other sizes.");
        if (value[0] != query[0] || key[0] != query[0])
            throw new ArgumentException($"{Who}: query, value and key must have the same batch size; received query {F(query)}, value {F(value)}, key {F(key)}.");
        if (!key[1..^1].SequenceEqual(value[1..^1]))
            throw new ArgumentException(inputRank == 3
                ? $"{Who}: key and value must have the same sequence length (axis 1); received key {F(key)} and value {F(value)}."
                : $"{Who}: key and value must have the same sizes on every axis but the batch and features (axes 1 .. {inputRank - 2}); " +
                  $"received key {F(key)} and value {F(value)}.");
        if (otherAxes.Any(a => query[a] != value[a]))
            throw new ArgumentException(
                $"{Who}: query and value must have the same sizes on the axes attention does not run over ([{string.Join(", ", otherAxes)}]; attention " +
                $"axes [{string.Join(", ", attentionAxes)}]); received query {F(query)} and value {F(value)}. Those axes pair query and key positions " +
                "one to one, as the batch axis does.");
    }

    /// <inheritdoc/>
    public override IReadOnlyList<TensorShape> ComputeOutputShape(IReadOnlyList<TensorShape> inputShapes)
    {
        var query = inputShapes[0];
        var value = inputShapes[1];
        var output = new TensorShape(Enumerable.Range(0, query.Rank - 1).Select(i => query[i]).Concat(OutputFeatures.Select(d => (long?)d)).ToArray());
        if (!ReturnAttentionScores) return new[] { output };
        var axes = Built && inputRank == query.Rank ? attentionAxes : ResolveAxes(query.Rank);
        var others = Enumerable.Range(1, query.Rank - 2).Where(a => !axes.Contains(a));
        var scores = new[] { query[0] }.Concat(others.Select(a => query[a])).Append(NumHeads)
                                        .Concat(axes.Select(a => query[a])).Concat(axes.Select(a => value[a])).ToArray();
        return new[] { output, new TensorShape(scores) };
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["num_heads"] = NumHeads;
        config["key_dim"] = KeyDim;
        config["value_dim"] = ValueDim;
        config["dropout"] = Dropout;
        config["use_bias"] = UseBias;
        config["output_shape"] = OutputShape;
        config["attention_axes"] = AttentionAxes;
        WriteKernelBiasConfig(config);
        config["use_causal_mask"] = UseCausalMask;
        config["return_attention_scores"] = ReturnAttentionScores;
        return config;
    }
}
