namespace KerasNet.Torch.Tests;

public sealed class CoreParityTests : IDisposable
{
    private readonly Fixture fx = Fixture.Load("core");

    public void Dispose() => fx.Dispose();

    [Fact] public void AddBroadcast() => Parity.Check(fx, "add_broadcast", 2, x => x[0] + x[1]);
    [Fact] public void MulBroadcast() => Parity.Check(fx, "mul_broadcast", 2, x => x[0] * x[1]);
    [Fact] public void SumAll() => Parity.Check(fx, "sum_all", 1, x => x[0].sum());
}
