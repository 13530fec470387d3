namespace KerasNet.Torch.Tests;

// Reductions against PyTorch (tests/fixtures/cases/reduction.py): values and gradients over all elements and over
// dims, with and without keepdim; indices and boolean results exactly.
public sealed class ReductionParityTests : IDisposable
{
    private readonly Fixture fx = Fixture.Load("reduction");

    public void Dispose() => fx.Dispose();

    private void Exact(string @case, Func<Tensor, Tensor> op)
    {
        using var scope = torch.NewDisposeScope();
        var result = op(fx.Input(@case, 0));
        var expected = fx[$"{@case}.out"];
        Assert.Equal(expected.dtype, result.dtype);
        TensorAssert.Equal(expected, result, @case);
    }

    [Fact] public void SumAll() => Parity.Check(fx, "sum_all", 1, x => x[0].sum());
    [Fact] public void SumDim() => Parity.Check(fx, "sum_dim", 1, x => x[0].sum(1));
    [Fact] public void SumDimsKeepdim() => Parity.Check(fx, "sum_dims_keepdim", 1, x => torch.sum(x[0], new long[] { 0, 2 }, keepdim: true));
    [Fact] public void SumNegativeDim() => Parity.Check(fx, "sum_neg_dim", 1, x => x[0].sum(-1));
    [Fact] public void MeanAll() => Parity.Check(fx, "mean_all", 1, x => torch.mean(x[0]));
    [Fact] public void MeanDim() => Parity.Check(fx, "mean_dim", 1, x => x[0].mean(1));
    [Fact] public void MeanDimsKeepdim() => Parity.Check(fx, "mean_dims_keepdim", 1, x => x[0].mean(new long[] { 0, 2 }, keepdim: true));
    [Fact] public void MeanNegativeDim() => Parity.Check(fx, "mean_neg_dim", 1, x => x[0].mean(-1));
    [Fact] public void AmaxAll() => Parity.Check(fx, "amax_all", 1, x => x[0].amax());
    [Fact] public void AmaxDims() => Parity.Check(fx, "amax_dims", 1, x => x[0].amax(new long[] { 1, 2 }));
    [Fact] public void AmaxKeepdim() => Parity.Check(fx, "amax_keepdim", 1, x => x[0].amax(new long[] { 0 }, keepdim: true));
    [Fact] public void AminAll() => Parity.Check(fx, "amin_all", 1, x => x[0].amin());
    [Fact] public void AminDims() => Parity.Check(fx, "amin_dims", 1, x => x[0].amin(new long[] { 1, 2 }));
    [Fact] public void AminKeepdim() => Parity.Check(fx, "amin_keepdim", 1, x => x[0].amin(new long[] { 0 }, keepdim: true));
    [Fact] public void Logsumexp() => Parity.Check(fx, "logsumexp", 1, x => x[0].logsumexp(1));
    [Fact] public void LogsumexpDimsKeepdim() => Parity.Check(fx, "logsumexp_dims_keepdim", 1, x => x[0].logsumexp(new long[] { 0, 2 }, keepdim: true));
    [Fact] public void LogsumexpOfLargeValuesIsStable() => Parity.Check(fx, "logsumexp_large", 1, x => x[0].logsumexp(-1));
    [Fact] public void StdAll() => Parity.Check(fx, "std_all", 1, x => x[0].std());
    [Fact] public void StdBiased() => Parity.Check(fx, "std_biased", 1, x => x[0].std(unbiased: false));
    [Fact] public void StdDim() => Parity.Check(fx, "std_dim", 1, x => x[0].std(new long[] { 1 }));
    [Fact] public void StdDimsKeepdim() => Parity.Check(fx, "std_dims_keepdim", 1, x => x[0].std(new long[] { 0, 2 }, keepdim: true));
    [Fact] public void StdDimBiased() => Parity.Check(fx, "std_dim_biased", 1, x => x[0].std(new long[] { 2 }, unbiased: false));
    [Fact] public void VarAll() => Parity.Check(fx, "var_all", 1, x => x[0].var());
    [Fact] public void VarBiased() => Parity.Check(fx, "var_biased", 1, x => x[0].var(unbiased: false));
    [Fact] public void VarDim() => Parity.Check(fx, "var_dim", 1, x => x[0].var(new long[] { 1 }));
    [Fact] public void VarDimsKeepdim() => Parity.Check(fx, "var_dims_keepdim", 1, x => x[0].var(new long[] { 0, 2 }, keepdim: true));
    [Fact] public void VarDimBiased() => Parity.Check(fx, "var_dim_biased", 1, x => x[0].var(new long[] { 2 }, unbiased: false));
    [Fact] public void ProdAll() => Parity.Check(fx, "prod_all", 1, x => x[0].prod());
    [Fact] public void ProdDim() => Parity.Check(fx, "prod_dim", 1, x => x[0].prod(1));
    [Fact] public void ProdKeepdim() => Parity.Check(fx, "prod_keepdim", 1, x => x[0].prod(0, keepdim: true));
    [Fact] public void MaxAll() => Parity.Check(fx, "max_all", 1, x => x[0].max());
    [Fact] public void MinAll() => Parity.Check(fx, "min_all", 1, x => x[0].min());
    [Fact] public void MaxDim() => Parity.Check(fx, "max_dim", 1, x => x[0].max(1).values);
    [Fact] public void MaxDimIndices() => Exact("max_dim_indices", x => x.max(1).indices);
    [Fact] public void MaxDimKeepdim() => Parity.Check(fx, "max_dim_keepdim", 1, x => x[0].max(-1, keepdim: true).values);
    [Fact] public void MinDim() => Parity.Check(fx, "min_dim", 1, x => x[0].min(0).values);
    [Fact] public void MinDimIndices() => Exact("min_dim_indices", x => x.min(0).indices);
    [Fact] public void MinDimKeepdim() => Parity.Check(fx, "min_dim_keepdim", 1, x => x[0].min(2, keepdim: true).values);
    [Fact] public void ArgmaxAll() => Exact("argmax_all", x => torch.argmax(x));
    [Fact] public void ArgmaxDim() => Exact("argmax_dim", x => x.argmax(1));
    [Fact] public void ArgmaxKeepdim() => Exact("argmax_keepdim", x => x.argmax(-1, keepdim: true));
    [Fact] public void ArgminAll() => Exact("argmin_all", x => x.argmin());
    [Fact] public void ArgminDim() => Exact("argmin_dim", x => torch.argmin(x, 2));
    [Fact] public void Cumsum() => Parity.Check(fx, "cumsum", 1, x => x[0].cumsum(1));
    [Fact] public void CumsumNegativeDim() => Parity.Check(fx, "cumsum_neg", 1, x => x[0].cumsum(-1));
    [Fact] public void Cumprod() => Parity.Check(fx, "cumprod", 1, x => x[0].cumprod(1));
    [Fact] public void NormAll() => Parity.Check(fx, "norm_all", 1, x => x[0].norm());
    [Fact] public void NormP1Dim() => Parity.Check(fx, "norm_p1_dim", 1, x => x[0].norm(1, new long[] { 1 }));
    [Fact] public void NormP3DimsKeepdim() => Parity.Check(fx, "norm_p3_dims_keepdim", 1, x => x[0].norm(3, new long[] { 0, 2 }, keepdim: true));
    [Fact] public void Nansum() => Parity.Check(fx, "nansum", 1, x => x[0].nansum(new long[] { 1 }));
    [Fact] public void AllOfEverything() => Exact("all_all", x => x.all());
    [Fact] public void AllAlongDim() => Exact("all_dim", x => x.all(1));
    [Fact] public void AnyAlongDimKeepdim() => Exact("any_dim_keepdim", x => x.any(0, keepdim: true));
    [Fact] public void AnyOfFloats() => Exact("any_all", x => x.any());
}
