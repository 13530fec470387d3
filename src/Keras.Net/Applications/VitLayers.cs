using KerasNet.Initializers;
using KerasNet.Saving;

namespace KerasNet.Applications;

/// <summary>
/// The token embedding of a Vision Transformer: turns the patch projection's (batch, hidden, h, w) map into
/// (batch, 1 + h·w, hidden) tokens, prepends the learned class token and adds the learned position embedding.
/// Its weights carry torchvision's state_dict keys <c>class_token</c> and <c>encoder.pos_embedding</c>.
/// </summary>
public sealed class VitTokenEmbedding : Layer, ITorchStateDictNames
{
    private Variable? classToken, positionEmbedding;

    /// <summary>Creates the layer.</summary>
    /// <param name="name">The layer's name.</param>
    /// <param name="trainable">Whether the class token and position embedding are trained.</param>
    public VitTokenEmbedding(string? name = null, bool trainable = true) : base(name, trainable) { }

    /// <inheritdoc/>
    protected override void ValidateInput(TensorShape inputShape, int inputCount)
    {
        if (inputShape.Rank != 4 || inputShape[1] is null || inputShape[2] is null || inputShape[3] is null)
            throw ShapeError("a patch projection of rank 4 (batch, hidden, h, w) with known sizes", inputShape);
        if (positionEmbedding is not null && (inputShape[1] != positionEmbedding.Shape[2] || 1 + inputShape[2] * inputShape[3] != positionEmbedding.Shape[1]))
            throw ShapeError($"{positionEmbedding.Shape[1] - 1} patches of {positionEmbedding.Shape[2]} features (it was built for them)", inputShape,
                "A Vision Transformer's position embedding is built for one image size: build the model for this input size.");
    }

    /// <inheritdoc/>
    protected override void Build(TensorShape inputShape)
    {
        var hidden = inputShape[1]!.Value;
        var tokens = 1 + inputShape[2]!.Value * inputShape[3]!.Value;
        classToken = AddWeight("class_token", new[] { 1L, 1, hidden }, new Zeros());
        positionEmbedding = AddWeight("pos_embedding", new[] { 1L, tokens, hidden }, new RandomNormal(stddev: 0.02));
    }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, CallContext context)
    {
        using var scope = torch.NewDisposeScope();
        var patches = inputs.flatten(2).transpose(1, 2);
        var token = classToken!.Value.expand(inputs.shape[0], -1, -1);
        return torch.cat(new[] { token, patches }, 1).add(positionEmbedding!.Value).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public override TensorShape ComputeOutputShape(TensorShape inputShape) => new(inputShape[0], 1 + inputShape[2] * inputShape[3], inputShape[1]);

    /// <inheritdoc/>
    public string TorchKey(Variable weight) => weight.Name == "class_token" ? "class_token" : "encoder.pos_embedding";
}

/// <summary>
/// Multi-head self-attention laid out as PyTorch's nn.MultiheadAttention (batch first), computed with
/// <c>torch.nn.functional.scaled_dot_product_attention</c>: weights <c>in_proj_weight</c> (3·dim, dim),
/// <c>in_proj_bias</c>, <c>out_proj.weight</c> (dim, dim) and <c>out_proj.bias</c>, so torchvision's Vision
/// Transformer weights load under the layer's name. Input and output (batch, tokens, dim).
/// </summary>
public sealed class TorchSelfAttention : Layer
{
    private Variable? inWeight, inBias, outWeight, outBias;

    /// <summary>Creates the layer.</summary>
    /// <param name="numHeads">Attention heads; must divide the input's last dimension.</param>
    /// <param name="dropout">Dropout on the attention weights during training.</param>
    /// <param name="name">The layer's name.</param>
    /// <param name="trainable">Whether the projections are trained.</param>
    public TorchSelfAttention(int numHeads, double dropout = 0.0, string? name = null, bool trainable = true) : base(name, trainable)
    {
        if (numHeads < 1) throw new ArgumentOutOfRangeException(nameof(numHeads), numHeads, "TorchSelfAttention: numHeads must be positive.");
        if (dropout is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(dropout), dropout, "TorchSelfAttention: dropout must be in [0, 1).");
        NumHeads = numHeads;
        Dropout = dropout;
    }

    /// <summary>Attention heads.</summary>
    public int NumHeads { get; }

    /// <summary>Dropout on the attention weights during training.</summary>
    public double Dropout { get; }

    /// <inheritdoc/>
    protected override void ValidateInput(TensorShape inputShape, int inputCount)
    {
        if (inputShape.Rank != 3 || inputShape[2] is not { } dim)
            throw ShapeError("input of rank 3 (batch, tokens, dim) with a known dim", inputShape);
        if (dim % NumHeads != 0) throw ShapeError($"a dim divisible by numHeads ({NumHeads})", inputShape);
        if (inWeight is not null && dim != inWeight.Shape[1]) throw ShapeError($"dim {inWeight.Shape[1]} (it was built for it)", inputShape);
    }

    /// <inheritdoc/>
    protected override void Build(TensorShape inputShape)
    {
        var dim = inputShape[2]!.Value;
        inWeight = AddWeight("in_proj_weight", new[] { 3 * dim, dim }, new GlorotUniform(), fans: (dim, dim));
        inBias = AddWeight("in_proj_bias", new[] { 3 * dim }, new Zeros());
        outWeight = AddWeight("out_proj.weight", new[] { dim, dim }, new GlorotUniform());
        outBias = AddWeight("out_proj.bias", new[] { dim }, new Zeros());
    }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, CallContext context)
    {
        using var scope = torch.NewDisposeScope();
        var (batch, tokens, dim) = (inputs.shape[0], inputs.shape[1], inputs.shape[2]);
        var headDim = dim / NumHeads;
        var qkv = F.linear(inputs, inWeight!.Value, inBias!.Value).view(batch, tokens, 3, NumHeads, headDim).permute(2, 0, 3, 1, 4);
        var parts = qkv.unbind(0);
        var attended = F.scaled_dot_product_attention(parts[0], parts[1], parts[2], p: context.Training ? Dropout : 0.0);
        var merged = attended.transpose(1, 2).reshape(batch, tokens, dim);
        return F.linear(merged, outWeight!.Value, outBias!.Value).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public override TensorShape ComputeOutputShape(TensorShape inputShape) => inputShape;

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["num_heads"] = NumHeads;
        config["dropout"] = Dropout;
        return config;
    }
}

/// <summary>Reduces (batch, tokens, dim) to (batch, dim): the class token (<c>"token"</c>, the first), or the mean or maximum over tokens.</summary>
public sealed class TokenPooling : Layer
{
    /// <summary>Creates the layer.</summary>
    /// <param name="mode">"token", "avg" or "max".</param>
    /// <param name="name">The layer's name.</param>
    /// <param name="trainable">Unused (no weights).</param>
    public TokenPooling(string mode = "token", string? name = null, bool trainable = true) : base(name, trainable)
    {
        if (mode is not ("token" or "avg" or "max"))
            throw new ArgumentException($"TokenPooling: mode must be \"token\", \"avg\" or \"max\"; received \"{mode}\".", nameof(mode));
        Mode = mode;
    }

    /// <summary>"token", "avg" or "max".</summary>
    public string Mode { get; }

    /// <inheritdoc/>
    protected override void ValidateInput(TensorShape inputShape, int inputCount)
    {
        if (inputShape.Rank != 3) throw ShapeError("input of rank 3 (batch, tokens, dim)", inputShape);
    }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, CallContext context) => Mode switch
    {
        "token" => inputs.select(1, 0).contiguous(),
        "avg" => inputs.mean(new long[] { 1 }),
        _ => inputs.amax(new long[] { 1 }),
    };

    /// <inheritdoc/>
    public override TensorShape ComputeOutputShape(TensorShape inputShape) => new(inputShape[0], inputShape[2]);

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["mode"] = Mode;
        return config;
    }
}
