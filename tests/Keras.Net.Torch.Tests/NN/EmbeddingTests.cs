using F = KerasNet.Torch.torch.nn.functional;

namespace KerasNet.Torch.Tests.NN;

/// <summary>embedding and one_hot against PyTorch (tests/fixtures/cases/nn_norm.py).</summary>
public sealed class EmbeddingTests : IDisposable
{
    private readonly Fixture fx = Fixture.Load("nn_norm");

    public void Dispose() => fx.Dispose();

    [Fact] public void Embedding() => Parity.Check(fx, "embedding", 2, x => F.embedding(x[0], x[1]));
    [Fact] public void EmbeddingPaddingRowGetsNoGradient() => Parity.Check(fx, "embedding_padding", 2, x => F.embedding(x[0], x[1], padding_idx: 0));
    [Fact] public void EmbeddingNegativePaddingIndex() => Parity.Check(fx, "embedding_padding_negative", 2, x => F.embedding(x[0], x[1], padding_idx: -1));
    [Fact] public void OneHot() => Parity.Check(fx, "one_hot", 1, x => F.one_hot(x[0], 6));
    [Fact] public void OneHotInfersClassCount() => Parity.Check(fx, "one_hot_inferred", 1, x => F.one_hot(x[0]));

    [Fact]
    public void EmbeddingRejectsAnIndexOutOfRange()
    {
        using var scope = torch.NewDisposeScope();
        var weight = torch.randn(10, 3);
        var indices = torch.tensor(new long[] { 1, 11 });
        var e = Assert.Throws<TorchIndexException>(() => F.embedding(indices, weight));
        Assert.StartsWith("embedding: index out of range", e.Message);
        Assert.Contains("int64[2], float32[10, 3]", e.Message);
    }

    [Fact]
    public void EmbeddingRejectsPaddingIndexOutsideTheTable()
    {
        using var scope = torch.NewDisposeScope();
        var weight = torch.randn(10, 3);
        var indices = torch.tensor(new long[] { 1 });
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => F.embedding(indices, weight, padding_idx: 10));
        Assert.Equal("padding_idx", e.ParamName);
        Assert.Contains("-10 to 9", e.Message);
    }

    [Fact]
    public void OneHotRejectsFloatInput()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(new float[] { 0, 1 });
        var e = Assert.ThrowsAny<TorchException>(() => F.one_hot(x, 3));
        Assert.StartsWith("one_hot:", e.Message);
        Assert.Contains("float32[2]", e.Message);
    }
}
