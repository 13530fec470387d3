using KerasNet.Layers;
using KerasNet.Models;
using KerasNet.Optimizers;
using static KerasNet.Tests.Interop.InteropSupport;

namespace KerasNet.Tests.Interop;

/// <summary>Keras variables hold TorchSharp Parameters: autograd flags, dispose scopes, replacement, training through them.</summary>
public class VariableParameterTests
{
    [Fact]
    public void RequiresGradFollowsTrainableAndMovingStatisticsAreFrozenParameters()
    {
        using var model = KerasBatchNormModel("var_flags");
        var bn = (BatchNormalization)model.GetLayer("var_flags_bn");
        Assert.Equal(new[] { "gamma", "beta" }, bn.TrainableWeights.Select(w => w.Name));
        Assert.Equal(new[] { "moving_mean", "moving_variance" }, bn.NonTrainableWeights.Select(w => w.Name));
        Assert.All(model.TrainableWeights, w => Assert.True(w.Value.requires_grad && w.Value.is_leaf, w.Path));
        Assert.All(model.NonTrainableWeights, w => Assert.False(w.Value.requires_grad, w.Path));
        var hidden = model.GetLayer("var_flags_hidden");
        hidden.Trainable = false;
        Assert.All(hidden.Weights, w => Assert.False(w.Value.requires_grad, w.Path));
        model.Trainable = true;
        Assert.All(hidden.Weights, w => Assert.True(w.Value.requires_grad, w.Path));
        // Unfreezing never makes moving statistics trainable.
        Assert.All(bn.NonTrainableWeights, w => Assert.False(w.Value.requires_grad, w.Path));
    }

    [Fact]
    public void WeightsCreatedInsideADisposeScopeOutliveIt()
    {
        var model = new Sequential(new Layer[] { new Dense(5, name: "var_scope_a"), new BatchNormalization(name: "var_scope_bn"), new Dense(2, name: "var_scope_b") });
        using (model)
        {
            Tensor output;
            using (torch.NewDisposeScope())
            {
                using var x = torch.randn(3, 4);
                output = model.Apply(x, training: true).DetachFromDisposeScope();
            }
            using (output)
            {
                Assert.Equal(8, model.Weights.Count);
                foreach (var weight in model.Weights)
                {
                    using var sum = weight.Value.sum();
                    Assert.True(float.IsFinite(sum.item<float>()), weight.Path);
                }
                using var again = torch.randn(3, 4);
                Assert.Equal(6, Predictions(model, again).Length);
            }
        }
    }

    [Fact]
    public void ReplaceMakesANewParameterOutsideTheScopeAndFreesTheOld()
    {
        using var dense = new Dense(3, name: "var_replace");
        using (var x = torch.randn(2, 4)) using (dense.Apply(x)) { }
        var kernel = dense.Kernel;
        var old = kernel.Value;
        using (torch.NewDisposeScope())
        using (torch.no_grad())
            kernel.Replace(old.mul(2));
        Assert.NotSame(old, kernel.Value);
        Assert.Throws<InvalidOperationException>(() => old.sum());
        Assert.True(kernel.Value.requires_grad);
        Assert.Equal(new long[] { 4, 3 }, kernel.Value.shape);
        using var sum = kernel.Value.abs().sum();
        Assert.True(sum.item<float>() > 0);
    }

    [Fact]
    public void AssignKeepsTheSameParameterSoTorchSharpHoldersSeeTheNewValue()
    {
        using var model = KerasBatchNormModel("var_assign");
        var kernel = model.Weights[0];
        var parameter = kernel.Value;
        using (var ones = torch.ones(kernel.Shape)) kernel.Assign(ones);
        Assert.Same(parameter, kernel.Value);
        Assert.All(parameter.data<float>().ToArray(), v => Assert.Equal(1f, v));
        var error = Assert.Throws<ArgumentException>(() => kernel.Assign(torch.ones(2, 2)));
        Assert.Contains("var_assign_hidden/kernel", error.Message);
    }

    [Fact]
    public void AKerasOptimizerAndATorchSharpOptimizerUpdateTheSameParameters()
    {
        using var model = KerasBatchNormModel("var_both");
        var parameters = model.TrainableWeights.Select(w => w.Parameter).ToArray();
        model.Compile(new SGD(0.05), new Losses.MeanSquaredError());
        torch.manual_seed(31);
        using var x = torch.randn(16, 4);
        using var y = torch.randn(16, 2);
        using var before = Snapshot(parameters[0]);
        model.Fit(x, y, batchSize: 8, epochs: 1, verbose: Verbosity.Silent);
        // Fit updated the Parameter objects in place: the ones taken before training are still the weights.
        Assert.True(parameters.SequenceEqual(model.TrainableWeights.Select(w => w.Parameter), ReferenceEqualityComparer.Instance));
        Assert.False(Same(before, parameters[0]));
        using var afterKeras = Snapshot(parameters[0]);
        using var sgd = torch.optim.SGD(parameters, 0.1);
        using (var loss = model.Apply(x, training: true).sub(y).square().mean()) loss.backward();
        sgd.step();
        Assert.False(Same(afterKeras, model.TrainableWeights[0].Value));
    }
}
