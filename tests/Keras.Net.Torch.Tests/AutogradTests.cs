namespace KerasNet.Torch.Tests;

// Autograd against PyTorch (tests/fixtures/cases/autograd.py) and its rules: gradient arguments, retain_graph,
// accumulation, zero_grad, detach, grad-mode scopes, torch.autograd.grad, and dtype checks.
public sealed class AutogradTests : IDisposable
{
    private readonly Fixture fx = Fixture.Load("autograd");

    public void Dispose() => fx.Dispose();

    private static Tensor Net(Tensor x, Tensor w, Tensor b)
    {
        var h = (x.matmul(w) + b).tanh();
        var e = torch.cat(new[] { h, h[.., ..1].pow(2) }, 1).exp();
        return e / e.sum(1, keepdim: true);
    }

    [Fact]
    public void CompositeGraphBackpropagatesAnExplicitGradient() => Parity.Check(fx, "composite", 3, x => Net(x[0], x[1], x[2]));

    [Fact]
    public void BackwardWithGradientArgument()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(new float[] { 1, 2, 3 }, requires_grad: true);
        var y = x * x;
        y.backward(torch.tensor(new float[] { 1, 10, 100 }));
        Assert.Equal(new float[] { 2, 40, 600 }, x.grad!.data<float>());
    }

    [Fact]
    public void RetainedGraphRunsTwiceAndGradientsAccumulate()
    {
        using var scope = torch.NewDisposeScope();
        var x = fx.Input("accumulate", 0, requiresGrad: true);
        var w = fx.Input("accumulate", 1);
        var y = (x.exp() * w.sum(1)).sum();
        y.backward(retain_graph: true);
        var once = x.grad!.clone();
        y.backward();
        TensorAssert.Close(fx["accumulate.grad0"], x.grad!);
        TensorAssert.Close(once * 2, x.grad!);
    }

    [Fact]
    public void SecondBackwardWithoutRetainGraphIsATypedError()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.ones(new long[] { 3 }, requires_grad: true);
        var y = (x.exp() * x).sum();
        y.backward();
        var error = Assert.Throws<TorchException>(() => y.backward());
        Assert.Equal("backward", error.Op);
        Assert.StartsWith("backward:", error.Message);
        Assert.Contains("second time", error.Message);
        Assert.Contains("retain_graph", error.Message);
    }

    [Fact]
    public void ZeroGradToZerosOrToNone()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(new float[] { 1, 2 }, requires_grad: true);
        (x * x).sum().backward();
        x.zero_grad(set_to_none: false);
        Assert.Equal(new float[] { 0, 0 }, x.grad!.data<float>());
        (x * 3).sum().backward();
        Assert.Equal(new float[] { 3, 3 }, x.grad!.data<float>());
        x.zero_grad();
        Assert.Null(x.grad);
        (x * 5).sum().backward();
        Assert.Equal(new float[] { 5, 5 }, x.grad!.data<float>());
    }

    [Fact] public void DetachStopsTheGradient() => Parity.Check(fx, "detach", 1, x => x[0] * x[0].detach().pow(2));

    [Fact]
    public void DetachSharesDataWithoutHistory()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.ones(new long[] { 2 }, requires_grad: true);
        var y = x * 2;
        var d = y.detach();
        Assert.True(y.requires_grad);
        Assert.False(d.requires_grad);
        Assert.True(d.is_leaf);
        Assert.False(d.has_grad_fn);
        d.fill_(7);
        Assert.Equal(new float[] { 7, 7 }, y.data<float>());
    }

    [Fact]
    public void GradModeScopesNest()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.ones(new long[] { 2 }, requires_grad: true);
        Assert.True(torch.is_grad_enabled());
        using (torch.no_grad())
        {
            Assert.False(torch.is_grad_enabled());
            Assert.False((x * 2).requires_grad);
            using (torch.enable_grad())
            {
                Assert.True(torch.is_grad_enabled());
                Assert.True((x * 2).requires_grad);
                using (torch.no_grad()) Assert.False((x * 2).requires_grad);
                Assert.True(torch.is_grad_enabled());
            }
            Assert.False(torch.is_grad_enabled());
            using (torch.set_grad_enabled(true)) Assert.True((x.matmul(x)).requires_grad);
            Assert.False(torch.is_grad_enabled());
        }
        Assert.True(torch.is_grad_enabled());
        Assert.True((x * 2).requires_grad);
    }

    [Fact]
    public void AutogradGradWithGradOutputsLeavesDotGradAlone()
    {
        using var scope = torch.NewDisposeScope();
        var x = fx.Input("autograd_grad", 0, requiresGrad: true);
        var w = fx.Input("autograd_grad", 1, requiresGrad: true);
        var y = x.matmul(w).sigmoid();
        var grads = torch.autograd.grad(new[] { y }, new[] { x, w }, new[] { fx["autograd_grad.grad_outputs"] });
        TensorAssert.Close(fx["autograd_grad.grad0"], grads[0]!);
        TensorAssert.Close(fx["autograd_grad.grad1"], grads[1]!);
        Assert.Null(x.grad);
        Assert.Null(w.grad);
    }

    [Fact]
    public void SecondOrderGradientsThroughCreateGraph()
    {
        using var scope = torch.NewDisposeScope();
        var x = fx.Input("second_order", 0, requiresGrad: true);
        var g = torch.autograd.grad(new[] { (x.pow(3) * x.sin()).sum() }, new[] { x }, create_graph: true)[0]!;
        Assert.True(g.requires_grad);
        TensorAssert.Close(fx["second_order.grad"], g);
        var gg = torch.autograd.grad(new[] { g.sum() }, new[] { x })[0]!;
        TensorAssert.Close(fx["second_order.gradgrad"], gg);
    }

    [Fact]
    public void UnusedInputGivesNullOnlyWhenAllowed()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.ones(new long[] { 2 }, requires_grad: true);
        var unused = torch.ones(new long[] { 2 }, requires_grad: true);
        var y = (x * 2).sum();
        var grads = torch.autograd.grad(new[] { y }, new[] { x, unused }, retain_graph: true, allow_unused: true);
        Assert.Equal(new float[] { 2, 2 }, grads[0]!.data<float>());
        Assert.Null(grads[1]);
        var error = Assert.ThrowsAny<TorchException>(() => torch.autograd.grad(new[] { y }, new[] { x, unused }));
        Assert.StartsWith("autograd.grad:", error.Message);
        Assert.Contains("allow_unused", error.Message);
    }

    [Fact]
    public void RequiresGradOnAnIntegerTensorIsAClearDtypeError()
    {
        using var scope = torch.NewDisposeScope();
        var ints = torch.arange(3);
        var error = Assert.Throws<TorchDTypeException>(() => ints.requires_grad_());
        Assert.StartsWith("requires_grad:", error.Message);
        Assert.Contains("floating point", error.Message);
        Assert.Contains("int64[3]", error.Message);
        Assert.False(ints.requires_grad);
    }

    // ATen's factories ignore requires_grad in their options; the shim sets it afterwards.
    [Fact]
    public void FactoriesHonourRequiresGrad()
    {
        using var scope = torch.NewDisposeScope();
        var size = new long[] { 2, 2 };
        var made = new[]
        {
            torch.zeros(size, requires_grad: true), torch.ones(size, requires_grad: true), torch.empty(size, requires_grad: true),
            torch.full(size, 0.5, requires_grad: true), torch.arange(0.0, 2.0, 0.5, requires_grad: true),
            torch.linspace(0, 1, 5, requires_grad: true), torch.eye(3, requires_grad: true),
            torch.rand(size, requires_grad: true), torch.randn(size, requires_grad: true),
        };
        foreach (var t in made)
        {
            Assert.True(t.requires_grad, t.ToString());
            Assert.True(t.is_leaf, t.ToString());
        }
        Assert.False(torch.zeros(size).requires_grad);
        Assert.Throws<TorchDTypeException>(() => torch.zeros(size, ScalarType.Int64, requires_grad: true));
    }

    [Fact]
    public void BackwardOfANonScalarNeedsAGradient()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.ones(new long[] { 2, 3 }, requires_grad: true);
        var error = Assert.Throws<TorchShapeException>(() => (x * 2).backward());
        Assert.Contains("[2, 3]", error.Message);
    }

    [Fact]
    public void GradientsFlowThroughViewsSplitsAndIndexing()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.arange(6, dtype: ScalarType.Float32).reshape(2, 3).requires_grad_();
        var parts = x.t().split(new long[] { 1, 2 });
        var loss = parts[0].sum() * 10 + parts[1][.., 1].sum() + x.gather(1, torch.zeros(new long[] { 2, 1 }, ScalarType.Int64)).sum();
        loss.backward();
        // column 0: 10 (first split piece) + 1 (gather); column 1: nothing; column 2: 1 (second piece, its column 1 = x row 1... of the transpose)
        Assert.Equal(new float[] { 11, 0, 0, 11, 1, 1 }, x.grad!.data<float>());
    }
}
