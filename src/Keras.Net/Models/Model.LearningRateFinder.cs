using KerasNet.Data;
using KerasNet.Training;

namespace KerasNet.Models;

public partial class Model
{
    /// <summary>
    /// The LR range test: trains for up to <paramref name="steps"/> batches while the learning rate grows
    /// exponentially from <paramref name="minLr"/> to <paramref name="maxLr"/>, recording each batch's loss, and stops
    /// early once the smoothed loss exceeds <paramref name="divergenceFactor"/> times its best value. Afterwards the
    /// weights, the optimizer (state, iterations, learning rate or schedule) and libtorch's random generator are put
    /// back as they were, so training can start from the same point with the chosen rate.
    /// </summary>
    /// <param name="x">Training inputs.</param>
    /// <param name="y">Training targets.</param>
    /// <param name="minLr">The first learning rate (positive).</param>
    /// <param name="maxLr">The last learning rate (greater than <paramref name="minLr"/>).</param>
    /// <param name="steps">The number of batches (at least 3); the data is cycled (reshuffled) as needed.</param>
    /// <param name="batchSize">The batch size.</param>
    /// <param name="smoothing">The factor of the exponential moving average of the loss, in [0, 1).</param>
    /// <param name="divergenceFactor">Stop when the smoothed loss exceeds this multiple of its minimum (greater than 1).</param>
    /// <param name="plotPath">If given, the curve is also written there as an SVG image.</param>
    /// <returns>The curve and the suggested learning rate.</returns>
    public LearningRateFinderResult FindLearningRate(Tensor x, Tensor y, double minLr = 1e-7, double maxLr = 10, int steps = 100, int batchSize = 32,
                                                     double smoothing = 0.98, double divergenceFactor = 4, string? plotPath = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (!(minLr > 0 && double.IsFinite(minLr))) throw new ArgumentOutOfRangeException(nameof(minLr), minLr, "FindLearningRate: minLr must be a positive number.");
        if (!(maxLr > minLr && double.IsFinite(maxLr))) throw new ArgumentOutOfRangeException(nameof(maxLr), maxLr, $"FindLearningRate: maxLr must be greater than minLr ({minLr}).");
        if (steps < 3) throw new ArgumentOutOfRangeException(nameof(steps), steps, "FindLearningRate: steps must be at least 3.");
        if (smoothing is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(smoothing), smoothing, "FindLearningRate: smoothing must be in [0, 1).");
        if (!(divergenceFactor > 1)) throw new ArgumentOutOfRangeException(nameof(divergenceFactor), divergenceFactor, "FindLearningRate: divergenceFactor must be greater than 1.");
        var state = RequireCompiledForTraining("FindLearningRate");
        if (!Built)
            using (torch.NewDisposeScope())
            using (torch.no_grad())
                PredictOnBatch(x.narrow(0, 0, Math.Min(batchSize, x.shape[0])));
        EnsureOptimizerBuilt();
        var data = new TensorBatchSource(new[] { x }, new[] { y }, null, batchSize, shuffle: true);
        var result = new LearningRateFinder(this, state, minLr, maxLr, steps, smoothing, divergenceFactor).Run(data);
        if (plotPath is not null) result.Plot(plotPath);
        return result;
    }
}
