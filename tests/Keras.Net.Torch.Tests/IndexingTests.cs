using static KerasNet.Torch.TensorIndex;

namespace KerasNet.Torch.Tests;

// Indexing against PyTorch (tests/fixtures/cases/indexing.py): x[...] get and set, and the index-based ops,
// with forward values and gradients; integer results (nonzero, where) compared exactly.
public sealed class IndexingTests : IDisposable
{
    private readonly Fixture fx = Fixture.Load("indexing");

    public void Dispose() => fx.Dispose();

    private static Tensor SetItem(Tensor t, Action<Tensor> assign)
    {
        var y = t.clone();
        assign(y);
        return y;
    }

    [Fact] public void Integer() => Parity.Check(fx, "int", 1, x => x[0][1]);
    [Fact] public void NegativeInteger() => Parity.Check(fx, "int_negative", 1, x => x[0][-1]);
    [Fact] public void FromEndIndex() => Parity.Check(fx, "int_negative", 1, x => x[0][^1]);
    [Fact] public void RangeSlice() => Parity.Check(fx, "slice", 1, x => x[0][1..3]);
    [Fact] public void SliceWithStep() => Parity.Check(fx, "slice_step", 1, x => x[0][.., Slice(step: 2)]);
    [Fact] public void SliceWithStartAndStep() => Parity.Check(fx, "slice_start_step", 1, x => x[0][.., .., Slice(1, null, 3)]);
    [Fact] public void FromEndRanges() => Parity.Check(fx, "slice_negative", 1, x => x[0][..^1, ^3..]);
    [Fact] public void NegativeSliceStart() => Parity.Check(fx, "slice_to_end", 1, x => x[0][Slice(-2)]);
    [Fact] public void Mixed() => Parity.Check(fx, "multi", 1, x => x[0][0, 1..3, ^1]);
    [Fact] public void EllipsisFirst() => Parity.Check(fx, "ellipsis", 1, x => x[0][Ellipsis, 1]);
    [Fact] public void EllipsisInTheMiddle() => Parity.Check(fx, "ellipsis_middle", 1, x => x[0][1, Ellipsis, 2..4]);
    [Fact] public void NoneAddsAxis() => Parity.Check(fx, "none", 1, x => x[0][.., None, 1]);
    [Fact] public void NoneAroundEllipsis() => Parity.Check(fx, "none_leading", 1, x => x[0][None, Ellipsis, None]);
    [Fact] public void IntegerTensor() => Parity.Check(fx, "tensor", 2, x => x[0][x[1]]);
    [Fact] public void TwoIntegerTensors() => Parity.Check(fx, "tensor_pair", 3, x => x[0][x[1], x[2]]);
    [Fact] public void SliceThenTensor() => Parity.Check(fx, "slice_then_tensor", 2, x => x[0][1.., .., x[1]]);
    [Fact] public void BooleanMask() => Parity.Check(fx, "mask", 2, x => x[0][x[1]]);
    [Fact] public void RowMask() => Parity.Check(fx, "row_mask", 2, x => x[0][x[1]]);
    [Fact] public void SetSliceFromTensor() => Parity.Check(fx, "set_slice_tensor", 2, x => SetItem(x[0], y => y[.., 1] = x[1]));
    [Fact] public void SetMaskFromTensor() => Parity.Check(fx, "set_mask_tensor", 3, x => SetItem(x[0], y => y[x[1]] = x[2]));
    [Fact] public void SetIndexFromTensor() => Parity.Check(fx, "set_index_tensor", 3, x => SetItem(x[0], y => y[x[1]] = x[2]));
    [Fact] public void SetSliceFromScalar() => Parity.Check(fx, "set_scalar", 1, x => SetItem(x[0], y => y.index_put_(0.5, 1..3, Slice(step: 2))));
    [Fact] public void SetMaskFromScalar() => Parity.Check(fx, "set_mask_scalar", 2, x => SetItem(x[0], y => y.index_put_(-2.0, x[1])));

    [Fact] public void GatherDim1() => Parity.Check(fx, "gather_dim1", 2, x => torch.gather(x[0], 1, x[1]));
    [Fact] public void GatherDim0() => Parity.Check(fx, "gather_dim0", 2, x => x[0].gather(0, x[1]));
    [Fact] public void ScatterSource() => Parity.Check(fx, "scatter_src", 3, x => x[0].scatter(1, x[1], x[2]));
    [Fact] public void ScatterPartial() => Parity.Check(fx, "scatter_partial", 3, x => torch.scatter(x[0], 1, x[1], x[2]));
    [Fact] public void ScatterValue() => Parity.Check(fx, "scatter_value", 2, x => x[0].scatter(1, x[1], 1.5));
    [Fact] public void ScatterAdd() => Parity.Check(fx, "scatter_add", 3, x => x[0].scatter_add(1, x[1], x[2]));
    [Fact] public void IndexSelect() => Parity.Check(fx, "index_select", 2, x => torch.index_select(x[0], 1, x[1]));
    [Fact] public void IndexSelectDim0() => Parity.Check(fx, "index_select_dim0", 2, x => x[0].index_select(0, x[1]));
    [Fact] public void IndexAdd() => Parity.Check(fx, "index_add", 3, x => x[0].index_add(1, x[1], x[2], alpha: 2.0));
    [Fact] public void IndexFill() => Parity.Check(fx, "index_fill", 2, x => x[0].index_fill(1, x[1], -1.0));
    [Fact] public void MaskedFillScalar() => Parity.Check(fx, "masked_fill_scalar", 2, x => x[0].masked_fill(x[1], 0.25));
    [Fact] public void MaskedFillBroadcastMask() => Parity.Check(fx, "masked_fill_broadcast", 2, x => torch.masked_fill(x[0], x[1], -1e9));
    [Fact] public void MaskedFillTensor() => Parity.Check(fx, "masked_fill_tensor", 3, x => x[0].masked_fill(x[1], x[2]));
    [Fact] public void MaskedSelect() => Parity.Check(fx, "masked_select", 2, x => x[0].masked_select(x[1]));
    [Fact] public void MaskedSelectBroadcastMask() => Parity.Check(fx, "masked_select_broadcast", 2, x => torch.masked_select(x[0], x[1]));
    [Fact] public void Take() => Parity.Check(fx, "take", 2, x => torch.take(x[0], x[1]));

    [Fact]
    public void Nonzero()
    {
        using var scope = torch.NewDisposeScope();
        var result = fx.Input("nonzero", 0).nonzero();
        Assert.Equal(ScalarType.Int64, result.dtype);
        TensorAssert.Equal(fx["nonzero.out"], result);
    }

    [Fact]
    public void WhereGivesOneIndexTensorPerDim()
    {
        using var scope = torch.NewDisposeScope();
        var indices = torch.where(fx.Input("where_indices", 0).ne(0));
        Assert.Equal(2, indices.Length);
        TensorAssert.Equal(fx["where_indices.out"], torch.stack(indices));
    }

    [Fact]
    public void BasicIndexingReturnsViewsAndAdvancedIndexingCopies()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.zeros(3, 4);
        x[1].fill_(1);
        x[.., ^1].fill_(2);
        x[torch.tensor(new long[] { 0 })].fill_(9);  // a copy: x is unchanged
        Assert.Equal(new float[] { 0, 0, 0, 2, 1, 1, 1, 2, 0, 0, 0, 2 }, x.data<float>());
        Assert.Equal(new long[] { 3, 1, 4 }, x[.., None].shape);
        Assert.Equal(new long[] { 0, 4 }, x[2..2].shape);
        Assert.Equal(new long[] { 0, 4 }, x[^0..].shape);
        Assert.Equal(new long[] { 3, 4 }, x[..].shape);
        Assert.Equal(new long[] { 1, 3, 4 }, x[true].shape);
    }

    [Fact]
    public void SettersWriteInPlace()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.zeros(2, 3);
        x[0] = torch.tensor(new float[] { 1, 2, 3 });
        x[1, 1..] = torch.full(new long[] { 1 }, 5.0f);
        x.index_put_(7, 1, 0);
        Assert.Equal(new float[] { 1, 2, 3, 7, 5, 5 }, x.data<float>());
        x.index_put_(-1, x.gt(4));
        Assert.Equal(new float[] { 1, 2, 3, -1, -1, -1 }, x.data<float>());
        var ints = torch.arange(6).reshape(2, 3);
        ints[.., 0] = torch.tensor(new long[] { 10, 20 });
        Assert.Equal(new long[] { 10, 1, 2, 20, 4, 5 }, ints.data<long>());
    }

    [Fact]
    public void InPlaceIndexOpsMatchTheirCopies()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.arange(12, dtype: ScalarType.Float32).reshape(3, 4);
        var index = torch.tensor(new long[] { 2, 0 });
        var source = torch.ones(3, 2);
        TensorAssert.Equal(x.index_add(1, index, source), x.clone().index_add_(1, index, source));
        var mask = x.gt(5);
        TensorAssert.Equal(x.masked_fill(mask, 0), x.clone().masked_fill_(mask, 0));
        var si = torch.tensor(new long[] { 1, 0, 3, 2, 2, 1 }, new long[] { 3, 2 });
        var src = torch.full(new long[] { 3, 2 }, 0.5f);
        TensorAssert.Equal(x.scatter(1, si, src), x.clone().scatter_(1, si, src));
        TensorAssert.Equal(x.scatter(1, si, 3.0), x.clone().scatter_(1, si, 3.0));
        TensorAssert.Equal(x.scatter_add(1, si, src), x.clone().scatter_add_(1, si, src));
    }

    [Fact]
    public void LongIndexListsWork()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.arange(2 * 3 * 2 * 2 * 2 * 2 * 2 * 2 * 2 * 2, dtype: ScalarType.Float32).reshape(2, 3, 2, 2, 2, 2, 2, 2, 2, 2);
        Assert.Equal(x.numel() - 1, x[1, 2, 1, 1, 1, 1, 1, 1, 1, 1].item<float>());
        x[1, 2, 1, 1, 1, 1, 1, 1, 1, ..1] = torch.full(new long[] { 1 }, -1f);
        x.index_put_(-2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, None);
        Assert.Equal(-1f, x.flatten()[-2].item<float>());
        Assert.Equal(-2f, x.flatten()[0].item<float>());
    }

    [Fact]
    public void IndexEntriesPrintTheirPythonSpelling()
    {
        Assert.Equal("1:3", ((TensorIndex)(1..3)).ToString());
        Assert.Equal(":-1", ((TensorIndex)(..^1)).ToString());
        Assert.Equal(":", ((TensorIndex)(..)).ToString());
        Assert.Equal("::2", Slice(step: 2).ToString());
        Assert.Equal("-1", ((TensorIndex)(^1)).ToString());
        Assert.Equal("...", Ellipsis.ToString());
        Assert.Equal("None", None.ToString());
    }

    [Fact]
    public void FromEndZeroIsRejected()
    {
        using var x = torch.zeros(3);
        var error = Assert.Throws<TorchIndexException>(() => x[^0]);
        Assert.Contains("^0", error.Message);
    }
}
