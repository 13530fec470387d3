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
        var data = new TensorBatchSource(new[] { x }, new[] { y }, null, batchSize, shuffle: true);
        using var scope = torch.NewDisposeScope();
        if (!Built)
            using (torch.no_grad()) PredictOnBatch(x.narrow(0, 0, Math.Min(batchSize, x.shape[0])));
        EnsureOptimizerBuilt();
        var optimizer = state.Optimizer;
        var savedRng = torch.get_rng_state();
        var savedWeights = CopyWeightsToHost();
        var savedState = optimizer.GetState();
        var (savedSchedule, savedLr) = (optimizer.Schedule, optimizer.FixedLearningRate);
        var lrs = new List<double>();
        var losses = new List<double>();
        var smoothed = new List<double>();
        var diverged = false;
        try
        {
            double average = 0, best = double.PositiveInfinity;
            var ratio = Math.Log(maxLr / minLr) / (steps - 1);
            for (var epoch = 0; lrs.Count < steps && !diverged; epoch++)
            {
                var any = false;
                foreach (var batch in data.GetBatches(epoch))
                {
                    using var batchScope = torch.NewDisposeScope();
                    any = true;
                    var lr = minLr * Math.Exp(ratio * lrs.Count);
                    optimizer.LearningRate = lr;
                    state.ResetMetrics();
                    var loss = TrainStep(batch)["loss"];
                    average = smoothing * average + (1 - smoothing) * loss;
                    var corrected = average / (1 - Math.Pow(smoothing, lrs.Count + 1));
                    lrs.Add(lr);
                    losses.Add(loss);
                    smoothed.Add(corrected);
                    best = Math.Min(best, corrected);
                    if (!double.IsFinite(corrected) || corrected > divergenceFactor * best) diverged = true;
                    if (diverged || lrs.Count >= steps) break;
                }
                if (!any) throw new InvalidOperationException("FindLearningRate: the data produced no batches.");
            }
        }
        finally
        {
            AssignWeights(savedWeights);
            foreach (var t in savedWeights) t.Dispose();
            foreach (var variable in optimizer.Variables) variable.Value.grad = null;
            optimizer.SetState(savedState);
            optimizer.RestoreSchedule(savedSchedule, savedLr);
            state.ResetMetrics();
            torch.set_rng_state(savedRng);
        }
        var result = new LearningRateFinderResult(lrs.ToArray(), losses.ToArray(), smoothed.ToArray(), diverged);
        if (plotPath is not null) result.Plot(plotPath);
        return result;
    }
}
