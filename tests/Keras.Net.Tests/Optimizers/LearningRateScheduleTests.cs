using KerasNet.Optimizers;
using KerasNet.Serialization;

namespace KerasNet.Tests.OptimizersTests;

/// <summary>
/// Learning-rate schedules at several steps against their Keras formulas, evaluated here by hand in double
/// precision (tolerance 1e-12 relative: the same arithmetic).
/// </summary>
public class LearningRateScheduleTests
{
    private static void Near(double expected, double actual, string what) =>
        Assert.True(Math.Abs(expected - actual) <= 1e-12 * Math.Max(1, Math.Abs(expected)), $"{what}: {actual:R}, expected {expected:R}");

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(10)]
    [InlineData(25)]
    public void ExponentialDecay(long step)
    {
        Near(0.1 * Math.Pow(0.5, step / 10.0), new ExponentialDecay(0.1, 10, 0.5).Call(step), "continuous");
        Near(0.1 * Math.Pow(0.5, Math.Floor(step / 10.0)), new ExponentialDecay(0.1, 10, 0.5, staircase: true).Call(step), "staircase");
    }

    [Fact]
    public void PiecewiseConstantDecayUsesValueIWhileStepIsAtMostBoundaryI()
    {
        var schedule = new PiecewiseConstantDecay(new long[] { 5, 10 }, new[] { 1.0, 0.5, 0.1 });
        var expected = new Dictionary<long, double> { [0] = 1.0, [5] = 1.0, [6] = 0.5, [10] = 0.5, [11] = 0.1, [100] = 0.1 };
        foreach (var (step, value) in expected) Assert.Equal(value, schedule.Call(step));
        Assert.Contains("one more value", Assert.Throws<ArgumentException>(() => new PiecewiseConstantDecay(new long[] { 5 }, new[] { 1.0 })).Message);
        Assert.Contains("increasing", Assert.Throws<ArgumentException>(() => new PiecewiseConstantDecay(new long[] { 5, 5 }, new[] { 1.0, 2, 3 })).Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    [InlineData(10)]
    [InlineData(15)]
    [InlineData(25)]
    public void PolynomialDecay(long step)
    {
        const double initial = 0.1, end = 0.01, power = 2;
        var clamped = Math.Min(step, 10);
        Near((initial - end) * Math.Pow(1 - clamped / 10.0, power) + end, new PolynomialDecay(initial, 10, end, power).Call(step), "plain");
        // Cycle: the horizon grows to the next multiple of decaySteps (at least one).
        var horizon = 10 * Math.Max(1, Math.Ceiling(step / 10.0));
        Near((initial - end) * Math.Pow(1 - step / horizon, power) + end, new PolynomialDecay(initial, 10, end, power, cycle: true).Call(step), "cycle");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(20)]
    public void InverseTimeDecay(long step)
    {
        Near(0.1 / (1 + 0.5 * step / 10.0), new InverseTimeDecay(0.1, 10, 0.5).Call(step), "continuous");
        Near(0.1 / (1 + 0.5 * Math.Floor(step / 10.0)), new InverseTimeDecay(0.1, 10, 0.5, staircase: true).Call(step), "staircase");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(25)]
    [InlineData(100)]
    [InlineData(150)]
    public void CosineDecay(long step)
    {
        const double alpha = 0.1;
        var s = Math.Min(step, 100);
        var cosine = 0.5 * (1 + Math.Cos(Math.PI * s / 100));
        Near(0.2 * ((1 - alpha) * cosine + alpha), new CosineDecay(0.2, 100, alpha).Call(step), "cosine");
    }

    [Theory]
    [InlineData(0, 0.0)]
    [InlineData(5, 0.5)]
    [InlineData(9, 0.9)]
    public void CosineDecayWarmupIsLinearFromInitialToTarget(long step, double expected) =>
        Near(expected, new CosineDecay(0.0, 100, warmupTarget: 1.0, warmupSteps: 10).Call(step), "warmup");

    [Theory]
    [InlineData(10)]
    [InlineData(60)]
    [InlineData(110)]
    [InlineData(500)]
    public void CosineDecayAfterWarmupDecaysFromTheTarget(long step)
    {
        var s = Math.Min(step - 10, 100);
        Near(1.0 * 0.5 * (1 + Math.Cos(Math.PI * s / 100)), new CosineDecay(0.0, 100, warmupTarget: 1.0, warmupSteps: 10).Call(step), "after warmup");
    }

    [Theory]
    [InlineData(0, 0, 0.0)]
    [InlineData(5, 0, 0.5)]
    [InlineData(10, 1, 0.0)]   // first restart: periods 10, 20, 40...
    [InlineData(20, 1, 0.5)]
    [InlineData(30, 2, 0.0)]
    [InlineData(50, 2, 0.5)]
    public void CosineDecayRestartsGrowsPeriodsAndShrinksPeaks(long step, int restart, double completed)
    {
        const double mMul = 0.5, alpha = 0.1;
        var cosine = 0.5 * Math.Pow(mMul, restart) * (1 + Math.Cos(Math.PI * completed));
        Near(0.1 * ((1 - alpha) * cosine + alpha), new CosineDecayRestarts(0.1, 10, tMul: 2, mMul: mMul, alpha: alpha).Call(step), $"step {step}");
    }

    [Theory]
    [InlineData(0, 0, 0.0)]
    [InlineData(13, 1, 0.3)]
    [InlineData(27, 2, 0.7)]
    public void CosineDecayRestartsWithConstantPeriods(long step, int restart, double completed)
    {
        var cosine = 0.5 * Math.Pow(0.8, restart) * (1 + Math.Cos(Math.PI * completed));
        Near(0.1 * cosine, new CosineDecayRestarts(0.1, 10, tMul: 1, mMul: 0.8).Call(step), $"step {step}");
    }

    [Fact]
    public void SchedulesRoundTripTheirConfigs()
    {
        LearningRateSchedule[] schedules =
        {
            new ExponentialDecay(0.1, 10, 0.5, staircase: true), new PiecewiseConstantDecay(new long[] { 5, 10 }, new[] { 1.0, 0.5, 0.1 }),
            new PolynomialDecay(0.1, 10, 0.01, 2, cycle: true), new InverseTimeDecay(0.1, 10, 0.5),
            new CosineDecay(0.0, 100, 0.1, warmupTarget: 1.0, warmupSteps: 10), new CosineDecayRestarts(0.1, 10, 2, 0.5, 0.1),
        };
        foreach (var schedule in schedules)
        {
            var json = TestData.Json(schedule.GetConfig());
            var copy = KerasRegistry.FromConfig<LearningRateSchedule>(schedule.GetType().Name, TestData.ParseJson(json));
            Assert.Equal(json, TestData.Json(copy.GetConfig()));
            foreach (var step in new long[] { 0, 7, 33 }) Assert.Equal(schedule.Call(step), copy.Call(step));
        }
    }

    [Fact]
    public void OptimizerReadsTheScheduleAtItsIterationCount()
    {
        using var scope = torch.NewDisposeScope();
        using var holder = new VariableHolder();
        var v = holder.Add("v", torch.zeros(1));
        var schedule = new PiecewiseConstantDecay(new long[] { 0, 1 }, new[] { 1.0, 0.1, 0.01 });
        var optimizer = new SGD(schedule: schedule);
        optimizer.Build(new[] { v });
        var expected = 0.0;
        foreach (var lr in new[] { 1.0, 0.1, 0.01 })
        {
            Assert.Equal(lr, optimizer.LearningRate);
            v.Value.sum().backward();
            optimizer.Apply();
            v.Value.grad = null;
            expected -= lr;
            Assert.Equal(expected, v.Value.item<float>(), 6);
        }
    }
}
