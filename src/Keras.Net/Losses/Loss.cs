using KerasNet.Serialization;

namespace KerasNet.Losses;

/// <summary>
/// A loss function with Keras's semantics: <see cref="Call"/> gives per-sample values (the last axis reduced), then
/// optional sample weights scale them and <see cref="Reduction"/> reduces them.
/// </summary>
public abstract class Loss : IKerasSerializable
{
    /// <summary>Creates the loss.</summary>
    protected Loss(string name, Reduction reduction)
    {
        Name = name;
        Reduction = reduction;
    }

    /// <summary>The Keras name, e.g. <c>sparse_categorical_crossentropy</c>.</summary>
    public string Name { get; }

    /// <summary>How per-sample values are reduced.</summary>
    public Reduction Reduction { get; }

    /// <summary>Per-sample loss values for a batch.</summary>
    public abstract Tensor Call(Tensor yTrue, Tensor yPred);

    /// <summary>The reduced loss: per-sample values times <paramref name="sampleWeight"/> (if any), reduced.</summary>
    public virtual Tensor Compute(Tensor yTrue, Tensor yPred, Tensor? sampleWeight = null)
    {
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(yPred);
        using var scope = torch.NewDisposeScope();
        var values = Call(yTrue, yPred);
        if (sampleWeight is not null) values = values * BroadcastWeights(sampleWeight, values);
        var reduced = Reduction switch
        {
            Reduction.Sum => values.sum(),
            Reduction.None => values,
            _ => values.numel() == 0 ? torch.zeros(Array.Empty<long>(), values.dtype) : values.mean(),
        };
        return reduced.MoveToOuterDisposeScope();
    }

    /// <summary>Reshapes sample weights of shape (batch,) so they broadcast over per-sample values of higher rank.</summary>
    protected static Tensor BroadcastWeights(Tensor sampleWeight, Tensor values)
    {
        var weight = sampleWeight.dtype == values.dtype ? sampleWeight : sampleWeight.to(values.dtype);
        var extra = values.dim() - weight.dim();
        if (extra < 0 && weight.size(-1) == 1) return weight.squeeze(-1);
        for (var i = 0; i < extra; i++) weight = weight.unsqueeze(-1);
        return weight;
    }

    /// <inheritdoc/>
    public virtual Dictionary<string, object?> GetConfig() => new()
    {
        ["name"] = Name,
        ["reduction"] = KerasRegistry.ToSnakeCase(Reduction.ToString()),
    };

    /// <summary>The loss named as in Keras: "mse", "binary_crossentropy", "sparse_categorical_crossentropy"...</summary>
    public static Loss Get(string identifier) => identifier.ToLowerInvariant() switch
    {
        "binary_crossentropy" or "bce" => new BinaryCrossentropy(),
        "categorical_crossentropy" => new CategoricalCrossentropy(),
        "sparse_categorical_crossentropy" => new SparseCategoricalCrossentropy(),
        "mean_squared_error" or "mse" => new MeanSquaredError(),
        "mean_absolute_error" or "mae" => new MeanAbsoluteError(),
        "mean_absolute_percentage_error" or "mape" => new MeanAbsolutePercentageError(),
        "mean_squared_logarithmic_error" or "msle" => new MeanSquaredLogarithmicError(),
        "huber" or "huber_loss" => new Huber(),
        "log_cosh" or "logcosh" => new LogCosh(),
        "hinge" => new Hinge(),
        "squared_hinge" => new SquaredHinge(),
        "kl_divergence" or "kld" or "kullback_leibler_divergence" => new KLDivergence(),
        "poisson" => new Poisson(),
        "cosine_similarity" => new CosineSimilarity(),
        "binary_focal_crossentropy" => new BinaryFocalCrossentropy(),
        "categorical_focal_crossentropy" => new CategoricalFocalCrossentropy(),
        "categorical_hinge" => new CategoricalHinge(),
        "ctc" => new CTC(),
        "dice" => new Dice(),
        "tversky" => new Tversky(),
        "circle" => new Circle(),
        _ => throw new ArgumentException(
            $"Unknown loss '{identifier}'. Expected one of binary_crossentropy, categorical_crossentropy, sparse_categorical_crossentropy, " +
            "mean_squared_error (mse), mean_absolute_error (mae), mean_absolute_percentage_error (mape), mean_squared_logarithmic_error (msle), " +
            "huber, log_cosh, hinge, squared_hinge, categorical_hinge, kl_divergence, poisson, cosine_similarity, binary_focal_crossentropy, " +
            "categorical_focal_crossentropy, ctc, dice, tversky, circle.", nameof(identifier)),
    };

    /// <summary>Allows <c>loss: "mse"</c>.</summary>
    public static implicit operator Loss(string identifier) => Get(identifier);

    /// <summary>
    /// Keras's alignment of ranks that differ by one trailing axis of size 1: (batch,) targets for (batch, 1)
    /// predictions become (batch, 1), and the reverse; a (batch, n, 1) tensor against a (batch, n) one loses its last
    /// axis. Other shapes are returned as they are (and then checked by <see cref="CheckSameShape"/>).
    /// </summary>
    protected internal static (Tensor YTrue, Tensor YPred) MatchRank(Tensor yTrue, Tensor yPred)
    {
        int t = (int)yTrue.dim(), p = (int)yPred.dim();
        if (t == p + 1 && yTrue.size(-1) == 1) return p == 1 ? (yTrue, yPred.unsqueeze(-1)) : (yTrue.squeeze(-1), yPred);
        if (p == t + 1 && yPred.size(-1) == 1) return t == 1 ? (yTrue.unsqueeze(-1), yPred) : (yTrue, yPred.squeeze(-1));
        return (yTrue, yPred);
    }

    /// <summary>Throws unless the two tensors have the same shape.</summary>
    protected void CheckSameShape(Tensor yTrue, Tensor yPred)
    {
        var t = yTrue.shape;
        var p = yPred.shape;
        if (!t.SequenceEqual(p))
            throw new ArgumentException(
                $"{GetType().Name}: y_true has shape {Shape.Format(t)} but y_pred has shape {Shape.Format(p)}; they must match. " +
                (t.Length + 1 == p.Length ? "For integer class labels use SparseCategoricalCrossentropy, or one-hot encode the labels." : "Reshape the targets to the model's output shape."));
    }

    /// <summary>
    /// Per-sample values from <paramref name="perSample"/>(y_true as y_pred's dtype, y_pred), after aligning their ranks
    /// (<see cref="MatchRank"/>) and checking their shapes; its intermediate tensors are disposed.
    /// </summary>
    protected Tensor CallMatched(Tensor yTrue, Tensor yPred, Func<Tensor, Tensor, Tensor> perSample)
    {
        using var scope = torch.NewDisposeScope();
        (yTrue, yPred) = MatchRank(yTrue, yPred);
        CheckSameShape(yTrue, yPred);
        return perSample(AsFloat(yTrue, yPred), yPred).MoveToOuterDisposeScope();
    }

    /// <summary>y_true as y_pred's floating dtype (labels often arrive as integers).</summary>
    protected static Tensor AsFloat(Tensor yTrue, Tensor yPred) => yTrue.dtype == yPred.dtype ? yTrue : yTrue.to(yPred.dtype);
}
