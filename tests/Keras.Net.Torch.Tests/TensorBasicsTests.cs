namespace KerasNet.Torch.Tests;

public class TensorBasicsTests
{
    [Fact]
    public void TensorRoundTripsValuesAndShape()
    {
        using var t = torch.tensor(new float[] { 1, 2, 3, 4, 5, 6 }, new long[] { 2, 3 });
        Assert.Equal(new long[] { 2, 3 }, t.shape);
        Assert.Equal(ScalarType.Float32, t.dtype);
        Assert.Equal(Device.CPU, t.device);
        Assert.Equal(new float[] { 1, 2, 3, 4, 5, 6 }, t.data<float>());
    }

    [Fact]
    public void ArithmeticBroadcastsAndKeepsIntegerScalarsIntegral()
    {
        using var scope = torch.NewDisposeScope();
        var a = torch.tensor(new long[] { 1, 2, 3 });
        Assert.Equal(ScalarType.Int64, (a + 1).dtype);
        Assert.Equal(ScalarType.Float32, (a + 1.5).dtype);
        var m = torch.tensor(new float[] { 1, 2, 3, 4, 5, 6 }, new long[] { 2, 3 });
        var row = torch.tensor(new float[] { 10, 20, 30 });
        Assert.Equal(new float[] { 11, 22, 33, 14, 25, 36 }, (m + row).data<float>());
        Assert.Equal(new float[] { -9, -18, -27, -6, -15, -24 }, (m - row).data<float>());
        Assert.Equal(21f, m.sum().item<float>());
    }

    [Fact]
    public void DisposedTensorThrowsObjectDisposed()
    {
        var t = torch.ones(2, 2);
        t.Dispose();
        var error = Assert.Throws<ObjectDisposedException>(() => t.sum());
        Assert.Contains("disposed", error.Message);
        t.Dispose(); // a second dispose is harmless
    }

    [Fact]
    public void BroadcastMismatchRaisesShapeErrorNamingOpAndShapes()
    {
        using var scope = torch.NewDisposeScope();
        var a = torch.ones(2, 3);
        var b = torch.ones(4);
        var error = Assert.Throws<TorchShapeException>(() => a + b);
        Assert.StartsWith("add:", error.Message);
        Assert.Contains("float32[2, 3]", error.Message);
        Assert.Contains("float32[4]", error.Message);
        Assert.Equal("add", error.Op);
    }
}
