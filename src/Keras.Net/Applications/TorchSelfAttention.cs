using KerasNet.Initializers;

namespace KerasNet.Applications;

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
    public override Dictionary<string, object?> GetConfig() => With(base.GetConfig(), ("num_heads", NumHeads), ("dropout", Dropout));
}
