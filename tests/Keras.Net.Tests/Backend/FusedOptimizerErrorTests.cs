using KerasNet.Layers;
using KerasNet.Models;
using KerasNet.Optimizers;

namespace KerasNet.Tests.BackendTests;

/// <summary>
/// Bad arguments for the optimizer update rules: the retired binding's public steps checked them; now the internal
/// rules in <see cref="FusedOptimizers"/> are called only by Keras's optimizers, whose constructors and state loading
/// check them. The exception type and what its message says.
/// </summary>
public sealed class FusedOptimizerErrorTests
{
    [Fact]
    public void NesterovNeedsMomentum()
    {
        var e = Assert.Throws<ArgumentException>(() => new SGD(0.1, momentum: 0, nesterov: true));
        Assert.Equal("nesterov", e.ParamName);
        Assert.Contains("SGD: nesterov needs momentum > 0; received momentum 0", e.Message);
    }

    [Fact]
    public void NegativeLearningRate()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Lion(learningRate: -1));
        Assert.Equal("learningRate", e.ParamName);
        Assert.Contains("Lion: the learning rate must be a positive number; received -1", e.Message);
    }

    [Fact]
    public void BetaOutOfRange()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new Adam(beta2: 1.0));
        Assert.Equal("beta2", e.ParamName);
        Assert.Contains("beta2 must be in [0, 1); received 1", e.Message);
    }

    [Fact]
    public void StateOfTheWrongShapeIsRejectedBeforeAnythingChanges()
    {
        using var scope = torch.NewDisposeScope();
        using var model = new Sequential(new Layer[] { Keras.Input(3), new Dense(2) });
        model.Compile(new Adam(0.01), "mse");
        model.TrainOnBatch(TestData.Randn(1, 4, 3), TestData.Randn(2, 4, 2));
        var optimizer = model.Optimizer!;
        var state = optimizer.GetState();
        var firstMoment = optimizer.StateTensors().First().detach().clone();
        state["slot/00000"] = torch.zeros(2, 3); // the kernel's first moment is (3, 2)
        state["iterations"] = torch.tensor(new[] { 7L });
        var e = Assert.Throws<ArgumentException>(() => optimizer.SetState(state));
        Assert.Contains("'slot/00000' has shape [2, 3], the optimizer's is [3, 2]", e.Message);
        Assert.Equal(1, optimizer.Iterations);
        Assert.Equal(firstMoment.data<float>().ToArray(), optimizer.StateTensors().First().data<float>().ToArray());
    }

    [Fact]
    public void DisposedParameter()
    {
        var ps = new[] { torch.ones(2, 3).requires_grad_(), torch.ones(4).requires_grad_() };
        ps[1].Dispose();
        Assert.Throws<InvalidOperationException>(() => FusedOptimizers.sgd_step(ps, null, 1, lr: 0.1));
        ps[0].Dispose();
    }
}
