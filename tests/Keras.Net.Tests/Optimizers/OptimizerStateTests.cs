using KerasNet.Layers;
using KerasNet.Models;
using KerasNet.Optimizers;

namespace KerasNet.Tests.OptimizersTests;

/// <summary>Optimizer.GetState/SetState: a second optimizer given the first one's state continues identically.</summary>
public class OptimizerStateTests
{
    public static TheoryData<string> Kinds => new()
    {
        "sgd", "sgd_nesterov", "adam", "adam_amsgrad", "adamw", "adamax", "nadam", "rmsprop", "adagrad", "adadelta", "lion",
        "adafactor", "ftrl", "lamb", "muon",
        "adam_ema", "sgd_accumulation", "adam_schedule", "adam_clipnorm",
    };

    private static Optimizer Make(string kind) => kind switch
    {
        "sgd" => new SGD(0.05),
        "sgd_nesterov" => new SGD(0.05, momentum: 0.9, nesterov: true),
        "adam" => new Adam(0.01),
        "adam_amsgrad" => new Adam(0.01, amsgrad: true),
        "adamw" => new AdamW(0.01),
        "adamax" => new Adamax(0.01),
        "nadam" => new Nadam(0.01),
        "rmsprop" => new RMSprop(0.01, momentum: 0.3),
        "adagrad" => new Adagrad(0.05),
        "adadelta" => new Adadelta(1.0),
        "lion" => new Lion(0.001),
        "adafactor" => new Adafactor(0.01),
        "ftrl" => new Ftrl(0.05, l1RegularizationStrength: 0.001),
        "lamb" => new Lamb(0.01),
        "muon" => new Muon(0.01),
        "adam_ema" => new Adam(0.01, useEma: true, emaOverwriteFrequency: 4),
        "sgd_accumulation" => new SGD(0.05, momentum: 0.5, gradientAccumulationSteps: 3),
        "adam_schedule" => new Adam(schedule: new ExponentialDecay(0.01, 2, 0.5)),
        _ => new Adam(0.01, clipnorm: 0.1),
    };

    private static Sequential Model(string kind)
    {
        var model = new Sequential(new Layer[] { Keras.Input(3), new Dense(4, activation: "tanh"), new Dense(1) });
        var i = 0;
        foreach (var w in model.Weights)
            using (var v = TestData.Randn(50 + i++, w.Shape) * 0.5) w.Assign(v);
        model.Compile(Make(kind), "mse");
        return model;
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void AnOptimizerGivenAnotherOnesStateContinuesIdentically(string kind)
    {
        using var scope = torch.NewDisposeScope();
        var x = TestData.Randn(1, 6, 3);
        var y = TestData.Randn(2, 6, 1);
        using var a = Model(kind);
        using var b = Model(kind);
        for (var step = 0; step < 4; step++) a.TrainOnBatch(x, y);
        var state = a.Optimizer!.GetState();
        Assert.Equal(4L, state["iterations"].item<long>());
        for (var i = 0; i < a.Weights.Count; i++) b.Weights[i].Assign(a.Weights[i].Value);
        b.Optimizer!.SetState(state);
        Assert.Equal(a.Optimizer.Iterations, b.Optimizer.Iterations);
        Assert.Equal(a.Optimizer.LearningRate, b.Optimizer.LearningRate);
        for (var step = 0; step < 5; step++)
        {
            a.TrainOnBatch(x, y);
            b.TrainOnBatch(x, y);
        }
        a.Optimizer.FinalizeVariableValues();
        b.Optimizer.FinalizeVariableValues();
        for (var i = 0; i < a.Weights.Count; i++) Assert.Equal(a.Weights[i].Value.data<float>().ToArray(), b.Weights[i].Value.data<float>().ToArray());
    }

    [Fact]
    public void AChangedLearningRateIsPartOfTheState()
    {
        using var scope = torch.NewDisposeScope();
        using var a = Model("adam");
        using var b = Model("adam");
        a.TrainOnBatch(TestData.Randn(1, 4, 3), TestData.Randn(2, 4, 1));
        a.Optimizer!.LearningRate = 0.0025;
        b.Optimizer!.SetState(a.Optimizer.GetState());
        Assert.Equal(0.0025, b.Optimizer.LearningRate);
    }

    [Fact]
    public void AStateFromAnotherOptimizerOrModelIsRejectedWithTheDifferences()
    {
        using var scope = torch.NewDisposeScope();
        using var adam = Model("adam");
        using var sgd = Model("sgd");
        adam.TrainOnBatch(TestData.Randn(1, 4, 3), TestData.Randn(2, 4, 1));
        var error = Assert.Throws<ArgumentException>(() => sgd.Optimizer!.SetState(adam.Optimizer!.GetState()));
        Assert.Contains("does not fit SGD", error.Message);
        Assert.Contains("8 state slot(s) saved, 0 expected", error.Message);
        using var wider = new Sequential(new Layer[] { Keras.Input(3), new Dense(5, activation: "tanh"), new Dense(1) });
        wider.Compile(new Adam(0.01), "mse");
        error = Assert.Throws<ArgumentException>(() => wider.Optimizer!.SetState(adam.Optimizer!.GetState()));
        Assert.Contains("'slot/00000' has shape [3, 4], the optimizer's is [3, 5]", error.Message);
        Assert.Equal(0, wider.Optimizer!.Iterations);
        var unbuilt = new Adam();
        Assert.Contains("must be built", Assert.Throws<InvalidOperationException>(() => unbuilt.SetState(adam.Optimizer!.GetState())).Message);
    }
}
