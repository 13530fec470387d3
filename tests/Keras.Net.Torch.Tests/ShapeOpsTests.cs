namespace KerasNet.Torch.Tests;

// Shape ops against PyTorch (tests/fixtures/cases/shape.py): forward values and gradients, plus the view and
// piece semantics that values alone do not show.
public sealed class ShapeOpsTests : IDisposable
{
    private readonly Fixture fx = Fixture.Load("shape");

    public void Dispose() => fx.Dispose();

    // The same joining as pieces() in shape.py: each piece flattened and scaled by its position.
    private static Tensor Pieces(Tensor[] parts) => torch.cat(parts.Select((p, i) => p.reshape(-1) * (i + 1)).ToArray());

    [Fact] public void View() => Parity.Check(fx, "view", 1, x => x[0].view(6, -1));
    [Fact] public void ReshapeWithMinusOne() => Parity.Check(fx, "reshape_neg1", 1, x => x[0].reshape(-1, 4));
    [Fact] public void ReshapeOfNonContiguous() => Parity.Check(fx, "reshape_noncontig", 1, x => x[0].transpose(0, 2).reshape(4, 6));
    [Fact] public void ViewAs() => Parity.Check(fx, "view_as", 2, x => x[0].view_as(x[1]));
    [Fact] public void Permute() => Parity.Check(fx, "permute", 1, x => x[0].permute(2, 0, 1));
    [Fact] public void PermuteNegativeDims() => Parity.Check(fx, "permute_neg", 1, x => torch.permute(x[0], -1, -3, -2));
    [Fact] public void Transpose() => Parity.Check(fx, "transpose", 1, x => x[0].transpose(0, 2));
    [Fact] public void T() => Parity.Check(fx, "t", 1, x => x[0].t());
    [Fact] public void Movedim() => Parity.Check(fx, "movedim", 1, x => x[0].movedim(0, -1));
    [Fact] public void SqueezeAll() => Parity.Check(fx, "squeeze_all", 1, x => x[0].squeeze());
    [Fact] public void SqueezeDim() => Parity.Check(fx, "squeeze_dim", 1, x => x[0].squeeze(1));
    [Fact] public void SqueezeDimOfSizeAboveOneIsNoOp() => Parity.Check(fx, "squeeze_dim_noop", 1, x => x[0].squeeze(0));
    [Fact] public void Unsqueeze() => Parity.Check(fx, "unsqueeze", 1, x => x[0].unsqueeze(1));
    [Fact] public void UnsqueezeNegative() => Parity.Check(fx, "unsqueeze_neg", 1, x => torch.unsqueeze(x[0], -1));
    [Fact] public void FlattenAll() => Parity.Check(fx, "flatten_all", 1, x => x[0].flatten());
    [Fact] public void FlattenRange() => Parity.Check(fx, "flatten_range", 1, x => x[0].flatten(1, 2));
    [Fact] public void FlattenFromStart() => Parity.Check(fx, "flatten_start", 1, x => torch.flatten(x[0], 1));
    [Fact] public void Unflatten() => Parity.Check(fx, "unflatten", 1, x => x[0].unflatten(1, 3, -1));
    [Fact] public void Expand() => Parity.Check(fx, "expand", 1, x => x[0].expand(-1, 4));
    [Fact] public void ExpandAddsLeadingDims() => Parity.Check(fx, "expand_new_dims", 1, x => x[0].expand(2, 3, 4));
    [Fact] public void ExpandAs() => Parity.Check(fx, "expand_as", 2, x => x[0].expand_as(x[1]));
    [Fact] public void BroadcastTo() => Parity.Check(fx, "broadcast_to", 1, x => torch.broadcast_to(x[0], 2, 3, 4));
    [Fact] public void RepeatAddsDims() => Parity.Check(fx, "repeat", 1, x => x[0].repeat(2, 1, 3));
    [Fact] public void Repeat() => Parity.Check(fx, "repeat_same_rank", 1, x => x[0].repeat(3, 2));
    [Fact] public void Narrow() => Parity.Check(fx, "narrow", 1, x => x[0].narrow(1, 1, 3));
    [Fact] public void NarrowNegativeStart() => Parity.Check(fx, "narrow_neg_start", 1, x => torch.narrow(x[0], 0, -2, 2));
    [Fact] public void Select() => Parity.Check(fx, "select", 1, x => x[0].select(1, -1));
    [Fact] public void Flip() => Parity.Check(fx, "flip", 1, x => x[0].flip(0, 2));
    [Fact] public void RollAlongDim() => Parity.Check(fx, "roll_dim", 1, x => x[0].roll(1, 1));
    [Fact] public void RollFlattened() => Parity.Check(fx, "roll_flat", 1, x => x[0].roll(7));
    [Fact] public void RollSeveralDims() => Parity.Check(fx, "roll_multi", 1, x => x[0].roll(new long[] { 1, -2 }, new long[] { 0, 1 }));
    [Fact] public void CatDim1() => Parity.Check(fx, "cat_dim1", 2, x => torch.cat(x, 1));
    [Fact] public void CatDim0() => Parity.Check(fx, "cat_dim0", 3, x => torch.cat(x));
    [Fact] public void CatNegativeDim() => Parity.Check(fx, "cat_neg_dim", 2, x => torch.concat(x, -1));
    [Fact] public void StackDim0() => Parity.Check(fx, "stack_dim0", 3, x => torch.stack(x));
    [Fact] public void StackDim1() => Parity.Check(fx, "stack_dim1", 3, x => torch.stack(x, 1));
    [Fact] public void StackLast() => Parity.Check(fx, "stack_last", 3, x => torch.stack(x, -1));
    [Fact] public void SplitBySize() => Parity.Check(fx, "split_size", 1, x => Pieces(x[0].split(3)));
    [Fact] public void SplitBySizes() => Parity.Check(fx, "split_sizes", 1, x => Pieces(x[0].split(new long[] { 1, 2, 3 }, dim: 1)));
    [Fact] public void Chunk() => Parity.Check(fx, "chunk", 1, x => Pieces(x[0].chunk(3)));
    [Fact] public void ChunkDim1() => Parity.Check(fx, "chunk_dim1", 1, x => Pieces(torch.chunk(x[0], 4, 1)));
    [Fact] public void Unbind() => Parity.Check(fx, "unbind", 1, x => Pieces(x[0].unbind(1)));
    [Fact] public void Tril() => Parity.Check(fx, "tril", 1, x => x[0].tril());
    [Fact] public void TrilBelowDiagonal() => Parity.Check(fx, "tril_neg", 1, x => torch.tril(x[0], -1));
    [Fact] public void Triu() => Parity.Check(fx, "triu", 1, x => x[0].triu());
    [Fact] public void TriuBatchedAboveDiagonal() => Parity.Check(fx, "triu_pos", 1, x => torch.triu(x[0], 1));
    [Fact] public void DiagOfVector() => Parity.Check(fx, "diag_vector", 1, x => x[0].diag());
    [Fact] public void DiagOfVectorOffset() => Parity.Check(fx, "diag_vector_offset", 1, x => x[0].diag(1));
    [Fact] public void DiagOfMatrix() => Parity.Check(fx, "diag_matrix", 1, x => torch.diag(x[0]));
    [Fact] public void DiagOfMatrixOffset() => Parity.Check(fx, "diag_matrix_offset", 1, x => x[0].diag(-1));
    [Fact] public void Diagonal() => Parity.Check(fx, "diagonal", 1, x => x[0].diagonal(0, 1, 2));

    [Fact]
    public void SplitPiecesHavePyTorchShapes()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.arange(21, dtype: ScalarType.Float32).reshape(7, 3);
        Assert.Equal(new[] { 3L, 3, 1 }, x.split(3).Select(p => p.size(0)));
        Assert.Equal(new[] { 2L, 5 }, x.split(new long[] { 2, 5 }).Select(p => p.size(0)));
        Assert.Equal(new[] { 3L, 3, 1 }, x.chunk(3).Select(p => p.size(0)));
        // chunk gives fewer pieces than asked when the size does not divide: 6 in 4 chunks is 2, 2, 2.
        Assert.Equal(3, torch.zeros(6).chunk(4).Length);
        var columns = x.unbind(1);
        Assert.Equal(3, columns.Length);
        Assert.Equal(new long[] { 7 }, columns[2].shape);
        Assert.Equal(new float[] { 2, 5, 8, 11, 14, 17, 20 }, columns[2].data<float>());
    }

    [Fact]
    public void ViewsShareDataWithTheirBase()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.zeros(2, 3);
        x.view(-1).narrow(0, 4, 1).fill_(7);
        x.t().select(0, 0).fill_(1);  // column 0
        x.split(1)[1].squeeze(0).unsqueeze(0).expand(2, 3).select(0, 0).narrow(0, 2, 1).add_(10);
        Assert.Equal(new float[] { 1, 0, 0, 1, 7, 10 }, x.data<float>());
        Assert.False(x.t().is_contiguous());
        Assert.True(x.t().contiguous().is_contiguous());
        Assert.Equal(new long[] { 1, 3 }, x.t().stride());
    }

    [Fact]
    public void ReshapeAndExpandInferMinusOne()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.zeros(4, 1, 6);
        Assert.Equal(new long[] { 2, 12 }, x.reshape(2, -1).shape);
        Assert.Equal(new long[] { 3, 4, 5, 6 }, x.expand(3, -1, 5, -1).shape);
        Assert.Equal(new long[] { 4, 2, 3 }, x.squeeze(1).unflatten(-1, 2, 3).shape);
        Assert.Equal(new long[] { 6, 4, 1 }, x.permute(2, 0, 1).shape);
        Assert.Equal(new long[] { 4, 6 }, x.flatten(1).shape);
    }

    [Fact]
    public void IntegerTensorsKeepTheirDtype()
    {
        using var scope = torch.NewDisposeScope();
        var a = torch.arange(6).reshape(2, 3);
        var joined = torch.cat(new[] { a, a.flip(1) }, 1);
        Assert.Equal(ScalarType.Int64, joined.dtype);
        Assert.Equal(new long[] { 0, 1, 2, 2, 1, 0, 3, 4, 5, 5, 4, 3 }, joined.data<long>());
        Assert.Equal(new long[] { 0, 3, 1, 4, 2, 5 }, torch.stack(a.unbind(), 1).reshape(-1).data<long>());
        Assert.Equal(new long[] { 0, 0, 0, 3, 4, 0 }, a.tril().data<long>());
    }
}
