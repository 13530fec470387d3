using KerasNet.Layers;
using KerasNet.Models;
using KerasNet.Optimizers;
using KerasNet.Regularizers;
using KerasNet.Serialization;

namespace KerasNet.Tests.RegularizersTests;

/// <summary>Weight penalties: their values, Keras's defaults, and their place in the training and evaluation loss.</summary>
public class RegularizerTests
{
    private static Tensor W() => TestData.Floats(new[] { 1f, -2f, 0.5f, 0f, -3f, 1.5f }, 2, 3);   // Σ|w| = 8, Σw² = 16.5

    [Fact]
    public void PenaltiesFollowTheirFormulas()
    {
        using var scope = torch.NewDisposeScope();
        Assert.Equal(0.08, new L1().Call(W()).item<float>(), 6);                 // default factor 0.01
        Assert.Equal(0.165, new L2().Call(W()).item<float>(), 6);
        Assert.Equal(0.3 * 8 + 0.2 * 16.5, new L1L2(0.3, 0.2).Call(W()).item<float>(), 5);
        Assert.Equal(0.0, new L1L2().Call(W()).item<float>());                    // Keras defaults: both 0
        Assert.Equal(0.01 * 8 + 0.01 * 16.5, ((Regularizer)"l1_l2").Call(W()).item<float>(), 6);
        Assert.IsType<L2>((Regularizer)"l2");
        Assert.Contains("Unknown regularizer 'l3'", Assert.Throws<ArgumentException>(() => Regularizer.Get("l3")).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new L2(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new L1(double.NaN));
    }

    [Fact]
    public void PenaltiesAreAddedToTheTrainingAndEvaluationLoss()
    {
        using var scope = torch.NewDisposeScope();
        var dense = new Dense(3, kernelInitializer: new FixedValue(W()), biasInitializer: new KerasNet.Initializers.Constant(1.0),
            kernelRegularizer: new L2(0.1), biasRegularizer: new L1(0.5));
        using var model = new Sequential(new Layer[] { Keras.Input(2), dense });
        model.Compile(new SGD(0.01), "mse");
        var x = TestData.Randn(71, 4, 2);
        var y = TestData.Randn(72, 4, 3);
        var mse = new KerasNet.Losses.MeanSquaredError().Compute(y, model.Apply(x)).item<float>();
        var penalty = 0.1 * 16.5 + 0.5 * 3;
        Assert.Equal(mse + penalty, model.TestOnBatch(x, y)["loss"], 5);
        Assert.Equal(mse + penalty, model.TrainOnBatch(x, y)["loss"], 5);
        // The penalty's gradient moved the bias by -lr · 0.5 · sign(b) besides the data term: check the data term alone
        // is not the whole update by comparing with an unregularized twin.
        var twin = new Dense(3, kernelInitializer: new FixedValue(W()), biasInitializer: new KerasNet.Initializers.Constant(1.0));
        using var plain = new Sequential(new Layer[] { Keras.Input(2), twin });
        plain.Compile(new SGD(0.01), "mse").TrainOnBatch(x, y);
        TestData.Close(twin.Bias!.Value - 0.01 * 0.5, dense.Bias!.Value, "bias after one step with an L1 penalty");
        TestData.Close(twin.Kernel.Value - 0.01 * 0.1 * 2 * W(), dense.Kernel.Value, "kernel after one step with an L2 penalty");
    }

    [Fact]
    public void ConfigsRoundTrip()
    {
        foreach (var regularizer in new Regularizer[] { new L1(0.2), new L2(0.3), new L1L2(0.1, 0.4) })
        {
            var json = TestData.Json(regularizer.GetConfig());
            Assert.Equal(json, TestData.Json(KerasRegistry.FromConfig<Regularizer>(regularizer.GetType().Name, TestData.ParseJson(json)).GetConfig()));
        }
    }
}
