using KerasNet.Plotting;

namespace KerasNet.Training;

/// <summary>
/// The curve of an LR range test (<see cref="Models.Model.FindLearningRate"/>): the learning rate of each step, the
/// loss of its batch, the smoothed loss, and suggestions read off the curve.
/// </summary>
public sealed class LearningRateFinderResult
{
    internal LearningRateFinderResult(double[] learningRates, double[] losses, double[] smoothedLosses, bool diverged)
    {
        LearningRates = learningRates;
        Losses = losses;
        SmoothedLosses = smoothedLosses;
        Diverged = diverged;
        var best = 0;
        for (var i = 1; i < smoothedLosses.Length; i++)
            if (smoothedLosses[i] < smoothedLosses[best]) best = i;
        MinLossLearningRate = learningRates.Length > 0 ? learningRates[best] : double.NaN;
        SuggestedLearningRate = MinLossLearningRate / 10;
        SteepestLearningRate = Steepest(learningRates, smoothedLosses, best);
    }

    /// <summary>The learning rate of each step (increasing exponentially).</summary>
    public IReadOnlyList<double> LearningRates { get; }

    /// <summary>The loss of each step's batch.</summary>
    public IReadOnlyList<double> Losses { get; }

    /// <summary>The exponentially smoothed, bias-corrected loss of each step.</summary>
    public IReadOnlyList<double> SmoothedLosses { get; }

    /// <summary>True when the test stopped early because the smoothed loss diverged (or became NaN).</summary>
    public bool Diverged { get; }

    /// <summary>The learning rate at which the smoothed loss was lowest.</summary>
    public double MinLossLearningRate { get; }

    /// <summary>
    /// The suggested learning rate: a tenth of <see cref="MinLossLearningRate"/>, the usual reading of the range test
    /// (the minimum itself sits close to where training becomes unstable).
    /// </summary>
    public double SuggestedLearningRate { get; }

    /// <summary>
    /// Where the smoothed loss falls fastest against log(learning rate), before its minimum and past the first tenth
    /// of the curve: another common reading, more sensitive to noise on short curves.
    /// </summary>
    public double SteepestLearningRate { get; }

    private static double Steepest(double[] lrs, double[] smoothed, int end)
    {
        // The first tenth of the curve is skipped (the smoothed loss is still settling there) and slopes are taken
        // over a window of about a twentieth of the curve, so that batch-to-batch noise does not pick the point.
        var skip = Math.Max(1, lrs.Length / 10);
        var window = Math.Max(1, lrs.Length / 20);
        if (end - skip < 2) return lrs.Length > 0 ? lrs[Math.Max(0, end)] / 10 : double.NaN;
        var best = -1;
        var bestSlope = double.PositiveInfinity;
        for (var i = skip; i < end; i++)
        {
            int lo = Math.Max(0, i - window), hi = Math.Min(end, i + window);
            var slope = (smoothed[hi] - smoothed[lo]) / (Math.Log(lrs[hi]) - Math.Log(lrs[lo]));
            if (slope < bestSlope)
            {
                bestSlope = slope;
                best = i;
            }
        }
        return best < 0 || bestSlope >= 0 ? lrs[end] / 10 : lrs[best];
    }

    /// <summary>Writes the loss against the learning rate (log scale) as an SVG image, with the suggestion marked in the title.</summary>
    public void Plot(string path)
    {
        var panel = new PlotPanel($"LR range test (suggested {SuggestedLearningRate:G3})", "learning rate", "loss", new[]
        {
            new PlotSeries("loss", LearningRates, Losses, Dashed: true),
            new PlotSeries("smoothed loss", LearningRates, SmoothedLosses),
        }, LogX: true);
        SvgLinePlot.Write(path, new[] { panel });
    }
}
