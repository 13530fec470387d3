using KerasNet.Initializers;

namespace KerasNet.Layers;

/// <summary>
/// Dot-product attention (Luong-style), as Keras's <c>Attention</c>: scores are <c>query · keyᵀ</c>
/// (<c>scoreMode: "dot"</c>) or <c>Σ tanh(query + key)</c> (<c>"concat"</c>), optionally multiplied by a learned
/// scalar <c>scale</c> (<c>useScale</c>); the softmax of the scores weights the values. See
/// <see cref="BaseDenseAttention"/> for inputs, masks and flags.
/// </summary>
public sealed class Attention : BaseDenseAttention
{
    private Variable? scale, concatScoreWeight;

    /// <summary>Creates the layer.</summary>
    /// <param name="useScale">Whether a learned scalar (initially 1) multiplies the scores.</param>
    /// <param name="scoreMode">"dot" or "concat".</param>
    /// <param name="dropout">Dropout rate on the attention weights.</param>
    /// <param name="useCausalMask">Query t attends only to keys 0..t (graph calls, and eager calls that do not say).</param>
    /// <param name="returnAttentionScores">Whether a graph call also returns the weights.</param>
    /// <param name="name">The layer's name.</param>
    /// <param name="trainable">Whether training updates the weights.</param>
    public Attention(bool useScale = false, string scoreMode = "dot", double dropout = 0.0, bool useCausalMask = false,
                     bool returnAttentionScores = false, string? name = null, bool trainable = true)
        : base(dropout, useCausalMask, returnAttentionScores, name, trainable)
    {
        if (scoreMode is not ("dot" or "concat"))
            throw new ArgumentException($"Attention: scoreMode must be \"dot\" or \"concat\"; received \"{scoreMode}\".", nameof(scoreMode));
        UseScale = useScale;
        ScoreMode = scoreMode;
    }

    /// <summary>Whether a learned scalar multiplies the scores.</summary>
    public bool UseScale { get; }
    /// <summary>"dot" or "concat".</summary>
    public string ScoreMode { get; }

    /// <inheritdoc/>
    protected override void Build(long dim)
    {
        if (UseScale) scale = AddWeight("scale", Array.Empty<long>(), new Ones());
        if (ScoreMode == "concat") concatScoreWeight = AddWeight("concat_score_weight", Array.Empty<long>(), new Ones());
    }

    /// <inheritdoc/>
    protected override Tensor Score(Tensor query, Tensor key)
    {
        if (ScoreMode == "dot")
        {
            var scores = query.matmul(key.transpose(1, 2));
            return scale is null ? scores : scores * scale.Value;
        }
        // (batch, T, 1, dim) + (batch, 1, S, dim) → (batch, T, S, dim), summed over dim.
        var sum = query.unsqueeze(2) + key.unsqueeze(1);
        if (scale is not null) sum = sum * scale.Value;
        return concatScoreWeight!.Value * sum.tanh().sum(-1);
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["use_scale"] = UseScale;
        config["score_mode"] = ScoreMode;
        return config;
    }
}
