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
