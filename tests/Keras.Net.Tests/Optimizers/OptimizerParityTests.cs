using KerasNet.Optimizers;
using KerasNet.TestSupport;

namespace KerasNet.Tests.OptimizersTests;

/// <summary>
/// Every Keras optimizer, step by step, against Keras's update rules written with torch ops in
/// tests/fixtures/cases/keras_optimizers.py (torch.optim where Keras computes the same thing). Two variables,
/// fixed gradients, 3 steps (4 for accumulation and EMA overwrite); hyperparameters are the fixture's.
/// Tolerances: the float32 parity ones (rtol 1e-5, atol 1e-6).
/// </summary>
public class OptimizerParityTests : IClassFixture<OptimizerParityTests.Fixtures>
{
    public sealed class Fixtures : IDisposable
    {
        public Fixture Optimizers { get; } = Fixture.Load("keras_optimizers");
        public void Dispose() => Optimizers.Dispose();
    }

    private const int Variables = 2;
    private readonly Fixture fx;

    public OptimizerParityTests(Fixtures fixtures) => fx = fixtures.Optimizers;

    private static readonly Dictionary<string, Func<Optimizer>> Cases = new()
    {
        ["sgd"] = () => new SGD(0.1),
        ["sgd_momentum"] = () => new SGD(0.1, momentum: 0.9),
        ["sgd_nesterov"] = () => new SGD(0.1, momentum: 0.9, nesterov: true),
        ["adam"] = () => new Adam(0.01),
        ["adam_amsgrad"] = () => new Adam(0.01, amsgrad: true),
        ["adamw"] = () => new AdamW(0.01, weightDecay: 0.1),
        ["adamax"] = () => new Adamax(0.01),
        ["nadam"] = () => new Nadam(0.01),
        ["rmsprop"] = () => new RMSprop(0.01),
        ["rmsprop_centered"] = () => new RMSprop(0.01, centered: true),
        ["rmsprop_momentum"] = () => new RMSprop(0.01, momentum: 0.9),
        ["adagrad"] = () => new Adagrad(0.1),
        ["adadelta"] = () => new Adadelta(1.0),
        ["lion"] = () => new Lion(0.01),
        ["adam_clipnorm"] = () => new Adam(0.01, clipnorm: 0.5),
        ["sgd_momentum_clipvalue"] = () => new SGD(0.1, momentum: 0.9, clipvalue: 0.3),
        ["adam_global_clipnorm"] = () => new Adam(0.01, globalClipnorm: 1.0),
        ["sgd_weight_decay"] = () => new SGD(0.1, momentum: 0.9, weightDecay: 0.05),
        ["rmsprop_weight_decay"] = () => new RMSprop(0.01, weightDecay: 0.05),
        ["adam_accumulation"] = () => new Adam(0.01, gradientAccumulationSteps: 2),
        ["sgd_accumulation"] = () => new SGD(0.1, momentum: 0.9, gradientAccumulationSteps: 2),
        ["sgd_ema"] = () => new SGD(0.1, momentum: 0.9, useEma: true, emaMomentum: 0.9),
        ["sgd_ema_overwrite"] = () => new SGD(0.1, momentum: 0.9, useEma: true, emaMomentum: 0.9, emaOverwriteFrequency: 2),
        ["adam_schedule"] = () => new Adam(schedule: new ExponentialDecay(0.01, 2, 0.5)),
    };

    public static IEnumerable<object[]> Ids() => Cases.Keys.Select(k => new object[] { k });

    [Theory]
    [MemberData(nameof(Ids))]
    public void StepsMatchKerasUpdateRules(string id)
    {
        using var scope = torch.NewDisposeScope();
        using var holder = new VariableHolder();
        var variables = Enumerable.Range(0, Variables).Select(i => holder.Add($"v{i}", fx[$"{id}.p{i}"])).ToArray();
        var optimizer = Cases[id]();
        optimizer.Build(variables);
        for (var step = 0; fx.Has($"{id}.s{step}.0"); step++)
        {
            // Gradients arrive the way the trainer produces them: backward accumulates into each variable's grad.
            var surrogate = variables.Select((v, i) => (v.Value * fx[$"{id}.g{step}.{i}"]).sum()).Aggregate((a, b) => a + b);
            surrogate.backward();
            if (optimizer.Apply())
                foreach (var v in variables) v.Value.grad = null;
            for (var i = 0; i < Variables; i++)
                TestData.Close(fx[$"{id}.s{step}.{i}"], variables[i].Value, $"{id}: variable {i} after call {step + 1}");
            Assert.Equal(step + 1, optimizer.Iterations);
        }
        if (!fx.Has($"{id}.final.0")) return;
        optimizer.FinalizeVariableValues();
        for (var i = 0; i < Variables; i++)
            TestData.Close(fx[$"{id}.final.{i}"], variables[i].Value, $"{id}: variable {i} after finalize (EMA)");
    }

    [Fact]
    public void AccumulationKeepsGradientsUntilTheUpdateStep()
    {
        using var scope = torch.NewDisposeScope();
        using var holder = new VariableHolder();
        var v = holder.Add("v", torch.ones(3));
        var optimizer = new SGD(0.5, gradientAccumulationSteps: 3);
        optimizer.Build(new[] { v });
        for (var call = 1; call <= 3; call++)
        {
            (v.Value * call).sum().backward();
            var applied = optimizer.Apply();
            Assert.Equal(call == 3, applied);
            if (!applied) TestData.Close(torch.ones(3), v.Value, $"call {call}: no update yet");
        }
        // Mean gradient (1 + 2 + 3) / 3 = 2, one step of 0.5.
        TestData.Close(torch.full(new long[] { 3 }, 0.0), v.Value, "after the update step");
    }

    [Fact]
    public void ConstraintsAreAppliedAfterEachUpdate()
    {
        using var scope = torch.NewDisposeScope();
        using var layer = new KerasNet.Layers.Dense(2, kernelConstraint: new KerasNet.Constraints.NonNeg(), useBias: false,
            kernelInitializer: new FixedValue(TestData.Floats(new[] { 0.1f, 0.2f, 0.3f, 0.4f }, 2, 2)));
        layer.Apply(torch.ones(1, 2));
        var optimizer = new SGD(1.0);
        optimizer.Build(layer.TrainableWeights);
        layer.Apply(torch.ones(1, 2), training: true).sum().backward();
        optimizer.Apply();
        // Every kernel entry had gradient 1 and lr 1: 0.1..0.4 - 1 < 0, projected to 0.
        TestData.Close(torch.zeros(2, 2), layer.Kernel.Value, "kernel after the update and NonNeg");
    }

    [Fact]
    public void StringNamesGiveKerasDefaults()
    {
        var adam = Assert.IsType<Adam>(Optimizer.Get("adam"));
        Assert.Equal((0.001, 0.9, 0.999, 1e-7), (adam.LearningRate, adam.Beta1, adam.Beta2, adam.Epsilon));
        var sgd = Assert.IsType<SGD>((Optimizer)"SGD");
        Assert.Equal((0.01, 0.0, false), (sgd.LearningRate, sgd.Momentum, sgd.Nesterov));
        Assert.Equal(0.004, Assert.IsType<AdamW>(Optimizer.Get("adamw")).WeightDecay);
        var rmsprop = Assert.IsType<RMSprop>(Optimizer.Get("rmsprop"));
        Assert.Equal((0.001, 0.9, 1e-7), (rmsprop.LearningRate, rmsprop.Rho, rmsprop.Epsilon));
        Assert.Equal(0.1, Assert.IsType<Adagrad>(Optimizer.Get("adagrad")).InitialAccumulatorValue);
        Assert.Equal(0.95, Assert.IsType<Adadelta>(Optimizer.Get("adadelta")).Rho);
        Assert.Equal(0.99, Assert.IsType<Lion>(Optimizer.Get("lion")).Beta2);
        Assert.IsType<Adamax>(Optimizer.Get("adamax"));
        Assert.IsType<Nadam>(Optimizer.Get("nadam"));
        Assert.Contains("Unknown optimizer 'adamm'", Assert.Throws<ArgumentException>(() => Optimizer.Get("adamm")).Message);
    }

    [Fact]
    public void InvalidArgumentsAreRejected()
    {
        Assert.Contains("at most one of clipnorm, clipvalue and globalClipnorm",
            Assert.Throws<ArgumentException>(() => new Adam(clipnorm: 1, clipvalue: 1)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new SGD(-0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Adam(beta1: 1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SGD(gradientAccumulationSteps: 0));
        Assert.Contains("nesterov", Assert.Throws<ArgumentException>(() => new SGD(nesterov: true)).Message);
        Assert.Contains("has not been built", Assert.Throws<InvalidOperationException>(() => new Adam().Apply()).Message);
    }

    [Fact]
    public void LearningRateFollowsTheScheduleUntilSetToANumber()
    {
        var optimizer = new SGD(schedule: new ExponentialDecay(0.1, 10, 0.5));
        Assert.Equal(0.1, optimizer.LearningRate, 12);
        optimizer.LearningRate = 0.03;
        Assert.Null(optimizer.Schedule);
        Assert.Equal(0.03, optimizer.LearningRate);
    }
}
