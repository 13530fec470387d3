namespace KerasNet.Torch.Tests;

// Sorting and selection against PyTorch (tests/fixtures/cases/sort.py): values with gradients, indices exactly.
public sealed class SortTests : IDisposable
{
    private readonly Fixture fx = Fixture.Load("sort");

    public void Dispose() => fx.Dispose();

    private void Indices(string @case, Func<Tensor, Tensor> op)
    {
        using var scope = torch.NewDisposeScope();
        var result = op(fx.Input(@case, 0));
        Assert.Equal(ScalarType.Int64, result.dtype);
        TensorAssert.Equal(fx[$"{@case}.out"], result, @case);
    }

    [Fact] public void SortValues() => Parity.Check(fx, "sort", 1, x => x[0].sort().values);
    [Fact] public void SortIndices() => Indices("sort_indices", x => x.sort().indices);
    [Fact] public void SortDescendingAlongDim0() => Parity.Check(fx, "sort_desc_dim0", 1, x => torch.sort(x[0], 0, descending: true).values);
    [Fact] public void SortDescendingIndices() => Indices("sort_desc_dim0_indices", x => x.sort(0, descending: true).indices);
    [Fact] public void StableSortKeepsTiesInOrder() => Indices("sort_stable", x => x.sort(stable: true).indices);
    [Fact] public void StableSortDescending() => Indices("sort_stable_desc", x => torch.sort(x, descending: true, stable: true).indices);
    [Fact] public void Argsort() => Indices("argsort", x => x.argsort());
    [Fact] public void ArgsortDescendingDim0() => Indices("argsort_desc_dim0", x => torch.argsort(x, 0, descending: true));
    [Fact] public void TopkValues() => Parity.Check(fx, "topk", 1, x => x[0].topk(3).values);
    [Fact] public void TopkIndices() => Indices("topk_indices", x => torch.topk(x, 3).indices);
    [Fact] public void TopkSmallestAlongDim0() => Parity.Check(fx, "topk_smallest_dim0", 1, x => x[0].topk(2, 0, largest: false).values);
    [Fact] public void TopkSmallestIndices() => Indices("topk_smallest_dim0_indices", x => x.topk(2, 0, largest: false).indices);
    [Fact] public void Kthvalue() => Parity.Check(fx, "kthvalue", 1, x => x[0].kthvalue(2, 1, keepdim: true).values);
    [Fact] public void KthvalueIndices() => Indices("kthvalue_indices", x => torch.kthvalue(x, 2, 1, keepdim: true).indices);
    [Fact] public void KthvalueDim0() => Parity.Check(fx, "kthvalue_dim0", 1, x => x[0].kthvalue(3, 0).values);

    [Fact]
    public void UniqueWithInverseAndCounts()
    {
        using var scope = torch.NewDisposeScope();
        var (values, inverse, counts) = fx.Input("unique", 0).unique(return_inverse: true, return_counts: true);
        TensorAssert.Equal(fx["unique.values"], values);
        TensorAssert.Equal(fx["unique.inverse"], inverse!);
        TensorAssert.Equal(fx["unique.counts"], counts!);
    }

    [Fact]
    public void UniqueRowsAlongDim()
    {
        using var scope = torch.NewDisposeScope();
        var (values, inverse, counts) = torch.unique(fx.Input("unique_dim", 0), return_inverse: true, return_counts: true, dim: 0);
        TensorAssert.Equal(fx["unique_dim.values"], values);
        TensorAssert.Equal(fx["unique_dim.inverse"], inverse!);
        TensorAssert.Equal(fx["unique_dim.counts"], counts!);
    }

    [Fact]
    public void UniqueWithoutExtrasGivesOnlyValues()
    {
        using var scope = torch.NewDisposeScope();
        var (values, inverse, counts) = torch.tensor(new long[] { 3, 1, 3, 2, 1 }).unique();
        Assert.Equal(new long[] { 1, 2, 3 }, values.data<long>());
        Assert.Null(inverse);
        Assert.Null(counts);
    }

    [Fact]
    public void UnsortedTopkHoldsTheSameElements()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(new float[] { 5, 1, 9, 3, 7, 2 });
        var (values, indices) = x.topk(3, sorted: false);
        Assert.Equal(new float[] { 5, 7, 9 }, values.sort().values.data<float>());
        Assert.Equal(new long[] { 0, 2, 4 }, indices.sort().values.data<long>());
    }

    [Fact]
    public void TopkLargerThanTheDimIsAnIndexError()
    {
        using var scope = torch.NewDisposeScope();
        var error = Assert.Throws<TorchIndexException>(() => torch.zeros(2, 3).topk(4));
        Assert.StartsWith("topk:", error.Message);
        Assert.Contains("float32[2, 3]", error.Message);
    }
}
