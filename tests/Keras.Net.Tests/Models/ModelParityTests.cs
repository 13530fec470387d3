using KerasNet.Layers;
using KerasNet.Losses;
using KerasNet.Models;
using KerasNet.Optimizers;
using KerasNet.TestSupport;

namespace KerasNet.Tests.ModelsTests;

/// <summary>
/// Whole models against PyTorch (tests/fixtures/cases/keras_models.py): the same weights and batch give the same
/// logits, cross-entropy loss, input gradient and weight gradients, BatchNormalization statistics and inference
/// output; and one TrainOnBatch with plain SGD moves every weight by exactly -lr · gradient. Tolerances: the
/// float32 parity ones (rtol 1e-5, atol 1e-6).
/// </summary>
public class ModelParityTests : IClassFixture<ModelParityTests.Fixtures>
{
    public sealed class Fixtures : IDisposable
    {
        public Fixture Models { get; } = Fixture.Load("keras_models");
        public void Dispose() => Models.Dispose();
    }

    private readonly Fixture fx;

    public ModelParityTests(Fixtures fixtures) => fx = fixtures.Models;

    /// <summary>A Keras variable and the torch parameter it holds (Dense kernels are the transposed torch weight).</summary>
    private sealed record Binding(Variable Variable, string Name, bool Transposed = false);

    private sealed record Built(Model Model, Binding[] Weights, (BatchNormalization Layer, string Name)[] Norms);

    private static BatchNormalization TorchLikeBatchNorm() => new(momentum: 0.9, epsilon: 1e-5);

    private Built MnistConvnet()
    {
        var conv1 = new Conv2D(32, 3, activation: "relu");
        var conv2 = new Conv2D(64, 3, activation: "relu");
        var dense = new Dense(10);
        var model = new Sequential(new Layer[]
        {
            Keras.Input(1, 28, 28), conv1, new MaxPooling2D(2), conv2, new MaxPooling2D(2), new Flatten(), dense,
        });
        return new Built(model, new Binding[]
        {
            new(conv1.Kernel, "conv1.weight"), new(conv1.Bias!, "conv1.bias"),
            new(conv2.Kernel, "conv2.weight"), new(conv2.Bias!, "conv2.bias"),
            new(dense.Kernel, "dense.weight", Transposed: true), new(dense.Bias!, "dense.bias"),
        }, Array.Empty<(BatchNormalization, string)>());
    }

    private Built BatchNormMlp()
    {
        var dense1 = new Dense(16);
        var bn = TorchLikeBatchNorm();
        var dense2 = new Dense(3);
        var model = new Sequential();
        model.Add(Keras.Input(8)).Add(dense1).Add(bn).Add(new Activation("relu")).Add(dense2);
        return new Built(model, new Binding[]
        {
            new(dense1.Kernel, "dense1.weight", Transposed: true), new(dense1.Bias!, "dense1.bias"),
            new(Gamma(bn), "bn.weight"), new(Beta(bn), "bn.bias"),
            new(dense2.Kernel, "dense2.weight", Transposed: true), new(dense2.Bias!, "dense2.bias"),
        }, new[] { (bn, "bn") });
    }

    private Built ResidualBlock()
    {
        var conv1 = new Conv2D(8, 3, padding: "same", useBias: false);
        var bn1 = TorchLikeBatchNorm();
        var conv2 = new Conv2D(8, 3, padding: "same", useBias: false);
        var bn2 = TorchLikeBatchNorm();
        var shortcut = new Conv2D(8, 1);
        var dense = new Dense(3);
        var input = Keras.Input(4, 6, 6);
        var y = new Activation("relu").Apply(bn1.Apply(conv1.Apply(input)));
        y = bn2.Apply(conv2.Apply(y));
        var merged = new Activation("relu").Apply(new Add().Apply(y, shortcut.Apply(input)));
        var output = dense.Apply(new GlobalAveragePooling2D().Apply(merged));
        var model = new Model(input, output);
        return new Built(model, new Binding[]
        {
            new(conv1.Kernel, "conv1.weight"), new(Gamma(bn1), "bn1.weight"), new(Beta(bn1), "bn1.bias"),
            new(conv2.Kernel, "conv2.weight"), new(Gamma(bn2), "bn2.weight"), new(Beta(bn2), "bn2.bias"),
            new(shortcut.Kernel, "shortcut.weight"), new(shortcut.Bias!, "shortcut.bias"),
            new(dense.Kernel, "dense.weight", Transposed: true), new(dense.Bias!, "dense.bias"),
        }, new[] { (bn1, "bn1"), (bn2, "bn2") });
    }

    private static Variable Gamma(BatchNormalization bn) => bn.TrainableWeights.Single(w => w.Name == "gamma");
    private static Variable Beta(BatchNormalization bn) => bn.TrainableWeights.Single(w => w.Name == "beta");

    private Built Create(string @case)
    {
        var built = @case switch
        {
            "mnist_convnet" => MnistConvnet(),
            "bn_mlp" => BatchNormMlp(),
            _ => ResidualBlock(),
        };
        Assert.Equal(built.Weights.Length, built.Model.TrainableWeights.Count);
        foreach (var binding in built.Weights)
        {
            var value = fx[$"{@case}.{binding.Name}"];
            using var torchLayout = binding.Transposed ? value.t() : value.alias();
            binding.Variable.Assign(torchLayout);
        }
        return built;
    }

    private Tensor Expected(string @case, Binding binding, string prefix = "")
    {
        var value = fx[$"{@case}.{prefix}{binding.Name}"];
        return binding.Transposed ? value.t() : value.alias();
    }

    public static IEnumerable<object[]> Cases() => new[] { "mnist_convnet", "bn_mlp", "residual_block" }.Select(c => new object[] { c });

    [Theory]
    [MemberData(nameof(Cases))]
    public void ForwardLossAndGradientsMatchPyTorch(string @case)
    {
        using var scope = torch.NewDisposeScope();
        var built = Create(@case);
        using var model = built.Model;
        var x = fx[$"{@case}.x"].clone().requires_grad_();
        var logits = model.Apply(x, training: true);
        var loss = new SparseCategoricalCrossentropy(fromLogits: true).Compute(fx[$"{@case}.y"], logits);
        loss.backward();

        TestData.Close(fx[$"{@case}.out"], logits, $"{@case} logits");
        TestData.Close(fx[$"{@case}.loss"], loss, $"{@case} loss");
        TestData.Close(fx[$"{@case}.grad_x"], x.grad!, $"{@case} input gradient");
        foreach (var binding in built.Weights)
            TestData.Close(Expected(@case, binding, "grad."), binding.Variable.Value.grad!, $"{@case} gradient of {binding.Name}");
        foreach (var (layer, name) in built.Norms)
        {
            TestData.Close(fx[$"{@case}.{name}.running_mean"], layer.MovingMean.Value, $"{@case} {name} moving mean");
            TestData.Close(fx[$"{@case}.{name}.running_var"], layer.MovingVariance.Value, $"{@case} {name} moving variance");
        }
        TestData.Close(fx[$"{@case}.eval_out"], model.Predict(fx[$"{@case}.x"], verbose: Verbosity.Silent), $"{@case} inference output");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void TrainOnBatchWithSgdStepsEveryWeightByMinusLearningRateTimesGradient(string @case)
    {
        const double lr = 0.1;
        using var scope = torch.NewDisposeScope();
        var built = Create(@case);
        using var model = built.Model;
        model.Compile(new SGD(learningRate: lr), new SparseCategoricalCrossentropy(fromLogits: true));
        var logs = model.TrainOnBatch(fx[$"{@case}.x"], fx[$"{@case}.y"]);

        Assert.Equal(fx[$"{@case}.loss"].item<float>(), logs["loss"], 5);
        foreach (var binding in built.Weights)
        {
            var expected = Expected(@case, binding) - lr * Expected(@case, binding, "grad.");
            TestData.Close(expected, binding.Variable.Value, $"{@case} {binding.Name} after one SGD step");
            Assert.Null(binding.Variable.Value.grad);
        }
        foreach (var (layer, name) in built.Norms)
            TestData.Close(fx[$"{@case}.{name}.running_mean"], layer.MovingMean.Value, $"{@case} {name} moving mean after TrainOnBatch");
    }
}
