
namespace KerasNet.Losses;

/// <summary>-sum(l2_normalize(y_true)·l2_normalize(y_pred)) over the last axis: -1 for identical directions.</summary>
public sealed class CosineSimilarity : Loss
{
    /// <summary>Creates the loss.</summary>
    public CosineSimilarity(int axis = -1, Reduction reduction = Reduction.SumOverBatchSize, string name = "cosine_similarity") : base(name, reduction) => Axis = axis;
    /// <summary>The axis along which similarity is computed.</summary>
    public int Axis { get; }
    /// <inheritdoc/>
    public override Tensor Call(Tensor yTrue, Tensor yPred)
    {
        using var scope = torch.NewDisposeScope();
        (yTrue, yPred) = MatchRank(yTrue, yPred);
        CheckSameShape(yTrue, yPred);
        var t = torch.nn.functional.normalize(AsFloat(yTrue, yPred), dim: Axis);
        var p = torch.nn.functional.normalize(yPred, dim: Axis);
        return (-(t * p).sum(Axis)).MoveToOuterDisposeScope();
    }
    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["axis"] = Axis;
        return config;
    }
}
