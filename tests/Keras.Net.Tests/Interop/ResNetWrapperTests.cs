using KerasNet.Callbacks;
using KerasNet.Layers;
using KerasNet.Models;
using KerasNet.Optimizers;
using KerasNet.Saving;
using static KerasNet.Tests.Interop.InteropSupport;

namespace KerasNet.Tests.Interop;

/// <summary>TorchVision's ResNet-18 inside Keras models: training, weights files, checkpoints, state_dicts.</summary>
public class ResNetWrapperTests
{
    private const int Features = 8;

    /// <summary>Input (3, 32, 32) → ResNet-18 with 8 outputs → Dense(3, softmax), as a Sequential model.</summary>
    private static Sequential ResNetSequential(string prefix) => new(new Layer[]
    {
        Keras.Input(3, 32, 32),
        new TorchModuleWrapper(torchvision.models.resnet18(num_classes: Features), name: prefix + "_resnet"),
        new Dense(3, activation: "softmax", name: prefix + "_head"),
    }, prefix);

    /// <summary>The same network as a functional model.</summary>
    private static Model ResNetFunctional(string prefix)
    {
        var input = Keras.Input(3, 32, 32);
        var features = new TorchModuleWrapper(torchvision.models.resnet18(num_classes: Features), name: prefix + "_resnet").Apply(input);
        var output = new Dense(3, activation: "softmax", name: prefix + "_head").Apply(features);
        return new Model(input, output, name: prefix);
    }

    private static (Tensor X, Tensor Y) Data(long seed)
    {
        torch.manual_seed(seed);
        return (torch.randn(8, 3, 32, 32).DetachFromDisposeScope(), torch.randint(0, 3, 8, dtype: ScalarType.Int64).DetachFromDisposeScope());
    }

    [Fact]
    public void AFunctionalModelTrainsTheResNetAndItsWeightsLoadIntoAFreshModel()
    {
        using var folder = new Callbacks.TempFolder();
        using var model = ResNetFunctional("rn_func");
        var resnet = ((TorchModuleWrapper)model.GetLayer("rn_func_resnet")).Module;
        Assert.Equal(new long?[] { null, 3 }, model.Outputs![0].Shape.Dims);
        // 62 parameters and 60 buffers (20 BatchNorm layers × running mean, variance, batch count).
        Assert.Equal(62 + 2, model.TrainableWeights.Count);
        Assert.Equal(60, model.NonTrainableWeights.Count);
        using var conv1Before = Snapshot(resnet.get_parameter("conv1.weight")!);
        using var fcBefore = Snapshot(resnet.get_parameter("fc.weight")!);
        using var meanBefore = Snapshot(resnet.get_buffer("bn1.running_mean")!);

        model.Compile(new Adam(1e-3), new Losses.SparseCategoricalCrossentropy());
        var (x, y) = Data(11);
        using (x)
        using (y)
        {
            var history = model.Fit(x, y, batchSize: 4, epochs: 1, verbose: Verbosity.Silent);
            Assert.True(double.IsFinite(history["loss"].Single()), $"loss {history["loss"].Single()}");
            Assert.False(Same(conv1Before, resnet.get_parameter("conv1.weight")!));
            Assert.False(Same(fcBefore, resnet.get_parameter("fc.weight")!));
            Assert.False(Same(meanBefore, resnet.get_buffer("bn1.running_mean")!));
            Assert.Equal(2L, resnet.get_buffer("bn1.num_batches_tracked")!.item<long>());

            var path = folder.File("resnet.weights.safetensors");
            model.SaveWeights(path);
            using var fresh = ResNetFunctional("rn_func_fresh");
            Assert.NotEqual(Predictions(model, x), Predictions(fresh, x));
            fresh.LoadWeights(path);
            Assert.Equal(Predictions(model, x), Predictions(fresh, x));
        }
    }

    [Fact]
    public void ASequentialModelCheckpointsAndLoadsByNameUnderStableKeys()
    {
        using var folder = new Callbacks.TempFolder();
        using var model = ResNetSequential("rn_seq");
        model.Compile(new SGD(0.01), new Losses.SparseCategoricalCrossentropy());
        var path = folder.File("best.weights.safetensors");
        var (x, y) = Data(12);
        using (x)
        using (y)
        {
            var history = model.Fit(x, y, batchSize: 4, epochs: 1, verbose: Verbosity.Silent,
                callbacks: new Callback[] { new ModelCheckpoint(path, monitor: "loss", saveWeightsOnly: true) });
            Assert.True(double.IsFinite(history["loss"].Single()));
            var keys = Safetensors.ReadIndex(path).Select(e => e.Name).ToList();
            Assert.Contains("rn_seq_resnet/conv1.weight", keys);
            Assert.Contains("rn_seq_resnet/layer4.1.bn2.running_var", keys);
            Assert.Contains("rn_seq_resnet/fc.bias", keys);
            Assert.Contains("rn_seq_head/kernel", keys);
            // Loading by name into a model whose layers have the same names (and fresh, different weights).
            using var fresh = new Sequential(new Layer[]
            {
                Keras.Input(3, 32, 32),
                new TorchModuleWrapper(torchvision.models.resnet18(num_classes: Features), name: "rn_seq_resnet"),
                new Dense(3, activation: "softmax", name: "rn_seq_head"),
            });
            fresh.LoadWeights(path, byName: true);
            Assert.Equal(Predictions(model, x), Predictions(fresh, x));
        }
    }

    [Fact]
    public void TheWrappedResNetExportsToAndLoadsFromAPyTorchStateDict()
    {
        using var model = ResNetSequential("rn_sd");
        // Export: the wrapper's keys are the module's own under the layer's name.
        var exported = StateDictMapping.ToStateDict(model);
        try
        {
            using var plain = torchvision.models.resnet18(num_classes: Features);
            var own = exported.Where(e => e.Key.StartsWith("rn_sd_resnet.", StringComparison.Ordinal))
                .ToDictionary(e => e.Key["rn_sd_resnet.".Length..], e => e.Value);
            var (missing, unexpected) = plain.load_state_dict(own, strict: true);
            Assert.Empty(missing);
            Assert.Empty(unexpected);
            torch.manual_seed(13);
            using var x = torch.randn(2, 3, 32, 32);
            plain.eval();
            using var expected = plain.call(x);
            var wrapper = (TorchModuleWrapper)model.GetLayer("rn_sd_resnet");
            using var actual = wrapper.Apply(x, training: false);
            Assert.True(Same(expected, actual));
        }
        finally
        {
            foreach (var t in exported.Values) t.Dispose();
        }
        // Import: a plain module's state_dict (num_batches_tracked included) loads strictly into the wrapped one.
        using var source = torchvision.models.resnet18(num_classes: Features);
        var report = new StateDictMapping(addPrefix: "rn_sd_resnet.").Load(model, source.state_dict(), strict: false);
        Assert.Equal(new[] { "rn_sd_head.weight", "rn_sd_head.bias" }, report.Missing);
        Assert.Empty(report.Unexpected);
        Assert.Equal(122, report.Loaded.Count);
        var loaded = ((TorchModuleWrapper)model.GetLayer("rn_sd_resnet")).Module;
        Assert.True(Same(source.get_parameter("layer2.0.downsample.0.weight")!, loaded.get_parameter("layer2.0.downsample.0.weight")!));
    }
}
