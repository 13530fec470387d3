namespace KerasNet.Optimizers;

/// <summary>Cosine decay with warm restarts (SGDR): periods grow by <see cref="TMul"/>, peaks shrink by <see cref="MMul"/>.</summary>
public sealed class CosineDecayRestarts : LearningRateSchedule
{
    /// <summary>Creates the schedule (Keras defaults: tMul 2, mMul 1, alpha 0).</summary>
    public CosineDecayRestarts(double initialLearningRate, long firstDecaySteps, double tMul = 2.0, double mMul = 1.0, double alpha = 0.0)
    {
        (InitialLearningRate, FirstDecaySteps) = (Positive(initialLearningRate, nameof(initialLearningRate)), Steps(firstDecaySteps, nameof(firstDecaySteps)));
        (TMul, MMul) = (Positive(tMul, nameof(tMul)), mMul);
        Alpha = alpha;
    }
    /// <summary>The rate at step 0.</summary>
    public double InitialLearningRate { get; }
    /// <summary>Length of the first period.</summary>
    public long FirstDecaySteps { get; }
    /// <summary>Period growth factor.</summary>
    public double TMul { get; }
    /// <summary>Peak shrink factor.</summary>
    public double MMul { get; }
    /// <summary>The floor, as a fraction of each peak.</summary>
    public double Alpha { get; }
    /// <inheritdoc/>
    public override double Call(long step)
    {
        var fraction = (double)step / FirstDecaySteps;
        double restarts, completed;
        if (TMul == 1.0)
        {
            restarts = Math.Floor(fraction);
            completed = fraction - restarts;
        }
        else
        {
            restarts = Math.Floor(Math.Log(1 - fraction * (1 - TMul)) / Math.Log(TMul));
            var sumPrevious = (1 - Math.Pow(TMul, restarts)) / (1 - TMul);
            completed = (fraction - sumPrevious) / Math.Pow(TMul, restarts);
        }
        var peak = Math.Pow(MMul, restarts);
        var cosine = 0.5 * peak * (1 + Math.Cos(Math.PI * completed));
        return InitialLearningRate * ((1 - Alpha) * cosine + Alpha);
    }
    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new()
    {
        ["initial_learning_rate"] = InitialLearningRate, ["first_decay_steps"] = FirstDecaySteps, ["t_mul"] = TMul, ["m_mul"] = MMul, ["alpha"] = Alpha,
    };
}
