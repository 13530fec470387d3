using KerasNet.Torch.Interop;

namespace KerasNet.Torch;

// Indexing over src/Keras.Net.Native/src/index.cpp: x[...] through TensorIndex, and the index-based ops.
public sealed partial class Tensor
{
    /// <summary>
    /// Python-style indexing: <c>x[0]</c>, <c>x[.., 1..3]</c>, <c>x[TensorIndex.Ellipsis, ^1]</c>, <c>x[mask]</c>, <c>x[idx]</c>.
    /// Basic indexing (integers, slices, ellipsis, None) returns a view; tensor indices return a copy.
    /// Setting writes in place: <c>x[mask] = values</c> (see <see cref="index_put_(Scalar, TensorIndex[])"/> for a number).
    /// </summary>
    public Tensor this[params TensorIndex[] indices]
    {
        get => index(indices);
        set => index_put_(value, indices);
    }

    /// <summary>Same as the getter of <see cref="this[TensorIndex[]]"/>.</summary>
    public Tensor index(params TensorIndex[] indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        var result = IndexCall(IndexMode.Get, indices, null, default);
        if (result == IntPtr.Zero) throw IndexError("index", indices);
        return new Tensor(result);
    }

    /// <summary>Writes <paramref name="value"/> (broadcast) into the elements selected by <paramref name="indices"/>, in place.</summary>
    public Tensor index_put_(Tensor value, params TensorIndex[] indices)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(indices);
        if (IndexCall(IndexMode.PutTensor, indices, value, default) != 0) throw IndexError("index_put_", indices, value);
        return this;
    }

    /// <summary>Fills the elements selected by <paramref name="indices"/> with <paramref name="value"/>, in place (Python's <c>x[...] = 0</c>).</summary>
    public Tensor index_put_(Scalar value, params TensorIndex[] indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        if (IndexCall(IndexMode.PutScalar, indices, null, value.Native) != 0) throw IndexError("index_put_", indices);
        return this;
    }

    private enum IndexMode { Get, PutTensor, PutScalar }

    // Index lists up to this long are marshalled from the stack.
    private const int StackIndices = 8;

    /// <summary>
    /// Marshals <paramref name="indices"/> as the shim's parallel arrays (kind codes, three int64 per entry, tensor
    /// handles) and makes the one native call: returns the new handle (Get) or the status (Put*), as a pointer-sized value.
    /// </summary>
    private unsafe IntPtr IndexCall(IndexMode mode, TensorIndex[] indices, Tensor? value, NativeScalar scalar)
    {
        var n = indices.Length;
        Span<int> kinds = n <= StackIndices ? stackalloc int[StackIndices] : new int[n];
        Span<long> args = n <= StackIndices ? stackalloc long[3 * StackIndices] : new long[3 * n];
        Span<IntPtr> tensors = n <= StackIndices ? stackalloc IntPtr[StackIndices] : new IntPtr[n];
        for (var i = 0; i < n; i++)
        {
            var entry = indices[i];
            kinds[i] = entry.Code;
            args[3 * i] = entry.Start;
            args[3 * i + 1] = entry.Stop;
            args[3 * i + 2] = entry.Step;
            tensors[i] = entry.Kind == TensorIndex.IndexKind.Tensor ? entry.TensorValue!.Handle : IntPtr.Zero;
        }
        IntPtr result;
        fixed (int* k = kinds)
        fixed (long* a = args)
        fixed (IntPtr* t = tensors)
        {
            result = mode switch
            {
                IndexMode.Get => NativeMethods.kn_index(Handle, k, a, t, n),
                IndexMode.PutTensor => NativeMethods.kn_index_put_(Handle, k, a, t, n, value!.Handle),
                _ => NativeMethods.kn_index_put_scalar_(Handle, k, a, t, n, scalar),
            };
        }
        // The index tensors (held by the array) and the value must outlive the native call.
        GC.KeepAlive(this);
        GC.KeepAlive(indices);
        GC.KeepAlive(value);
        return result;
    }

    private TorchException IndexError(string op, TensorIndex[] indices, Tensor? value = null)
    {
        var inputs = new List<Tensor> { this };
        if (value is not null) inputs.Add(value);
        return ListError(op, inputs, "indices [" + string.Join(", ", indices.Select(i => i.ToString())) + "]");
    }

    // Ops taking an integer index tensor: libtorch reports some of their failures unclassified (a float index to take)
    // or as a shape problem (an index out of range for index_select); these name the real cause.
    private static Tensor WrapIndexOp(IntPtr result, string op, Tensor self, Tensor index, Tensor? other = null) =>
        result != IntPtr.Zero ? new Tensor(result) : throw IndexOpError(op, self, index, other);

    private static void CheckIndexOp(int status, string op, Tensor self, Tensor index, Tensor? other = null)
    {
        if (status != 0) throw IndexOpError(op, self, index, other);
    }

    private static TorchException IndexOpError(string op, Tensor self, Tensor index, Tensor? other)
    {
        var error = TorchError.FromNative(op, self, index, other);
        if (error is TorchDTypeException or TorchDeviceException or TorchOutOfMemoryException) return error;
        if (!index.IsDisposed && index.dtype is not (ScalarType.Int64 or ScalarType.Int32))
            return new TorchDTypeException($"{error.Message} The index must be an int64 tensor: convert it with index.@long().", op);
        if (error.Message.Contains("out of DATA bounds", StringComparison.Ordinal) || error.Message.Contains("out of range", StringComparison.Ordinal))
            return new TorchIndexException(error.Message, op);
        return error;
    }

    /// <summary>Values picked along <paramref name="dim"/>: <c>out[i][j] = this[index[i][j]][j]</c> for dim 0, and so on; index has this tensor's rank.</summary>
    public Tensor gather(long dim, Tensor index, bool sparse_grad = false) =>
        WrapIndexOp(NativeMethods.kn_gather(Handle, dim, index.Handle, sparse_grad ? 1 : 0), "gather", this, index);

    /// <summary>A copy with <paramref name="src"/>'s values written at <paramref name="index"/> along <paramref name="dim"/> (the inverse of gather).</summary>
    public Tensor scatter(long dim, Tensor index, Tensor src) =>
        WrapIndexOp(NativeMethods.kn_scatter(Handle, dim, index.Handle, src.Handle), "scatter", this, index, src);

    /// <summary>A copy with <paramref name="value"/> written at <paramref name="index"/> along <paramref name="dim"/>.</summary>
    public Tensor scatter(long dim, Tensor index, Scalar value) =>
        WrapIndexOp(NativeMethods.kn_scatter_value(Handle, dim, index.Handle, value.Native), "scatter", this, index);

    /// <summary>A copy with <paramref name="src"/>'s values added at <paramref name="index"/> along <paramref name="dim"/> (repeated indices add up).</summary>
    public Tensor scatter_add(long dim, Tensor index, Tensor src) =>
        WrapIndexOp(NativeMethods.kn_scatter_add(Handle, dim, index.Handle, src.Handle), "scatter_add", this, index, src);

    /// <summary>In-place <see cref="scatter(long, Tensor, Tensor)"/>.</summary>
    public Tensor scatter_(long dim, Tensor index, Tensor src)
    {
        CheckIndexOp(NativeMethods.kn_scatter_(Handle, dim, index.Handle, src.Handle), "scatter_", this, index, src);
        return this;
    }

    /// <summary>In-place <see cref="scatter(long, Tensor, Scalar)"/>.</summary>
    public Tensor scatter_(long dim, Tensor index, Scalar value)
    {
        CheckIndexOp(NativeMethods.kn_scatter_value_(Handle, dim, index.Handle, value.Native), "scatter_", this, index);
        return this;
    }

    /// <summary>In-place <see cref="scatter_add"/>.</summary>
    public Tensor scatter_add_(long dim, Tensor index, Tensor src)
    {
        CheckIndexOp(NativeMethods.kn_scatter_add_(Handle, dim, index.Handle, src.Handle), "scatter_add_", this, index, src);
        return this;
    }

    /// <summary>The slices at the positions in the 1-D integer tensor <paramref name="index"/> along <paramref name="dim"/>.</summary>
    public Tensor index_select(long dim, Tensor index) =>
        WrapIndexOp(NativeMethods.kn_index_select(Handle, dim, index.Handle), "index_select", this, index);

    /// <summary>A copy with <paramref name="alpha"/> * <paramref name="source"/>'s slices added at the positions <paramref name="index"/> along <paramref name="dim"/>.</summary>
    public Tensor index_add(long dim, Tensor index, Tensor source, Scalar? alpha = null) =>
        WrapIndexOp(NativeMethods.kn_index_add(Handle, dim, index.Handle, source.Handle, (alpha ?? 1).Native), "index_add", this, index, source);

    /// <summary>In-place <see cref="index_add"/>.</summary>
    public Tensor index_add_(long dim, Tensor index, Tensor source, Scalar? alpha = null)
    {
        CheckIndexOp(NativeMethods.kn_index_add_(Handle, dim, index.Handle, source.Handle, (alpha ?? 1).Native), "index_add_", this, index, source);
        return this;
    }

    /// <summary>A copy with the slices at <paramref name="index"/> along <paramref name="dim"/> set to <paramref name="value"/>.</summary>
    public Tensor index_fill(long dim, Tensor index, Scalar value) =>
        WrapIndexOp(NativeMethods.kn_index_fill(Handle, dim, index.Handle, value.Native), "index_fill", this, index);

    /// <summary>A copy with <paramref name="value"/> where the boolean <paramref name="mask"/> (broadcast) is true.</summary>
    public Tensor masked_fill(Tensor mask, Scalar value) =>
        Wrap(NativeMethods.kn_masked_fill(Handle, mask.Handle, value.Native), "masked_fill", this, mask);

    /// <summary>A copy with the 0-d tensor <paramref name="value"/> where <paramref name="mask"/> is true (differentiable in the value).</summary>
    public Tensor masked_fill(Tensor mask, Tensor value) =>
        Wrap(NativeMethods.kn_masked_fill_tensor(Handle, mask.Handle, value.Handle), "masked_fill", this, mask, value);

    /// <summary>In-place <see cref="masked_fill(Tensor, Scalar)"/>.</summary>
    public Tensor masked_fill_(Tensor mask, Scalar value)
    {
        Check(NativeMethods.kn_masked_fill_(Handle, mask.Handle, value.Native), "masked_fill_", this, mask);
        return this;
    }

    /// <summary>In-place <see cref="masked_fill(Tensor, Tensor)"/>.</summary>
    public Tensor masked_fill_(Tensor mask, Tensor value)
    {
        Check(NativeMethods.kn_masked_fill_tensor_(Handle, mask.Handle, value.Handle), "masked_fill_", this, mask, value);
        return this;
    }

    /// <summary>The elements where <paramref name="mask"/> (broadcast) is true, as a 1-D tensor.</summary>
    public Tensor masked_select(Tensor mask) => Wrap(NativeMethods.kn_masked_select(Handle, mask.Handle), "masked_select", this, mask);

    /// <summary>The indices of the non-zero elements, one row per element: shape [count, rank].</summary>
    public Tensor nonzero() => Wrap(NativeMethods.kn_nonzero(Handle), "nonzero", this);

    /// <summary>The elements at <paramref name="index"/> in the flattened tensor, in <paramref name="index"/>'s shape.</summary>
    public Tensor take(Tensor index) => WrapIndexOp(NativeMethods.kn_take(Handle, index.Handle), "take", this, index);
}

public static partial class torch
{
    /// <summary>The indices where <paramref name="condition"/> is true: one 1-D tensor per dim (as <c>torch.where(cond)</c> and <c>nonzero(as_tuple=True)</c>).</summary>
    public static unsafe Tensor[] where(Tensor condition)
    {
        IntPtr* handles;
        long count;
        var status = NativeMethods.kn_where_indices(condition.Handle, &handles, &count);
        return Tensor.TakeList(status, handles, count, "where", condition);
    }

    /// <summary>See <see cref="Tensor.gather"/>.</summary>
    public static Tensor gather(Tensor input, long dim, Tensor index, bool sparse_grad = false) => input.gather(dim, index, sparse_grad);
    /// <summary>See <see cref="Tensor.scatter(long, Tensor, Tensor)"/>.</summary>
    public static Tensor scatter(Tensor input, long dim, Tensor index, Tensor src) => input.scatter(dim, index, src);
    /// <summary>See <see cref="Tensor.scatter(long, Tensor, Scalar)"/>.</summary>
    public static Tensor scatter(Tensor input, long dim, Tensor index, Scalar value) => input.scatter(dim, index, value);
    /// <summary>See <see cref="Tensor.scatter_add"/>.</summary>
    public static Tensor scatter_add(Tensor input, long dim, Tensor index, Tensor src) => input.scatter_add(dim, index, src);
    /// <summary>See <see cref="Tensor.index_select"/>.</summary>
    public static Tensor index_select(Tensor input, long dim, Tensor index) => input.index_select(dim, index);
    /// <summary>See <see cref="Tensor.index_add"/>.</summary>
    public static Tensor index_add(Tensor input, long dim, Tensor index, Tensor source, Scalar? alpha = null) => input.index_add(dim, index, source, alpha);
    /// <summary>See <see cref="Tensor.masked_fill(Tensor, Scalar)"/>.</summary>
    public static Tensor masked_fill(Tensor input, Tensor mask, Scalar value) => input.masked_fill(mask, value);
    /// <summary>See <see cref="Tensor.masked_select"/>.</summary>
    public static Tensor masked_select(Tensor input, Tensor mask) => input.masked_select(mask);
    /// <summary>See <see cref="Tensor.nonzero"/>.</summary>
    public static Tensor nonzero(Tensor input) => input.nonzero();
    /// <summary>See <see cref="Tensor.take"/>.</summary>
    public static Tensor take(Tensor input, Tensor index) => input.take(index);
}
