using KerasNet.Layers;
using KerasNet.TestSupport;

namespace KerasNet.Tests.LayersTests;

/// <summary>
/// EinsumDense against torch.einsum + bias in float64 (tests/fixtures/cases/keras_catalogue_b.py; float32 tolerances
/// rtol 1e-5, atol 1e-6), its weight shapes from the equation, and its argument errors.
/// </summary>
public class EinsumDenseTests : IClassFixture<ConvLSTMParityTests.Fixtures>
{
    private readonly Fixture fx;

    public EinsumDenseTests(ConvLSTMParityTests.Fixtures fixtures) => fx = fixtures.Catalogue;

    [Theory]
    [InlineData("einsum_abc_cd_abd", "abc,cd->abd", new long[] { 0, 5 }, "d")]
    [InlineData("einsum_ab_bcd_acd", "ab,bcd->acd", new long[] { 3, 5 }, "cd")]
    [InlineData("einsum_ellipsis_partial_bias", "...b,bcd->...cd", new long[] { 3, 5 }, "c")]
    [InlineData("einsum_no_bias", "abc,cde->abde", new long[] { 0, 2, 3 }, null)]
    public void OutputMatchesTorchEinsumPlusBias(string @case, string equation, long[] outputShape, string? biasAxes)
    {
        using var scope = torch.NewDisposeScope();
        using var layer = new EinsumDense(equation, outputShape.Select(n => n == 0 ? (long?)null : n).ToArray(), biasAxes: biasAxes);
        var x = fx[$"{@case}.x"];
        layer.BuildFor(TensorShape.Of(x.shape).ReplaceBatch(null));
        Assert.Equal(fx[$"{@case}.kernel"].shape, layer.Kernel.Shape);
        layer.Kernel.Assign(fx[$"{@case}.kernel"]);
        if (biasAxes is not null)
        {
            Assert.Equal(fx[$"{@case}.bias"].shape, layer.Bias!.Shape);
            layer.Bias.Assign(fx[$"{@case}.bias"]);
        }
        else Assert.Null(layer.Bias);
        var y = layer.Apply(x);
        TestData.Close(fx[$"{@case}.out"].to(ScalarType.Float32), y, $"{@case}: output");
        Assert.Equal(TensorShape.Of(y.shape).ReplaceBatch(null), layer.ComputeOutputShape(TensorShape.Of(x.shape).ReplaceBatch(null)));
    }

    [Fact]
    public void BadArgumentsAndInputsRaiseClearErrors()
    {
        using var scope = torch.NewDisposeScope();
        var form = Assert.Throws<ArgumentException>(() => new EinsumDense("ab,bc", new long?[] { 3 }));
        Assert.Contains("equation must look like", form.Message);
        var unknown = Assert.Throws<ArgumentException>(() => new EinsumDense("ab,bz->ac", new long?[] { 3 }));
        Assert.Contains("letter 'z'", unknown.Message);
        var count = Assert.Throws<ArgumentException>(() => new EinsumDense("abc,cd->abd", new long?[] { 4 }));
        Assert.Contains("outputShape must give 2 size(s)", count.Message);
        var bias = Assert.Throws<ArgumentException>(() => new EinsumDense("ab,bc->ac", new long?[] { 4 }, biasAxes: "b"));
        Assert.Contains("biasAxes must be distinct letters of the output \"ac\"", bias.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new EinsumDense("ab,bc->ac", new long?[] { 0 }));

        using var layer = new EinsumDense("abc,cd->abd", new long?[] { null, 5 });
        var rank = Assert.Throws<ArgumentException>(() => layer.Apply(torch.zeros(2, 4)));
        Assert.Contains("rank 3", rank.Message);
        layer.Apply(torch.zeros(2, 3, 4));
        var size = Assert.Throws<ArgumentException>(() => layer.Apply(torch.zeros(2, 3, 6)));
        Assert.Contains("size 4 on axis 'c'", size.Message);
    }
}
