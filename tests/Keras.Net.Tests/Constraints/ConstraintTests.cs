using KerasNet.Constraints;
using KerasNet.Serialization;

namespace KerasNet.Tests.ConstraintsTests;

/// <summary>Constraints as Keras defines them, on Dense kernels (in, units) and on convolution kernels in PyTorch's layout.</summary>
public class ConstraintTests
{
    private static Tensor Kernel() => TestData.Floats(new[] { 3f, 0.1f, 4f, 0.2f }, 2, 2);   // column norms 5 and √0.05

    [Fact]
    public void MaxNormRescalesColumnsAboveTheLimit()
    {
        using var scope = torch.NewDisposeScope();
        var projected = new MaxNorm(2.0).Call(Kernel());
        // Column 0 (norm 5) is scaled to norm 2; column 1 (norm 0.22) is kept (up to the epsilon of 1e-7 in the denominator).
        TestData.Close(TestData.Floats(new[] { 1.2f, 0.1f, 1.6f, 0.2f }, 2, 2), projected, "MaxNorm(2)", 1e-5, 1e-6);
        var rows = new MaxNorm(1.0, axis: 1).Call(Kernel());
        TestData.Close(projected.square().sum(dim: 0).sqrt().clamp(max: 2.0), projected.square().sum(dim: 0).sqrt(), "column norms at most 2");
        Assert.True(rows.square().sum(1).sqrt().le(1.0 + 1e-6).all().item<bool>(), "axis 1: row norms at most 1");
    }

    [Fact]
    public void UnitNormAndNonNeg()
    {
        using var scope = torch.NewDisposeScope();
        var unit = new UnitNorm().Call(Kernel());
        TestData.Close(torch.ones(2), unit.square().sum(dim: 0).sqrt(), "unit column norms", 1e-5, 1e-6);
        TestData.Close(TestData.Floats(new[] { 3f, 0f, 0f, 0.2f }, 2, 2), new NonNeg().Call(TestData.Floats(new[] { 3f, -0.1f, -4f, 0.2f }, 2, 2)), "NonNeg");
    }

    [Fact]
    public void ConvolutionKernelsAreConstrainedPerFilter()
    {
        using var scope = torch.NewDisposeScope();
        var kernel = TestData.Randn(81, 4, 3, 2, 2) * 3;   // (filters, in, kh, kw)
        var norms = new MaxNorm(1.5).Call(kernel).reshape(4, -1).square().sum(1).sqrt();
        TestData.Close(torch.full(new long[] { 4 }, 1.5), norms, "every filter at the max norm", 1e-5, 1e-6);
    }

    [Fact]
    public void NamesAndConfigs()
    {
        Assert.IsType<MaxNorm>((Constraint)"max_norm");
        Assert.IsType<NonNeg>((Constraint)"non_neg");
        Assert.IsType<UnitNorm>((Constraint)"unit_norm");
        Assert.Contains("Unknown constraint", Assert.Throws<ArgumentException>(() => Constraint.Get("positive")).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new MaxNorm(0));
        foreach (var constraint in new Constraint[] { new MaxNorm(3, 1), new NonNeg(), new UnitNorm(1) })
        {
            var json = TestData.Json(constraint.GetConfig());
            Assert.Equal(json, TestData.Json(KerasRegistry.FromConfig<Constraint>(constraint.GetType().Name, TestData.ParseJson(json)).GetConfig()));
        }
    }
}
