namespace KerasNet.Torch.Tests.NN;

/// <summary>get_rng_state/set_rng_state on the default CPU generator and on private generators.</summary>
[Collection(GlobalSeedCollection.Name)]
public class RngStateTests
{
    [Fact]
    public void RestoringTheDefaultGeneratorsStateRepeatsTheDraws()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(7);
        torch.rand(5);
        var state = torch.get_rng_state();
        Assert.Equal(ScalarType.Byte, state.dtype);
        var first = torch.randperm(20).data<long>();
        var second = torch.randn(4).data<float>();
        torch.manual_seed(123);
        torch.set_rng_state(state);
        Assert.Equal(first, torch.randperm(20).data<long>());
        Assert.Equal(second, torch.randn(4).data<float>());
    }

    [Fact]
    public void APrivateGeneratorsStateCanBeCopiedToAnother()
    {
        using var scope = torch.NewDisposeScope();
        using var a = new Generator(3);
        using var b = new Generator(99);
        torch.rand(new long[] { 3 }, generator: a);
        b.set_state(a.get_state());
        Assert.Equal(torch.rand(new long[] { 6 }, generator: a).data<float>(), torch.rand(new long[] { 6 }, generator: b).data<float>());
    }

    [Fact]
    public void AStateOfTheWrongSizeIsRejected()
    {
        using var scope = torch.NewDisposeScope();
        var before = torch.get_rng_state().data<byte>();
        var error = Assert.ThrowsAny<TorchException>(() => torch.set_rng_state(torch.zeros(new long[] { 10 }, ScalarType.Byte)));
        Assert.Contains("set_rng_state", error.Message);
        Assert.Equal(before, torch.get_rng_state().data<byte>());
    }
}
