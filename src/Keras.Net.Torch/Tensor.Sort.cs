using KerasNet.Torch.Interop;

namespace KerasNet.Torch;

// Sorting and selection over src/Keras.Net.Native/src/sort.cpp.
public sealed partial class Tensor
{
    /// <summary>The elements sorted along <paramref name="dim"/>, and the indices that sort them.</summary>
    /// <param name="dim">The dim to sort along (default: the last).</param>
    /// <param name="descending">Largest first.</param>
    /// <param name="stable">Keep equal elements in their original order.</param>
    public unsafe (Tensor values, Tensor indices) sort(long dim = -1, bool descending = false, bool stable = false)
    {
        IntPtr v, i;
        Check(NativeMethods.kn_sort(Handle, dim, descending ? 1 : 0, stable ? 1 : 0, &v, &i), "sort", this);
        return (new Tensor(v), new Tensor(i));
    }

    /// <summary>The indices that sort the elements along <paramref name="dim"/>.</summary>
    public Tensor argsort(long dim = -1, bool descending = false, bool stable = false) =>
        Wrap(NativeMethods.kn_argsort(Handle, dim, descending ? 1 : 0, stable ? 1 : 0), "argsort", this);

    /// <summary>The <paramref name="k"/> largest (or smallest) elements along <paramref name="dim"/> and their indices.</summary>
    public unsafe (Tensor values, Tensor indices) topk(long k, long dim = -1, bool largest = true, bool sorted = true)
    {
        IntPtr v, i;
        Check(NativeMethods.kn_topk(Handle, k, dim, largest ? 1 : 0, sorted ? 1 : 0, &v, &i), "topk", this);
        return (new Tensor(v), new Tensor(i));
    }

    /// <summary>The <paramref name="k"/>-th smallest element (1-based) along <paramref name="dim"/> and its index.</summary>
    public unsafe (Tensor values, Tensor indices) kthvalue(long k, long dim = -1, bool keepdim = false)
    {
        IntPtr v, i;
        Check(NativeMethods.kn_kthvalue(Handle, k, dim, keepdim ? 1 : 0, &v, &i), "kthvalue", this);
        return (new Tensor(v), new Tensor(i));
    }

    /// <summary>
    /// The distinct elements (of the flattened tensor, or the distinct slices along <paramref name="dim"/>), and when asked
    /// the index of each input element in that list (<paramref name="return_inverse"/>) and how often each occurs
    /// (<paramref name="return_counts"/>); the ones not asked for are null.
    /// </summary>
    public unsafe (Tensor output, Tensor? inverse_indices, Tensor? counts) unique(bool sorted = true, bool return_inverse = false, bool return_counts = false, long? dim = null)
    {
        IntPtr v, inv, c;
        Check(NativeMethods.kn_unique(Handle, sorted ? 1 : 0, return_inverse ? 1 : 0, return_counts ? 1 : 0, dim ?? 0, dim is null ? 0 : 1, &v, &inv, &c), "unique", this);
        return (new Tensor(v), inv == IntPtr.Zero ? null : new Tensor(inv), c == IntPtr.Zero ? null : new Tensor(c));
    }
}

public static partial class torch
{
    /// <summary>See <see cref="Tensor.sort"/>.</summary>
    public static (Tensor values, Tensor indices) sort(Tensor input, long dim = -1, bool descending = false, bool stable = false) => input.sort(dim, descending, stable);
    /// <summary>See <see cref="Tensor.argsort"/>.</summary>
    public static Tensor argsort(Tensor input, long dim = -1, bool descending = false, bool stable = false) => input.argsort(dim, descending, stable);
    /// <summary>See <see cref="Tensor.topk"/>.</summary>
    public static (Tensor values, Tensor indices) topk(Tensor input, long k, long dim = -1, bool largest = true, bool sorted = true) => input.topk(k, dim, largest, sorted);
    /// <summary>See <see cref="Tensor.kthvalue"/>.</summary>
    public static (Tensor values, Tensor indices) kthvalue(Tensor input, long k, long dim = -1, bool keepdim = false) => input.kthvalue(k, dim, keepdim);
    /// <summary>See <see cref="Tensor.unique"/>.</summary>
    public static (Tensor output, Tensor? inverse_indices, Tensor? counts) unique(Tensor input, bool sorted = true, bool return_inverse = false, bool return_counts = false, long? dim = null) =>
        input.unique(sorted, return_inverse, return_counts, dim);
}
