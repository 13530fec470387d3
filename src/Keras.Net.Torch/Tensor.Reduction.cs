using KerasNet.Torch.Interop;

namespace KerasNet.Torch;

// Reductions over src/Keras.Net.Native/src/reduction.cpp. A null dim list reduces over every element.
public sealed partial class Tensor
{
    private unsafe Tensor ReduceDims(delegate*<IntPtr, long*, int, int, IntPtr> op, string name, long[]? dims, bool keepdim)
    {
        dims ??= Array.Empty<long>();
        fixed (long* d = dims) return Wrap(op(Handle, d, dims.Length, keepdim ? 1 : 0), name, this);
    }

    /// <summary>Sum over all elements, or over <paramref name="dim"/>.</summary>
    public unsafe Tensor sum(long[]? dim = null, bool keepdim = false) => ReduceDims(&NativeMethods.kn_sum, "sum", dim, keepdim);
    /// <summary>Sum over one dim.</summary>
    public Tensor sum(long dim, bool keepdim = false) => sum(new[] { dim }, keepdim);
    /// <summary>Mean over all elements, or over <paramref name="dim"/>.</summary>
    public unsafe Tensor mean(long[]? dim = null, bool keepdim = false) => ReduceDims(&NativeMethods.kn_mean, "mean", dim, keepdim);
    /// <summary>Mean over one dim.</summary>
    public Tensor mean(long dim, bool keepdim = false) => mean(new[] { dim }, keepdim);
    /// <summary>Maximum values over <paramref name="dim"/> (all dims if null), without indices.</summary>
    public unsafe Tensor amax(long[]? dim = null, bool keepdim = false) => ReduceDims(&NativeMethods.kn_amax, "amax", dim, keepdim);
    /// <summary>Minimum values over <paramref name="dim"/> (all dims if null), without indices.</summary>
    public unsafe Tensor amin(long[]? dim = null, bool keepdim = false) => ReduceDims(&NativeMethods.kn_amin, "amin", dim, keepdim);
    /// <summary>log(sum(exp(x))) over <paramref name="dim"/>, computed stably.</summary>
    public unsafe Tensor logsumexp(long[] dim, bool keepdim = false) => ReduceDims(&NativeMethods.kn_logsumexp, "logsumexp", dim, keepdim);
    /// <summary>log(sum(exp(x))) over one dim.</summary>
    public Tensor logsumexp(long dim, bool keepdim = false) => logsumexp(new[] { dim }, keepdim);
    /// <summary>Sum treating NaN as zero.</summary>
    public unsafe Tensor nansum(long[]? dim = null, bool keepdim = false) => ReduceDims(&NativeMethods.kn_nansum, "nansum", dim, keepdim);

    /// <summary>Standard deviation; <paramref name="unbiased"/> uses Bessel's correction, as PyTorch's default.</summary>
    public unsafe Tensor std(long[]? dim = null, bool unbiased = true, bool keepdim = false)
    {
        dim ??= Array.Empty<long>();
        fixed (long* d = dim) return Wrap(NativeMethods.kn_std(Handle, d, dim.Length, unbiased ? 1 : 0, keepdim ? 1 : 0), "std", this);
    }

    /// <summary>Variance; <paramref name="unbiased"/> uses Bessel's correction, as PyTorch's default.</summary>
    public unsafe Tensor var(long[]? dim = null, bool unbiased = true, bool keepdim = false)
    {
        dim ??= Array.Empty<long>();
        fixed (long* d = dim) return Wrap(NativeMethods.kn_var(Handle, d, dim.Length, unbiased ? 1 : 0, keepdim ? 1 : 0), "var", this);
    }

    /// <summary>Product of all elements, or along one dim.</summary>
    public Tensor prod(long? dim = null, bool keepdim = false) => Wrap(NativeMethods.kn_prod(Handle, dim ?? 0, dim is null ? 0 : 1, keepdim ? 1 : 0), "prod", this);
    /// <summary>True where all elements (along <paramref name="dim"/>) are non-zero.</summary>
    public Tensor all(long? dim = null, bool keepdim = false) => Wrap(NativeMethods.kn_all(Handle, dim ?? 0, dim is null ? 0 : 1, keepdim ? 1 : 0), "all", this);
    /// <summary>True where any element (along <paramref name="dim"/>) is non-zero.</summary>
    public Tensor any(long? dim = null, bool keepdim = false) => Wrap(NativeMethods.kn_any(Handle, dim ?? 0, dim is null ? 0 : 1, keepdim ? 1 : 0), "any", this);
    /// <summary>Index of the maximum (over the flattened tensor, or along <paramref name="dim"/>).</summary>
    public Tensor argmax(long? dim = null, bool keepdim = false) => Wrap(NativeMethods.kn_argmax(Handle, dim ?? 0, dim is null ? 0 : 1, keepdim ? 1 : 0), "argmax", this);
    /// <summary>Index of the minimum (over the flattened tensor, or along <paramref name="dim"/>).</summary>
    public Tensor argmin(long? dim = null, bool keepdim = false) => Wrap(NativeMethods.kn_argmin(Handle, dim ?? 0, dim is null ? 0 : 1, keepdim ? 1 : 0), "argmin", this);
    /// <summary>The largest element.</summary>
    public Tensor max() => Wrap(NativeMethods.kn_max_all(Handle), "max", this);
    /// <summary>The smallest element.</summary>
    public Tensor min() => Wrap(NativeMethods.kn_min_all(Handle), "min", this);

    /// <summary>Maximum values and their indices along <paramref name="dim"/>.</summary>
    public unsafe (Tensor values, Tensor indices) max(long dim, bool keepdim = false)
    {
        IntPtr v, i;
        Check(NativeMethods.kn_max_dim(Handle, dim, keepdim ? 1 : 0, &v, &i), "max", this);
        return (new Tensor(v), new Tensor(i));
    }

    /// <summary>Minimum values and their indices along <paramref name="dim"/>.</summary>
    public unsafe (Tensor values, Tensor indices) min(long dim, bool keepdim = false)
    {
        IntPtr v, i;
        Check(NativeMethods.kn_min_dim(Handle, dim, keepdim ? 1 : 0, &v, &i), "min", this);
        return (new Tensor(v), new Tensor(i));
    }

    /// <summary>Cumulative sum along <paramref name="dim"/>.</summary>
    public Tensor cumsum(long dim) => Wrap(NativeMethods.kn_cumsum(Handle, dim), "cumsum", this);
    /// <summary>Cumulative product along <paramref name="dim"/>.</summary>
    public Tensor cumprod(long dim) => Wrap(NativeMethods.kn_cumprod(Handle, dim), "cumprod", this);

    /// <summary>The p-norm over all elements or over <paramref name="dim"/>.</summary>
    public unsafe Tensor norm(double p = 2, long[]? dim = null, bool keepdim = false)
    {
        dim ??= Array.Empty<long>();
        fixed (long* d = dim) return Wrap(NativeMethods.kn_norm(Handle, p, d, dim.Length, keepdim ? 1 : 0), "norm", this);
    }
}

public static partial class torch
{
    /// <summary>Sum over all elements, or over <paramref name="dim"/>.</summary>
    public static Tensor sum(Tensor input, long[]? dim = null, bool keepdim = false) => input.sum(dim, keepdim);
    /// <summary>Mean over all elements, or over <paramref name="dim"/>.</summary>
    public static Tensor mean(Tensor input, long[]? dim = null, bool keepdim = false) => input.mean(dim, keepdim);
    /// <summary>Index of the maximum.</summary>
    public static Tensor argmax(Tensor input, long? dim = null, bool keepdim = false) => input.argmax(dim, keepdim);
    /// <summary>Index of the minimum.</summary>
    public static Tensor argmin(Tensor input, long? dim = null, bool keepdim = false) => input.argmin(dim, keepdim);
}
