using KerasNet.Layers;
using KerasNet.Models;
using KerasNet.Optimizers;

namespace KerasNet.Tests.ModelsTests;

/// <summary>A model written as a subclass: layers in fields, the computation in Call.</summary>
public class SubclassedModelTests
{
    private sealed class ResidualMlp : Model
    {
        private readonly Dense hidden = new(16, activation: "tanh", name: "sub_hidden");
        private readonly Dense back = new(4, name: "sub_back");
        private readonly Dense output = new(1, name: "sub_output");
        private readonly Dropout dropout = new(0.1);

        public ResidualMlp() : base("residual_mlp") { }

        public Dense Hidden => hidden;

        protected override Tensor Call(Tensor inputs, CallContext context)
        {
            var h = dropout.Apply(hidden.Apply(inputs, context.Training), context.Training);
            return output.Apply(inputs + back.Apply(h, context.Training), context.Training);
        }
    }

    [Fact]
    public void FieldsAreFoundAndWeightsBuiltOnFirstCall()
    {
        using var scope = torch.NewDisposeScope();
        using var model = new ResidualMlp();
        Assert.Equal(4, model.Layers.Count);
        Assert.Empty(model.Weights);
        Assert.Equal(new long[] { 3, 1 }, model.Apply(torch.ones(3, 4)).shape);
        Assert.Equal(4 * 16 + 16 + 16 * 4 + 4 + 4 + 1, model.CountParams());
        Assert.Same(model.Hidden, model.GetLayer("sub_hidden"));
    }

    [Fact]
    public void FitTrainsTheSubclassedModel()
    {
        using var scope = torch.NewDisposeScope();
        using var model = new ResidualMlp();
        var x = TestData.Randn(31, 64, 4);
        var y = x.sum(1, keepdim: true) * 0.5 - 0.25;
        model.Compile(new Adam(0.01), "mse");
        var history = model.Fit(x, y, batchSize: 16, epochs: 20, verbose: Verbosity.Silent);
        Assert.True(history["loss"][^1] < 0.2 * history["loss"][0], $"loss went from {history["loss"][0]} to {history["loss"][^1]}");
        Assert.Equal(6, model.TrainableWeights.Count);
        Assert.Equal(model.TrainableWeights, model.Optimizer!.Variables);
    }
}
