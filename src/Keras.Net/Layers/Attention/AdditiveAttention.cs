using KerasNet.Initializers;

namespace KerasNet.Layers;

/// <summary>
/// Additive attention (Bahdanau-style), as Keras's <c>AdditiveAttention</c>: scores are
/// <c>Σ scale · tanh(query + key)</c> over the feature axis, with a learned <c>scale</c> vector (Glorot uniform)
/// when <c>useScale</c> (the default). See <see cref="BaseDenseAttention"/> for inputs, masks and flags.
/// </summary>
public sealed class AdditiveAttention : BaseDenseAttention
{
    private Variable? scale;

    /// <summary>Creates the layer.</summary>
    /// <param name="useScale">Whether a learned vector scales the tanh terms before they are summed.</param>
    /// <param name="dropout">Dropout rate on the attention weights.</param>
    /// <param name="useCausalMask">Query t attends only to keys 0..t (graph calls, and eager calls that do not say).</param>
    /// <param name="returnAttentionScores">Whether a graph call also returns the weights.</param>
    /// <param name="name">The layer's name.</param>
    /// <param name="trainable">Whether training updates the weights.</param>
    public AdditiveAttention(bool useScale = true, double dropout = 0.0, bool useCausalMask = false, bool returnAttentionScores = false,
                             string? name = null, bool trainable = true)
        : base(dropout, useCausalMask, returnAttentionScores, name, trainable) => UseScale = useScale;

    /// <summary>Whether a learned vector scales the tanh terms.</summary>
    public bool UseScale { get; }

    /// <inheritdoc/>
    protected override void Build(long dim)
    {
        if (UseScale) scale = AddWeight("scale", new[] { dim }, new GlorotUniform());
    }

    /// <inheritdoc/>
    protected override Tensor Score(Tensor query, Tensor key)
    {
        var terms = (query.unsqueeze(2) + key.unsqueeze(1)).tanh();
        if (scale is not null) terms = terms * scale.Value;
        return terms.sum(-1);
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["use_scale"] = UseScale;
        return config;
    }
}
