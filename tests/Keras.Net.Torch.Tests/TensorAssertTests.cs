using Xunit.Sdk;

namespace KerasNet.Torch.Tests;

// The parity tolerance must be able to fail: a difference just above it is reported.
public class TensorAssertTests
{
    [Fact]
    public void CloseRejectsDifferenceAboveTolerance()
    {
        using var scope = torch.NewDisposeScope();
        var expected = torch.tensor(new float[] { 1f, 100f });
        var off = torch.tensor(new float[] { 1f, 100.01f });
        Assert.ThrowsAny<XunitException>(() => TensorAssert.Close(expected, off));
        TensorAssert.Close(expected, torch.tensor(new float[] { 1f, 100.0005f }));
    }

    [Fact]
    public void CloseRejectsShapeMismatch()
    {
        using var scope = torch.NewDisposeScope();
        Assert.ThrowsAny<XunitException>(() => TensorAssert.Close(torch.zeros(2, 2), torch.zeros(4)));
    }
}
