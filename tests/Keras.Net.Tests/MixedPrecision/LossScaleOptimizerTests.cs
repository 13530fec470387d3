using KerasNet.Layers;
using KerasNet.Models;
using KerasNet.Optimizers;
using KerasNet.Serialization;

namespace KerasNet.Tests.MixedPrecisionTests;

/// <summary>Dynamic loss scaling: float16 gradients that underflow, overflow steps, growth, and Compile's wrapping.</summary>
public class LossScaleOptimizerTests
{
    // A float16 Dense(3 → 1) without bias on ones: the kernel's gradient is the loss's gradient with respect to the
    // output, summed over the batch, and 1e-9 of a unit loss underflows in float16 (smallest subnormal 6e-8).
    private static (Dense Layer, Tensor Loss) TinyLoss()
    {
        var layer = new Dense(1, useBias: false, kernelInitializer: "ones") { DtypePolicy = "mixed_float16" };
        var x = torch.ones(2, 3);
        var output = layer.Apply(x, training: true);
        Assert.Equal(ScalarType.Float16, output.dtype);
        return (layer, output.to(ScalarType.Float32).sum() * 1e-9);
    }

    [Fact]
    public void Float16GradientsUnderflowWithoutScalingAndTrainWithIt()
    {
        using var scope = torch.NewDisposeScope();
        var (plain, plainLoss) = TinyLoss();
        using (plain)
        {
            var sgd = new SGD(learningRate: 1e6);
            sgd.Build(plain.TrainableWeights);
            plainLoss.backward();
            Assert.Equal(0.0, plain.Weights[0].Value.grad!.abs().sum().ToDouble());
            sgd.Apply();
            Assert.Equal(new[] { 1f, 1f, 1f }, plain.Weights[0].Value.detach().flatten().data<float>().ToArray());
        }

        var (scaled, scaledLoss) = TinyLoss();
        using (scaled)
        {
            var optimizer = new LossScaleOptimizer(new SGD(learningRate: 1e6));
            optimizer.Build(scaled.TrainableWeights);
            optimizer.ScaleLoss(scaledLoss).backward();
            Assert.True(optimizer.Apply());
            // d loss / d kernel = 1e-9 × 2 (two rows of ones); the step is lr × that = 2e-3. The scaled gradient
            // 2^15 × 1e-9 = 3.3e-5 is a float16 subnormal, exact to 6e-8 (0.2%).
            var kernel = scaled.Weights[0].Value.detach().flatten().to(ScalarType.Float64);
            foreach (var value in TestData.Values(kernel)) Assert.Equal(1 - 2e-3, value, 1e-5);
            Assert.Equal(32768.0, optimizer.DynamicScale);
        }
    }

    [Fact]
    public void ANonFiniteStepIsSkippedAndTheScaleHalved()
    {
        using var scope = torch.NewDisposeScope();
        using var layer = new Dense(2, kernelInitializer: "ones");
        layer.Apply(torch.ones(1, 2));
        var optimizer = new LossScaleOptimizer(new SGD(learningRate: 0.1));
        optimizer.Build(layer.TrainableWeights);
        var before = layer.Weights.Select(w => w.Value.detach().clone()).ToArray();
        optimizer.ScaleLoss(layer.Apply(torch.ones(1, 2), training: true).sum()).backward();
        layer.Weights[0].Value.grad![0, 0] = float.PositiveInfinity;

        Assert.False(optimizer.Apply());
        Assert.Equal(16384.0, optimizer.DynamicScale);
        Assert.Equal(1, optimizer.SkippedSteps);
        Assert.Equal(0, optimizer.Iterations);
        for (var i = 0; i < before.Length; i++)
        {
            Assert.True(before[i].eq(layer.Weights[i].Value.detach()).all().item<bool>(), $"{layer.Weights[i].Path} changed on a skipped step");
            Assert.Null(layer.Weights[i].Value.grad);
        }

        // The next finite step updates with the unscaled gradient: d sum(x·W + b) / dW = 1 everywhere.
        optimizer.ScaleLoss(layer.Apply(torch.ones(1, 2), training: true).sum()).backward();
        Assert.True(optimizer.Apply());
        foreach (var value in TestData.Values(layer.Weights[0].Value)) Assert.Equal(0.9, value, 1e-6);
        Assert.Equal(1, optimizer.Iterations);
    }

    [Fact]
    public void TheScaleDoublesAfterTheConfiguredNumberOfFiniteSteps()
    {
        using var scope = torch.NewDisposeScope();
        using var layer = new Dense(1);
        layer.Apply(torch.ones(1, 2));
        var optimizer = new LossScaleOptimizer(new Adam(), initialScale: 8, dynamicGrowthSteps: 3);
        optimizer.Build(layer.TrainableWeights);
        var scales = new List<double>();
        for (var step = 0; step < 7; step++)
        {
            optimizer.ScaleLoss(layer.Apply(torch.ones(1, 2), training: true).sum()).backward();
            optimizer.Apply();
            scales.Add(optimizer.DynamicScale);
        }
        Assert.Equal(new[] { 8.0, 8, 16, 16, 16, 32, 32 }, scales);
    }

    [Fact]
    public void ArgumentsAreCheckedAndTheConfigRoundTrips()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new LossScaleOptimizer(new SGD(), initialScale: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LossScaleOptimizer(new SGD(), dynamicGrowthSteps: 0));
        var nested = Assert.Throws<ArgumentException>(() => new LossScaleOptimizer(new LossScaleOptimizer(new SGD())));
        Assert.Contains("already a LossScaleOptimizer", nested.Message);

        var optimizer = new LossScaleOptimizer(new Adam(learningRate: 0.01), initialScale: 1024, dynamicGrowthSteps: 10);
        var json = TestData.Json(optimizer.GetConfig());
        var restored = Assert.IsType<LossScaleOptimizer>(KerasRegistry.FromConfig<Optimizer>("LossScaleOptimizer", TestData.ParseJson(json)));
        Assert.Equal(json, TestData.Json(restored.GetConfig()));
        Assert.Equal(1024, restored.DynamicScale);
        Assert.Equal(0.01, restored.LearningRate, 12);
        Assert.IsType<Adam>(restored.InnerOptimizer);
    }

    [Fact]
    public void CompileWrapsTheOptimizerUnderMixedFloat16AndFitTrains()
    {
        torch.manual_seed(3);
        using var scope = torch.NewDisposeScope();
        using var model = new Sequential(new Layer[] { Keras.Input(4), new Dense(8, activation: "relu"), new Dense(1) }) { DtypePolicy = "mixed_float16" };
        model.Compile(new Adam(learningRate: 0.02), "mse");
        var wrapped = Assert.IsType<LossScaleOptimizer>(model.Optimizer);
        Assert.IsType<Adam>(wrapped.InnerOptimizer);
        var x = TestData.Randn(5, 64, 4);
        var y = x.sum(dim: 1, keepdim: true);
        var history = model.Fit(x, y, batchSize: 16, epochs: 8, verbose: Verbosity.Silent);
        Assert.True(history["loss"][^1] < 0.5 * history["loss"][0], $"loss did not fall: {string.Join(", ", history["loss"])}");
        Assert.All(model.Weights, w => Assert.Equal(ScalarType.Float32, w.Value.dtype));

        using var bf16 = new Sequential(new Layer[] { Keras.Input(4), new Dense(1) }) { DtypePolicy = "mixed_bfloat16" };
        bf16.Compile("adam", "mse");
        Assert.IsType<Adam>(bf16.Optimizer);
    }
}
