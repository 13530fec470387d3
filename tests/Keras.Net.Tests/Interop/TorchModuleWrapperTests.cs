using KerasNet.Layers;
using KerasNet.Models;
using KerasNet.Optimizers;
using KerasNet.Serialization;
using static KerasNet.Tests.Interop.InteropSupport;

namespace KerasNet.Tests.Interop;

/// <summary>A TorchSharp module as a Keras layer: its weights, training flag, output shape, device moves and errors.</summary>
public class TorchModuleWrapperTests
{
    [Fact]
    public void ParametersAreTheModulesOwnAndBuffersAreNonTrainableWeights()
    {
        var block = new TinyBlock();
        using var wrapper = new TorchModuleWrapper(block, name: "wrap_names");
        Assert.Equal(
            new[] { "linear.weight", "linear.bias", "norm.weight", "norm.bias", "norm.running_mean", "norm.running_var", "norm.num_batches_tracked" },
            wrapper.Weights.Select(w => w.Name));
        Assert.All(wrapper.Weights, w => Assert.Equal("wrap_names/" + w.Name, w.Path));
        Assert.Equal(4, wrapper.TrainableWeights.Count);
        Assert.Equal(3, wrapper.NonTrainableWeights.Count);
        // The same Parameter objects: a Keras optimizer updates the module itself.
        var parameters = block.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var weight in wrapper.TrainableWeights)
        {
            Assert.Same(parameters[weight.Name], weight.Value);
            Assert.True(weight.Value.requires_grad);
        }
        Assert.All(wrapper.NonTrainableWeights, w => Assert.False(w.Value.requires_grad));
        // A buffer's variable shares its storage both ways.
        using (torch.no_grad()) block.Norm.running_mean!.fill_(3f);
        Assert.Equal(Enumerable.Repeat(3f, 6), wrapper.Weights.Single(w => w.Name == "norm.running_mean").Value.data<float>().ToArray());
        using (var sevens = torch.full(6, 7f)) wrapper.Weights.Single(w => w.Name == "norm.running_var").Assign(sevens);
        Assert.Equal(Enumerable.Repeat(7f, 6), block.Norm.running_var!.data<float>().ToArray());
    }

    [Fact]
    public void TheCallsTrainingFlagSwitchesTheModuleBetweenTrainAndEval()
    {
        var block = new TinyBlock();
        using var wrapper = new TorchModuleWrapper(block, name: "wrap_flag");
        var runningMean = wrapper.Weights.Single(w => w.Name == "norm.running_mean");
        torch.manual_seed(3);
        using var x = torch.randn(16, 4) + 2;
        using (wrapper.Apply(x, training: false)) { }
        Assert.False(block.training);
        Assert.Equal(new float[6], runningMean.Value.data<float>().ToArray());
        using (wrapper.Apply(x, training: true)) { }
        Assert.True(block.training);
        // Batch statistics moved the module's running mean, and the Keras variable shows it.
        Assert.Contains(runningMean.Value.data<float>().ToArray(), v => v != 0f);
        using var before = Snapshot(runningMean.Value);
        using var inference = wrapper.Apply(x, training: false);
        Assert.False(block.training);
        Assert.True(Same(before, runningMean.Value));
        using var expected = block.call(x);
        Assert.True(Same(expected, inference));
    }

    [Fact]
    public void AKerasOptimizerTrainsTheWrappedModule()
    {
        var block = new TinyBlock();
        using var model = WrappedBlockModel("wrap_fit", block);
        using var kernelBefore = Snapshot(block.Linear.weight);
        using var gammaBefore = Snapshot(block.Norm.weight);
        model.Compile(new Adam(0.01), new Losses.MeanSquaredError());
        torch.manual_seed(4);
        using var x = torch.randn(32, 4);
        using var y = torch.randn(32, 2);
        var history = model.Fit(x, y, batchSize: 8, epochs: 3, verbose: Verbosity.Silent);
        Assert.All(history["loss"], l => Assert.True(double.IsFinite(l)));
        Assert.True(history["loss"][^1] < history["loss"][0], $"loss {history["loss"][0]} -> {history["loss"][^1]}");
        Assert.False(Same(kernelBefore, block.Linear.weight));
        Assert.False(Same(gammaBefore, block.Norm.weight));
        Assert.Equal(12L, block.Norm.num_batches_tracked!.item<long>());
    }

    [Fact]
    public void AParameterFrozenInTheModuleStaysFrozenWhenTheLayerIsUnfrozen()
    {
        var block = new TinyBlock();
        block.Linear.bias!.requires_grad_(false);
        using var wrapper = new TorchModuleWrapper(block, name: "wrap_frozen");
        var bias = wrapper.Weights.Single(w => w.Name == "linear.bias");
        var kernel = wrapper.Weights.Single(w => w.Name == "linear.weight");
        Assert.False(bias.Trainable);
        Assert.True(kernel.Trainable);
        wrapper.Trainable = false;
        Assert.False(kernel.Trainable);
        Assert.False(block.Linear.weight.requires_grad);
        wrapper.Trainable = true;
        Assert.True(block.Linear.weight.requires_grad);
        Assert.False(block.Linear.bias.requires_grad);
        Assert.Equal(3, wrapper.TrainableWeights.Count);
    }

    [Fact]
    public void TheOutputShapeIsFoundByRunningTheModuleAndABadInputNamesTheLayer()
    {
        var input = Keras.Input(4);
        using var wrapper = new TorchModuleWrapper(new TinyBlock(4, 6), name: "wrap_shape");
        var output = wrapper.Apply(input);
        Assert.Equal(new long?[] { null, 6 }, output.Shape.Dims);
        using var other = new TorchModuleWrapper(new TinyBlock(4, 6), name: "wrap_bad_shape");
        var error = Assert.ThrowsAny<TorchException>(() => other.Apply(Keras.Input(5)));
        Assert.Contains("wrap_bad_shape", error.Message);
        Assert.Contains("TinyBlock", error.Message);
        using var x = torch.zeros(2, 5);
        var eager = Assert.ThrowsAny<TorchException>(() => wrapper.Apply(x));
        Assert.Contains("wrap_shape", eager.Message);
    }

    [Fact]
    public void AModelArchiveRefusesAModuleInstanceAndSaysWhatWorks()
    {
        using var folder = new Callbacks.TempFolder();
        var path = folder.File("model.keras");
        using var model = WrappedBlockModel("wrap_archive");
        var error = Assert.Throws<KerasSerializationException>(() => model.Save(path));
        Assert.Contains("'wrap_archive_tiny'", error.Message);
        Assert.Contains("TinyBlock", error.Message);
        Assert.Contains("SaveWeights", error.Message);
        Assert.Contains("TorchModuleWrapper.Register", error.Message);
        Assert.False(File.Exists(path));
        // What the message recommends works.
        var weights = folder.File("model.weights.safetensors");
        model.SaveWeights(weights);
        using var fresh = WrappedBlockModel("wrap_archive_fresh");
        fresh.LoadWeights(weights);
        using var x = torch.randn(5, 4);
        Assert.Equal(Predictions(model, x), Predictions(fresh, x));
    }

    [Fact]
    public void ALayerMadeFromARegisteredFactoryRoundTripsThroughAnArchive()
    {
        TorchModuleWrapper.Register("interop_tiny_block_4_6", () => new TinyBlock(4, 6));
        using var folder = new Callbacks.TempFolder();
        var path = folder.File("factory.keras");
        using var model = new Sequential(new Layer[]
        {
            Keras.Input(4), new TorchModuleWrapper("interop_tiny_block_4_6", name: "wrap_factory_tiny"), new Dense(2, name: "wrap_factory_head"),
        });
        model.Compile(new SGD(0.05), new Losses.MeanSquaredError());
        torch.manual_seed(6);
        using var x = torch.randn(16, 4);
        using var y = torch.randn(16, 2);
        model.Fit(x, y, batchSize: 8, epochs: 1, verbose: Verbosity.Silent);
        model.Save(path);
        using var loaded = Model.Load(path);
        var layer = Assert.IsType<TorchModuleWrapper>(loaded.GetLayer("wrap_factory_tiny"));
        Assert.Equal("interop_tiny_block_4_6", layer.FactoryName);
        Assert.IsType<TinyBlock>(layer.Module);
        Assert.Equal(Predictions(model, x), Predictions(loaded, x));
        Assert.Equal(6L * 4, layer.Weights[0].Size);
    }

    [Fact]
    public void AnUnregisteredFactoryNameIsATypedErrorThatSaysHowToRegister()
    {
        var error = Assert.Throws<KerasSerializationException>(() => new TorchModuleWrapper("interop_never_registered"));
        Assert.Contains("'interop_never_registered'", error.Message);
        Assert.Contains("TorchModuleWrapper.Register", error.Message);
    }

    [Fact]
    public void ADisposedModuleIsRefusedAndDisposingTheLayerFreesTheModule()
    {
        var disposed = new TinyBlock();
        disposed.Dispose();
        var error = Assert.Throws<ArgumentException>(() => new TorchModuleWrapper(disposed, name: "wrap_disposed"));
        Assert.Contains("'wrap_disposed'", error.Message);
        Assert.Contains("TinyBlock module that has been disposed", error.Message);

        var block = new TinyBlock();
        var weight = block.Linear.weight;
        var wrapper = new TorchModuleWrapper(block, name: "wrap_dispose");
        wrapper.Dispose();
        Assert.Throws<InvalidOperationException>(() => weight.sum());
    }

    [Fact]
    public void MovingTheModelMovesTheModuleAndTheVariablesFollowItsNewParameters()
    {
        var block = new TinyBlock();
        using var model = WrappedBlockModel("wrap_move", block);
        var meta = new Device(DeviceType.META);
        model.To(meta);
        var parameters = block.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        var wrapper = (TorchModuleWrapper)model.GetLayer("wrap_move_tiny");
        foreach (var weight in wrapper.TrainableWeights) Assert.Same(parameters[weight.Name], weight.Value);
        Assert.All(model.Weights, w => Assert.Equal(DeviceType.META, w.Value.device_type));
        Assert.Equal(DeviceType.META, block.Norm.running_mean!.device_type);
        Assert.All(model.TrainableWeights, w => Assert.True(w.Value.requires_grad));
        Assert.All(model.NonTrainableWeights, w => Assert.False(w.Value.requires_grad));
    }
}
