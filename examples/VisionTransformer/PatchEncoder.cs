using KerasNet;
using KerasNet.Layers;
using TorchSharp;
using static TorchSharp.torch;

/// <summary>
/// Projects each patch to <c>projectionDim</c> features (a Dense layer) and adds a learned embedding of its position
/// (an Embedding of the patch index): (batch, numPatches, patchFeatures) to (batch, numPatches, projectionDim).
/// </summary>
internal sealed class PatchEncoder : Layer
{
    private readonly Dense projection;
    private readonly Embedding positionEmbedding;

    public PatchEncoder(int numPatches, int projectionDim, string? name = null) : base(name, trainable: true)
    {
        (NumPatches, ProjectionDim) = (numPatches, projectionDim);
        projection = new Dense(projectionDim);
        positionEmbedding = new Embedding(inputDim: numPatches, outputDim: projectionDim);
    }

    public int NumPatches { get; }
    public int ProjectionDim { get; }

    protected override void ValidateInput(TensorShape inputShape, int inputCount)
    {
        if (inputShape.Rank != 3 || inputShape[1] != NumPatches)
            throw new ArgumentException($"PatchEncoder '{Name}' expects patches (batch, {NumPatches}, features); received {inputShape}. " +
                                        "Check numPatches against the image and patch sizes.");
    }

    protected override void Build(TensorShape inputShape)
    {
        projection.BuildFor(inputShape);
        positionEmbedding.BuildFor(new TensorShape(NumPatches));
    }

    protected override Tensor Call(Tensor patch, CallContext context)
    {
        using var scope = torch.NewDisposeScope();
        var positions = torch.arange(NumPatches, dtype: ScalarType.Int64, device: patch.device);
        var encoded = projection.Apply(patch, context.Training) + positionEmbedding.Apply(positions, context.Training);
        return encoded.MoveToOuterDisposeScope();
    }

    public override TensorShape ComputeOutputShape(TensorShape inputShape) => new(inputShape[0], inputShape[1], ProjectionDim);

    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["num_patches"] = NumPatches;
        config["projection_dim"] = ProjectionDim;
        return config;
    }
}
