using KerasNet.Layers;
using KerasNet.Models;
using KerasNet.Saving;
using static KerasNet.Tests.Interop.InteropSupport;

namespace KerasNet.Tests.Interop;

/// <summary>A Keras model where TorchSharp expects a module: parameters, names, a plain TorchSharp training loop, modes.</summary>
public class KerasTorchModuleTests
{
    [Fact]
    public void ParametersAreTheModelsVariablesAndMovingStatisticsAreBuffers()
    {
        using var model = KerasBatchNormModel("ktm_names");
        using var module = model.AsTorchModule();
        Assert.Same(model, module.Model);
        Assert.Equal(
            new[] { "ktm_names_hidden.kernel", "ktm_names_hidden.bias", "ktm_names_bn.gamma", "ktm_names_bn.beta", "ktm_names_out.kernel", "ktm_names_out.bias" },
            module.named_parameters().Select(p => p.name));
        Assert.Equal(new[] { "ktm_names_bn.moving_mean", "ktm_names_bn.moving_variance" }, module.named_buffers().Select(b => b.name));
        var byPath = model.Weights.ToDictionary(w => w.Path);
        foreach (var (name, parameter) in module.named_parameters())
            Assert.Same(byPath[name.Replace('.', '/')].Value, parameter);
        foreach (var (name, buffer) in module.named_buffers())
            Assert.Same(byPath[name.Replace('.', '/')].Value, buffer);
        Assert.Equal(8, module.state_dict().Count);
        Assert.Same(byPath["ktm_names_out/kernel"].Value, module.get_parameter("ktm_names_out.kernel"));
        Assert.True(module.has_buffer("ktm_names_bn.moving_mean"));
        Assert.Equal("ktm_names_bn.moving_variance", KerasTorchModule.TorchName(byPath["ktm_names_bn/moving_variance"]));
    }

    [Fact]
    public void APlainTorchSharpLoopTrainsTheKerasModel()
    {
        using var model = new Sequential(new Layer[]
        {
            Keras.Input(3), new Dense(16, activation: "tanh", name: "ktm_loop_hidden"), new Dense(1, name: "ktm_loop_out"),
        });
        using var module = model.AsTorchModule();
        torch.manual_seed(21);
        using var x = torch.randn(64, 3);
        using var w = torch.tensor(new float[] { 1.5f, -2f, 0.5f }).reshape(3, 1);
        using var y = x.matmul(w) + 0.3f;
        var before = Predictions(model, x);
        using var optimizer = torch.optim.Adam(module.parameters(), lr: 0.02);
        module.train();
        var losses = new List<float>();
        for (var step = 0; step < 150; step++)
        {
            using var scope = torch.NewDisposeScope();
            optimizer.zero_grad();
            var loss = torch.nn.functional.mse_loss(module.call(x), y);
            loss.backward();
            optimizer.step();
            losses.Add(loss.item<float>());
        }
        Assert.True(losses[^1] < losses[0] / 20, $"loss {losses[0]} -> {losses[^1]}");
        // Keras's own Predict sees the weights the TorchSharp optimizer wrote.
        var after = Predictions(model, x);
        Assert.NotEqual(before, after);
        module.eval();
        using (torch.no_grad())
        using (var direct = module.call(x))
            Assert.Equal(direct.data<float>().ToArray(), after);
        using var predicted = model.Predict(x, verbose: Verbosity.Silent);
        using var error = torch.nn.functional.mse_loss(predicted, y);
        Assert.True(error.item<float>() < losses[0] / 20);
    }

    [Fact]
    public void TrainAndEvalSetTheKerasTrainingFlag()
    {
        using var model = new Sequential(new Layer[] { Keras.Input(200), new Dropout(0.5, name: "ktm_mode_dropout") });
        using var module = model.AsTorchModule();
        using var x = torch.ones(4, 200);
        Assert.True(module.training);
        using (var trained = module.call(x))
        {
            Assert.Contains(trained.data<float>().ToArray(), v => v == 0f);
            Assert.Contains(trained.data<float>().ToArray(), v => v == 2f);
        }
        module.eval();
        Assert.False(module.training);
        using var inference = module.call(x);
        Assert.True(Same(x, inference));
    }

    [Fact]
    public void StateDictRoundTripsBetweenTwoModelsWithTheSameLayerNames()
    {
        using var source = KerasBatchNormModel("ktm_sd");
        using var target = KerasBatchNormModel("ktm_sd");
        using (torch.no_grad())
            foreach (var w in source.Weights) w.Value.add_(0.25f);
        using var sourceModule = source.AsTorchModule();
        using var targetModule = target.AsTorchModule();
        torch.manual_seed(22);
        using var x = torch.randn(6, 4);
        Assert.NotEqual(Predictions(source, x), Predictions(target, x));
        var (missing, unexpected) = targetModule.load_state_dict(sourceModule.state_dict());
        Assert.Empty(missing);
        Assert.Empty(unexpected);
        Assert.Equal(Predictions(source, x), Predictions(target, x));
    }

    [Fact]
    public void TheModuleIsASubmoduleOfATorchSharpModelAndGradientsReachTheKerasVariables()
    {
        using var model = WrappedBlockModel("ktm_sub");
        var keras = model.AsTorchModule();
        using var parent = torch.nn.Sequential(("keras", keras), ("head", torch.nn.Linear(2, 1)));
        var names = parent.named_parameters().Select(p => p.name).ToList();
        Assert.Contains("keras.ktm_sub_tiny.linear.weight", names);
        Assert.Contains("keras.ktm_sub_head.kernel", names);
        Assert.Contains("head.weight", names);
        Assert.Contains("keras.ktm_sub_tiny.norm.running_var", parent.state_dict().Keys);
        torch.manual_seed(23);
        using var x = torch.randn(8, 4);
        using var output = parent.call(x);
        using var loss = output.square().mean();
        loss.backward();
        foreach (var weight in model.TrainableWeights)
        {
            using var grad = weight.Value.grad;
            Assert.NotNull(grad);
            Assert.True(grad!.abs().sum().item<float>() > 0, $"no gradient reached {weight.Path}");
        }
    }

    [Fact]
    public void DisposingTheModuleLeavesTheModelsWeightsAlive()
    {
        using var model = KerasBatchNormModel("ktm_dispose");
        var module = model.AsTorchModule();
        module.Dispose();
        using var x = torch.randn(3, 4);
        Assert.Equal(6, Predictions(model, x).Length);
        Assert.All(model.Weights, w => Assert.True(w.Value.numel() > 0));
    }

    [Fact]
    public void AnUnbuiltModelOrAnotherDtypeIsRefusedWithAClearMessage()
    {
        using var unbuilt = new Sequential(new Layer[] { new Dense(2, name: "ktm_unbuilt_dense") }, "ktm_unbuilt");
        var error = Assert.Throws<InvalidOperationException>(() => unbuilt.AsTorchModule());
        Assert.Contains("'ktm_unbuilt' is not built", error.Message);
        Assert.Contains("Keras.Input", error.Message);

        using var model = KerasBatchNormModel("ktm_dtype");
        using var module = model.AsTorchModule();
        Assert.Same(module, module.to(ScalarType.Float32));
        Assert.Same(module, module.to(torch.CPU));
        var dtype = Assert.Throws<NotSupportedException>(() => module.to(ScalarType.Float64));
        Assert.Contains("'ktm_dtype'", dtype.Message);
        Assert.Contains("Float32", dtype.Message);
        Assert.Equal(ScalarType.Float32, model.Weights[0].Value.dtype);
    }

    [Fact]
    public void MovingTheModuleMovesTheModelAndParametersFollow()
    {
        using var model = WrappedBlockModel("ktm_move");
        using var module = model.AsTorchModule();
        var before = module.parameters().ToList();
        module.to(new Device(DeviceType.META));
        Assert.Equal(DeviceType.META, model.Device.type);
        var after = module.named_parameters().ToList();
        Assert.Equal(before.Count, after.Count);
        Assert.All(after, p => Assert.Equal(DeviceType.META, p.parameter.device_type));
        var byPath = model.Weights.ToDictionary(w => KerasTorchModule.TorchName(w));
        Assert.All(after, p => Assert.Same(byPath[p.name].Value, p.parameter));
        Assert.All(module.named_buffers(), b => Assert.Same(byPath[b.name].Value, b.buffer));
    }

    [Fact]
    public void TheExistingPyTorchStateDictMappingStillWorksBothWays()
    {
        using var model = KerasBatchNormModel("ktm_map");
        using (torch.no_grad())
            foreach (var w in model.Weights) w.Value.add_(0.5f);
        var exported = StateDictMapping.ToStateDict(model);
        try
        {
            Assert.Equal(new long[] { 8, 4 }, exported["ktm_map_hidden.weight"].shape);
            using var copy = KerasBatchNormModel("ktm_map");
            var report = StateDictMapping.Default.Load(copy, exported);
            Assert.True(report.IsComplete);
            using var x = torch.randn(3, 4);
            Assert.Equal(Predictions(model, x), Predictions(copy, x));
        }
        finally
        {
            foreach (var t in exported.Values) t.Dispose();
        }
    }
}
