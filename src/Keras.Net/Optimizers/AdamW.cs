namespace KerasNet.Optimizers;

/// <summary>
/// Adam with decoupled weight decay (Keras default weight decay 0.004): each update first does
/// <c>w -= lr·weightDecay·w</c>, then <see cref="Adam.UpdateStep"/>.
/// </summary>
public sealed class AdamW : Adam
{
    /// <summary>Creates the optimizer.</summary>
    public AdamW(double learningRate = 0.001, double weightDecay = 0.004, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-7,
                 bool amsgrad = false, LearningRateSchedule? schedule = null, double? clipnorm = null, double? clipvalue = null,
                 double? globalClipnorm = null, bool useEma = false, double emaMomentum = 0.99, int? emaOverwriteFrequency = null,
                 int? gradientAccumulationSteps = null, string name = "adamw")
        : base(learningRate, beta1, beta2, epsilon, amsgrad, schedule, weightDecay, clipnorm, clipvalue, globalClipnorm, useEma, emaMomentum,
               emaOverwriteFrequency, gradientAccumulationSteps, name) { }
}
