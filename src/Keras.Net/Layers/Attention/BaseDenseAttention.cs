
namespace KerasNet.Layers;

/// <summary>
/// What <see cref="Attention"/> (dot-product) and <see cref="AdditiveAttention"/> share: inputs <c>[query, value]</c>
/// or <c>[query, value, key]</c> (batch, T, dim) and (batch, S, dim), the masks, the softmax over the scores,
/// dropout on the weights and the weighted sum of the values. Subclasses only score queries against keys.
/// </summary>
/// <remarks>
/// As in Keras: a value mask (batch, S) excludes keys (their score is lowered by 1e9); a query mask (batch, T) zeroes
/// the output rows of padded queries; a causal mask lets query t see keys 0..t. The returned attention scores are
/// the weights after dropout, as Keras's layers return them. In a graph, the flags
/// <see cref="UseCausalMask"/> and <see cref="ReturnAttentionScores"/> belong to the layer (constructor
/// arguments, saved in the config); eager calls may override them.
/// </remarks>
public abstract class BaseDenseAttention : Layer
{
    /// <summary>Creates the layer.</summary>
    protected BaseDenseAttention(double dropout, bool useCausalMask, bool returnAttentionScores, string? name, bool trainable)
        : base(name, trainable)
    {
        if (!(dropout >= 0 && dropout < 1))
            throw new ArgumentOutOfRangeException(nameof(dropout), dropout, $"{GetType().Name}: dropout must be in [0, 1); received {dropout}.");
        (Dropout, UseCausalMask, ReturnAttentionScores) = (dropout, useCausalMask, returnAttentionScores);
    }

    /// <summary>Dropout rate on the attention weights (training only).</summary>
    public double Dropout { get; }
    /// <summary>Whether graph calls (and eager calls that do not say) use a causal mask.</summary>
    public bool UseCausalMask { get; }
    /// <summary>Whether a graph call returns the attention scores as a second output.</summary>
    public bool ReturnAttentionScores { get; }

    /// <summary>The layer's kind and name, for messages.</summary>
    protected string Who => $"{GetType().Name} '{Name}'";

    /// <summary>The scores (batch, T, S) of every query against every key.</summary>
    protected abstract Tensor Score(Tensor query, Tensor key);

    /// <inheritdoc/>
    public override bool SupportsMasking => true;

    /// <inheritdoc/>
    protected override void ValidateInput(TensorShape inputShape, int inputCount)
    {
        if (inputCount is < 2 or > 3)
            throw new ArgumentException($"{Who} takes [query, value] or [query, value, key]; received {inputCount} input(s).");
        if (inputShape.Rank != 3 || inputShape[-1] is null)
            throw ShapeError("inputs of rank 3 (batch, sequence, dim) with a known dim", inputShape);
    }

    /// <inheritdoc/>
    protected override void Build(IReadOnlyList<TensorShape> inputShapes)
    {
        var dim = inputShapes[0][-1];
        foreach (var shape in inputShapes.Skip(1))
            if (shape[-1] != dim)
                throw new ArgumentException(
                    $"{Who} needs query, value and key with the same last dimension; received shapes {string.Join(", ", inputShapes)}. " +
                    "Project them to one size first (e.g. with Dense).");
        Build(dim!.Value);
    }

    /// <summary>Creates the layer's weights for inputs of <paramref name="dim"/> features.</summary>
    protected virtual void Build(long dim) { }

    /// <summary>Runs the layer eagerly and returns the output (batch, T, dim).</summary>
    /// <param name="query">(batch, T, dim).</param>
    /// <param name="value">(batch, S, dim).</param>
    /// <param name="key">(batch, S, dim); the value if null.</param>
    /// <param name="queryMask">(batch, T) booleans: false rows of the output are zeroed.</param>
    /// <param name="valueMask">(batch, S) booleans: false keys get no weight.</param>
    /// <param name="useCausalMask">Query t attends only to keys 0..t; the layer's <see cref="UseCausalMask"/> if null.</param>
    /// <param name="training">True to apply dropout to the weights.</param>
    public Tensor Apply(Tensor query, Tensor value, Tensor? key = null, Tensor? queryMask = null, Tensor? valueMask = null,
                        bool? useCausalMask = null, bool training = false) =>
        Compute(query, value, key, queryMask, valueMask, useCausalMask ?? UseCausalMask, training).Output;

    /// <summary>As <see cref="Apply(Tensor, Tensor, Tensor?, Tensor?, Tensor?, bool?, bool)"/>, also returning the attention scores (batch, T, S).</summary>
    public (Tensor Output, Tensor Scores) ApplyWithScores(Tensor query, Tensor value, Tensor? key = null, Tensor? queryMask = null,
                                                          Tensor? valueMask = null, bool? useCausalMask = null, bool training = false) =>
        Compute(query, value, key, queryMask, valueMask, useCausalMask ?? UseCausalMask, training);

    /// <summary>Applies the layer in a functional graph (flags: the layer's); returns the output.</summary>
    public KerasTensor Apply(KerasTensor query, KerasTensor value, KerasTensor? key = null) =>
        ApplyMulti(key is null ? new[] { query, value } : new[] { query, value, key })[0];

    /// <inheritdoc/>
    protected override IReadOnlyList<Tensor> Call(IReadOnlyList<Tensor> inputs, CallContext context)
    {
        var (queryMask, valueMask) = AttentionMasks.InputMasks(context, inputs[0], inputs[1]);
        var (output, scores) = Compute(inputs[0], inputs[1], inputs.Count > 2 ? inputs[2] : null, queryMask, valueMask, UseCausalMask, context.Training);
        if (ReturnAttentionScores) return new[] { output, scores };
        scores.Dispose();
        return new[] { output };
    }

    private (Tensor Output, Tensor Scores) Compute(Tensor query, Tensor value, Tensor? key, Tensor? queryMask, Tensor? valueMask, bool causal, bool training)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(value);
        key ??= value;
        var shapes = new[] { query, value, key }.Select(t => TensorShape.Of(t.shape)).ToArray();
        foreach (var shape in shapes) ValidateInput(shape, 3);
        if (!Built) BuildFor(shapes.Select(s => s.ReplaceBatch(null)).ToArray());
        if (shapes.Any(s => s[0] != shapes[0][0] || s[-1] != shapes[0][-1]) || shapes[1][1] != shapes[2][1])
            throw new ArgumentException(
                $"{Who} needs query (batch, T, dim), value (batch, S, dim) and key (batch, S, dim) with one batch size and dim; " +
                $"received query {shapes[0]}, value {shapes[1]}, key {shapes[2]}.");
        long queries = query.size(1), keys = value.size(1);

        using var scope = torch.NewDisposeScope();
        var scores = Score(query, key);
        Tensor? mask = null;
        if (valueMask is not null) mask = AttentionMasks.PaddingMask(valueMask, value, Who, nameof(valueMask)).unsqueeze(1);
        if (causal) mask = AttentionMasks.And(mask, AttentionMasks.Causal(queries, keys, query.device).unsqueeze(0));
        if (mask is not null) scores = scores + AttentionMasks.Additive(mask, scores.dtype);
        var weights = scores.softmax(-1);
        if (training && Dropout > 0) weights = F.dropout(weights, Dropout, training: true);
        var output = weights.matmul(value);
        if (queryMask is not null)
            output = output * AttentionMasks.PaddingMask(queryMask, query, Who, nameof(queryMask)).unsqueeze(-1).to(output.dtype);
        return (output.MoveToOuterDisposeScope(), weights.MoveToOuterDisposeScope());
    }

    /// <inheritdoc/>
    public override IReadOnlyList<TensorShape> ComputeOutputShape(IReadOnlyList<TensorShape> inputShapes)
    {
        var query = inputShapes[0];
        var output = new TensorShape(query[0], query[1], inputShapes[1][-1]);
        return ReturnAttentionScores ? new[] { output, new TensorShape(query[0], query[1], inputShapes[1][1]) } : new[] { output };
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["dropout"] = Dropout;
        config["use_causal_mask"] = UseCausalMask;
        config["return_attention_scores"] = ReturnAttentionScores;
        return config;
    }
}
