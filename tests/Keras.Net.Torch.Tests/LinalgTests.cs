namespace KerasNet.Torch.Tests;

// Linear algebra against PyTorch (tests/fixtures/cases/linalg.py): forward values and gradients.
public sealed class LinalgTests : IDisposable
{
    private readonly Fixture fx = Fixture.Load("linalg");

    public void Dispose() => fx.Dispose();

    [Fact] public void Matmul2D() => Parity.Check(fx, "matmul_2d", 2, x => x[0].matmul(x[1]));
    [Fact] public void MatmulBatched() => Parity.Check(fx, "matmul_batched", 2, x => torch.matmul(x[0], x[1]));
    [Fact] public void MatmulBroadcastsBatchDims() => Parity.Check(fx, "matmul_broadcast", 2, x => x[0].matmul(x[1]));
    [Fact] public void MatmulBatchedByMatrix() => Parity.Check(fx, "matmul_batched_by_matrix", 2, x => x[0].matmul(x[1]));
    [Fact] public void MatmulVectorMatrix() => Parity.Check(fx, "matmul_vec_mat", 2, x => x[0].matmul(x[1]));
    [Fact] public void MatmulMatrixVector() => Parity.Check(fx, "matmul_mat_vec", 2, x => x[0].matmul(x[1]));
    [Fact] public void MatmulVectorVector() => Parity.Check(fx, "matmul_vec_vec", 2, x => x[0].matmul(x[1]));
    [Fact] public void MatmulBatchedVector() => Parity.Check(fx, "matmul_batched_vec", 2, x => x[0].matmul(x[1]));
    [Fact] public void Mm() => Parity.Check(fx, "mm", 2, x => x[0].mm(x[1]));
    [Fact] public void Bmm() => Parity.Check(fx, "bmm", 2, x => torch.bmm(x[0], x[1]));
    [Fact] public void Mv() => Parity.Check(fx, "mv", 2, x => x[0].mv(x[1]));
    [Fact] public void Dot() => Parity.Check(fx, "dot", 2, x => torch.dot(x[0], x[1]));
    [Fact] public void Outer() => Parity.Check(fx, "outer", 2, x => x[0].outer(x[1]));
    [Fact] public void EinsumBatchedMatmul() => Parity.Check(fx, "einsum_bmm", 2, x => torch.einsum("bij,bjk->bik", x));
    [Fact] public void EinsumAttentionScores() => Parity.Check(fx, "einsum_attention", 2, x => torch.einsum("bhqd,bhkd->bhqk", x[0], x[1]));
    [Fact] public void EinsumTranspose() => Parity.Check(fx, "einsum_transpose", 1, x => torch.einsum("ij->ji", x[0]));
    [Fact] public void EinsumTrace() => Parity.Check(fx, "einsum_trace", 1, x => torch.einsum("ii", x[0]));
    [Fact] public void EinsumDiagonal() => Parity.Check(fx, "einsum_diag", 1, x => torch.einsum("ii->i", x[0]));
    [Fact] public void EinsumOuter() => Parity.Check(fx, "einsum_outer", 2, x => torch.einsum("i,j->ij", x[0], x[1]));
    [Fact] public void EinsumSumAll() => Parity.Check(fx, "einsum_sum", 1, x => torch.einsum("ij->", x[0]));
    [Fact] public void EinsumEllipsis() => Parity.Check(fx, "einsum_ellipsis", 2, x => torch.einsum("...ij,jk->...ik", x[0], x[1]));
    [Fact] public void EinsumThreeOperands() => Parity.Check(fx, "einsum_three", 3, x => torch.einsum("ij,jk,kl->il", x));
    [Fact] public void Addmm() => Parity.Check(fx, "addmm", 3, x => torch.addmm(x[0], x[1], x[2], beta: 0.5, alpha: 2.0));
    [Fact] public void AddmmBroadcastsBias() => Parity.Check(fx, "addmm_broadcast_bias", 3, x => x[0].addmm(x[1], x[2]));
    [Fact] public void Baddbmm() => Parity.Check(fx, "baddbmm", 3, x => x[0].baddbmm(x[1], x[2], beta: -1.0, alpha: 0.25));
    [Fact] public void CrossAlongDim() => Parity.Check(fx, "cross_dim", 2, x => x[0].cross(x[1], dim: 1));
    [Fact] public void CrossFirstDimOfSize3() => Parity.Check(fx, "cross_default", 2, x => torch.cross(x[0], x[1]));
    [Fact] public void Tensordot2() => Parity.Check(fx, "tensordot_2", 2, x => torch.tensordot(x[0], x[1], 2));
    [Fact] public void Tensordot0IsOuterProduct() => Parity.Check(fx, "tensordot_0", 2, x => x[0].tensordot(x[1], 0));
    [Fact] public void TensordotExplicitDims() => Parity.Check(fx, "tensordot_dims", 2, x => torch.tensordot(x[0], x[1], new long[] { 1, 0 }, new long[] { 0, 1 }));

    [Fact]
    public void IntegerMatmulIsExact()
    {
        using var scope = torch.NewDisposeScope();
        var a = torch.arange(6).reshape(2, 3);
        var b = torch.arange(12).reshape(3, 4);
        var product = a.matmul(b);
        Assert.Equal(ScalarType.Int64, product.dtype);
        Assert.Equal(new long[] { 20, 23, 26, 29, 56, 68, 80, 92 }, product.data<long>());
    }

    [Fact]
    public void TensordotRejectsTooManyDims()
    {
        using var scope = torch.NewDisposeScope();
        var error = Assert.Throws<TorchShapeException>(() => torch.tensordot(torch.zeros(2, 3), torch.zeros(3), 2));
        Assert.Contains("[2, 3]", error.Message);
        Assert.Contains("[3]", error.Message);
    }
}
