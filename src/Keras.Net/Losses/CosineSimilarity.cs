
namespace KerasNet.Losses;

/// <summary>-sum(l2_normalize(y_true)·l2_normalize(y_pred)) over the last axis: -1 for identical directions.</summary>
public sealed class CosineSimilarity : Loss
{
    /// <summary>Creates the loss.</summary>
    public CosineSimilarity(int axis = -1, Reduction reduction = Reduction.SumOverBatchSize, string name = "cosine_similarity") : base(name, reduction) => Axis = axis;
    /// <summary>The axis along which similarity is computed.</summary>
    public int Axis { get; }
    /// <inheritdoc/>
    public override Tensor Call(Tensor yTrue, Tensor yPred) => CallMatched(yTrue, yPred, (target, prediction) =>
    {
        var t = torch.nn.functional.normalize(target, dim: Axis);
        var p = torch.nn.functional.normalize(prediction, dim: Axis);
        return -(t * p).sum(Axis);
    });
    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["axis"] = Axis;
        return config;
    }
}
