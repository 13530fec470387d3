using KerasNet.Initializers;
using KerasNet.Layers;
using KerasNet.Models;
using KerasNet.Optimizers;
using KerasNet.Regularizers;

namespace KerasNet.Tests.ModelsTests;

/// <summary>Layer.AddLoss / Layer.Losses (Keras's add_loss and losses) and the ActivityRegularization layer.</summary>
public class AddLossTests
{
    // A dense layer without bias that penalizes its outputs: factor · mean(y²).
    private sealed class PenalizedDense : Layer
    {
        private readonly bool addLoss;
        private Variable? kernel;

        public PenalizedDense(bool addLoss) => this.addLoss = addLoss;

        public Variable Kernel => kernel!;

        public const double Factor = 0.3;

        protected override void Build(TensorShape inputShape) =>
            kernel = AddWeight("kernel", new[] { inputShape[-1]!.Value, 3L }, new GlorotUniform(seed: 5));

        protected override Tensor Call(Tensor inputs, CallContext context)
        {
            var y = inputs.matmul(kernel!.Value);
            if (addLoss) AddLoss(y.square().mean() * Factor);
            return y;
        }

        public override TensorShape ComputeOutputShape(TensorShape inputShape) => new(inputShape.Dims.Take(inputShape.Rank - 1).Append(3L).ToArray());
    }

    private static Sequential Model(bool addLoss) =>
        new(new Layer[] { Keras.Input(4), new PenalizedDense(addLoss), new Dense(1, kernelInitializer: new GlorotUniform(seed: 6)) });

    [Fact]
    public void AnAddedLossChangesTheGradientsExactlyAsAddingItToTheLoss()
    {
        using var scope = torch.NewDisposeScope();
        var x = TestData.Randn(1, 8, 4);
        var y = TestData.Randn(2, 8, 1);
        using var trained = Model(addLoss: true);
        trained.Compile(new SGD(0.1), "mse");
        trained.Apply(x);
        using var manual = Model(addLoss: false);
        manual.Apply(x);
        manual.SetWeights(trained.GetWeights());

        var logs = trained.TrainOnBatch(x, y);

        // By hand: the same model without AddLoss, the penalty added to the MSE, one SGD step.
        var penalized = (PenalizedDense)manual.Layers[0];
        var hidden = x.matmul(penalized.Kernel.Value);
        var prediction = manual.Apply(x, training: true);
        var loss = (prediction - y).square().mean() + hidden.square().mean() * PenalizedDense.Factor;
        loss.backward();
        Assert.Equal(loss.ToDouble(), logs["loss"], 5);
        using (torch.no_grad())
        {
            var expected = manual.TrainableWeights.Select(w => w.Value - w.Value.grad! * 0.1).ToList();
            var actual = trained.TrainableWeights;
            Assert.Equal(expected.Count, actual.Count);
            for (var i = 0; i < expected.Count; i++)
                Assert.True(expected[i].allclose(actual[i].Value, rtol: 1e-5, atol: 1e-7), $"weight {actual[i].Name} differs");
        }
    }

    [Fact]
    public void LossesAreClearedAtEachOutermostCallAndLeakNothing()
    {
        using var scope = torch.NewDisposeScope();
        var x = TestData.Randn(3, 8, 4);
        var y = TestData.Randn(4, 8, 1);
        using var model = Model(addLoss: true);
        model.Compile(new SGD(0.01), "mse");
        model.Apply(x);
        model.Apply(x);
        Assert.Single(model.Losses);
        Assert.Single(model.Layers[0].Losses);
        var live = new List<long>();
        for (var step = 0; step < 6; step++)
        {
            model.TrainOnBatch(x, y);
            Assert.Single(model.Losses);
            live.Add(DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        }
        Assert.All(live.Skip(1), n => Assert.Equal(live[1], n));
        // Evaluate's loss includes the added loss too: the penalty of the latest pass, then the MSE.
        var evaluated = model.Evaluate(x, y, batchSize: 8, verbose: Verbosity.Silent);
        using var noGrad = torch.no_grad();
        var hidden = x.matmul(((PenalizedDense)model.Layers[0]).Kernel.Value);
        var expected = (model.Apply(x) - y).square().mean().ToDouble() + hidden.square().mean().ToDouble() * PenalizedDense.Factor;
        Assert.Equal(expected, evaluated, 5);
    }

    [Fact]
    public void LossesIncludeTheWeightRegularizationPenalties()
    {
        using var scope = torch.NewDisposeScope();
        using var dense = new Dense(2, kernelRegularizer: new L2(0.5));
        var model = new Sequential(new Layer[] { Keras.Input(3), dense, new ActivityRegularization(l1: 0.1) });
        model.Apply(torch.ones(2, 3));
        var losses = model.Losses;
        Assert.Equal(2, losses.Count);
        var kernelPenalty = dense.Weights[0].Value.square().sum().ToDouble() * 0.5;
        Assert.Equal(kernelPenalty, losses[1].ToDouble(), 5);
    }

    [Fact]
    public void ActivityRegularizationAddsThePenaltyOverTheBatchSize()
    {
        using var scope = torch.NewDisposeScope();
        var x = TestData.Randn(7, 4, 5);
        using var layer = new ActivityRegularization(l1: 0.01, l2: 0.2);
        var output = layer.Apply(x);
        Assert.True(output.equal(x).all().item<bool>());
        var expected = (0.01 * x.abs().sum().ToDouble() + 0.2 * x.square().sum().ToDouble()) / 4;
        Assert.Single(layer.Losses);
        Assert.Equal(expected, layer.Losses[0].ToDouble(), 5);
        layer.Apply(x, training: true);
        Assert.Single(layer.Losses);
        Assert.Equal(0.01, (double)layer.GetConfig()["l1"]!);
        var restored = (ActivityRegularization)Layer.FromConfig("ActivityRegularization", layer.GetConfig());
        Assert.Equal((0.01, 0.2), (restored.L1, restored.L2));
    }

    [Fact]
    public void BadArgumentsAreRejectedWithMessages()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new ActivityRegularization(l1: -1));
        Assert.Contains("ActivityRegularization", e.Message);
        using var layer = new ActivityRegularization();
        var bad = Assert.Throws<ArgumentException>(() => layer.AddLoss(torch.ones(2, ScalarType.Int64)));
        Assert.Contains("floating-point", bad.Message);
    }
}
