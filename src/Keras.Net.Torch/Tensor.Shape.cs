using System.Runtime.InteropServices;
using System.Text;
using KerasNet.Torch.Interop;

namespace KerasNet.Torch;

// Shape ops over src/Keras.Net.Native/src/shape.cpp. Names, argument order and defaults follow PyTorch;
// dims may be negative (counting from the end). Views share this tensor's data, as in PyTorch.
public sealed partial class Tensor
{
    private unsafe Tensor WithLongs(delegate*<IntPtr, long*, int, IntPtr> op, string name, long[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        fixed (long* v = values) return WrapShape(op(Handle, v, values.Length), name, this);
    }

    /// <summary>A view with another shape (one size may be -1); the data must be laid out compatibly, else use <see cref="reshape"/>.</summary>
    public unsafe Tensor view(params long[] shape) => WithLongs(&NativeMethods.kn_view, "view", shape);

    /// <summary>The same data with another shape (one size may be -1): a view when possible, otherwise a copy.</summary>
    public unsafe Tensor reshape(params long[] shape) => WithLongs(&NativeMethods.kn_reshape, "reshape", shape);

    /// <summary>A view with <paramref name="other"/>'s shape.</summary>
    public Tensor view_as(Tensor other) => WrapShape(NativeMethods.kn_view_as(Handle, other.Handle), "view_as", this, other);

    /// <summary>Reshaped to <paramref name="other"/>'s shape.</summary>
    public Tensor reshape_as(Tensor other) => WrapShape(NativeMethods.kn_reshape_as(Handle, other.Handle), "reshape_as", this, other);

    /// <summary>A view with the dims reordered: output dim i is input dim <c>dims[i]</c>.</summary>
    public unsafe Tensor permute(params long[] dims) => WithLongs(&NativeMethods.kn_permute, "permute", dims);

    /// <summary>A view with two dims swapped.</summary>
    public Tensor transpose(long dim0, long dim1) => WrapShape(NativeMethods.kn_transpose(Handle, dim0, dim1), "transpose", this);

    /// <summary>Same as <see cref="transpose"/> (NumPy's name).</summary>
    public Tensor swapaxes(long axis0, long axis1) => transpose(axis0, axis1);

    /// <summary>The transpose of a tensor of rank 2 or less (rank 0 and 1 are returned as they are).</summary>
    public Tensor t() => WrapShape(NativeMethods.kn_t(Handle), "t", this);

    /// <summary>A view with dim <paramref name="source"/> moved to position <paramref name="destination"/>.</summary>
    public Tensor movedim(long source, long destination) => movedim(new[] { source }, new[] { destination });

    /// <summary>A view with each dim of <paramref name="source"/> moved to the matching position of <paramref name="destination"/>.</summary>
    public unsafe Tensor movedim(long[] source, long[] destination)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        if (source.Length != destination.Length)
            throw new ArgumentException($"movedim: {source.Length} source dims but {destination.Length} destination dims; give as many of each.", nameof(destination));
        fixed (long* s = source, d = destination) return WrapShape(NativeMethods.kn_movedim(Handle, s, d, source.Length), "movedim", this);
    }

    /// <summary>A view without the dims of size 1.</summary>
    public Tensor squeeze() => WrapShape(NativeMethods.kn_squeeze(Handle), "squeeze", this);

    /// <summary>A view without dim <paramref name="dim"/> if its size is 1 (unchanged otherwise, as in PyTorch).</summary>
    public Tensor squeeze(long dim) => WrapShape(NativeMethods.kn_squeeze_dim(Handle, dim), "squeeze", this);

    /// <summary>A view with a new dim of size 1 inserted at <paramref name="dim"/> (from -rank-1 to rank).</summary>
    public Tensor unsqueeze(long dim) => WrapShape(NativeMethods.kn_unsqueeze(Handle, dim), "unsqueeze", this);

    /// <summary>Dims <paramref name="start_dim"/> to <paramref name="end_dim"/> (inclusive) merged into one.</summary>
    public Tensor flatten(long start_dim = 0, long end_dim = -1) => WrapShape(NativeMethods.kn_flatten(Handle, start_dim, end_dim), "flatten", this);

    /// <summary>Dim <paramref name="dim"/> split into <paramref name="sizes"/> (one may be -1); the inverse of flatten.</summary>
    public unsafe Tensor unflatten(long dim, params long[] sizes)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        fixed (long* s = sizes) return WrapShape(NativeMethods.kn_unflatten(Handle, dim, s, sizes.Length), "unflatten", this);
    }

    /// <summary>A view broadcasting dims of size 1 to <paramref name="sizes"/> (-1 keeps a size); no data is copied.</summary>
    public unsafe Tensor expand(params long[] sizes) => WithLongs(&NativeMethods.kn_expand, "expand", sizes);

    /// <summary>Expanded to <paramref name="other"/>'s shape.</summary>
    public Tensor expand_as(Tensor other) => WrapShape(NativeMethods.kn_expand_as(Handle, other.Handle), "expand_as", this, other);

    /// <summary>Broadcast to <paramref name="sizes"/> by the broadcasting rules (a view).</summary>
    public unsafe Tensor broadcast_to(params long[] sizes) => WithLongs(&NativeMethods.kn_broadcast_to, "broadcast_to", sizes);

    /// <summary>The data tiled <c>repeats[i]</c> times along each dim (a copy); extra leading repeats add dims.</summary>
    public unsafe Tensor repeat(params long[] repeats) => WithLongs(&NativeMethods.kn_repeat, "repeat", repeats);

    /// <summary>A view of <paramref name="length"/> elements of dim <paramref name="dim"/> from <paramref name="start"/>.</summary>
    public Tensor narrow(long dim, long start, long length) => WrapShape(NativeMethods.kn_narrow(Handle, dim, start, length), "narrow", this);

    /// <summary>A view of element <paramref name="index"/> along <paramref name="dim"/>, without that dim.</summary>
    public Tensor select(long dim, long index) => WrapShape(NativeMethods.kn_select(Handle, dim, index), "select", this);

    /// <summary>The elements in reverse order along each of <paramref name="dims"/> (a copy).</summary>
    public unsafe Tensor flip(params long[] dims) => WithLongs(&NativeMethods.kn_flip, "flip", dims);

    /// <summary>Elements shifted cyclically by <paramref name="shifts"/> along <paramref name="dims"/>; with no dims, over the flattened tensor.</summary>
    public unsafe Tensor roll(long[] shifts, long[]? dims = null)
    {
        ArgumentNullException.ThrowIfNull(shifts);
        dims ??= Array.Empty<long>();
        fixed (long* s = shifts, d = dims) return WrapShape(NativeMethods.kn_roll(Handle, s, shifts.Length, d, dims.Length), "roll", this);
    }

    /// <summary>Elements shifted cyclically by <paramref name="shifts"/> along <paramref name="dim"/> (the flattened tensor if null).</summary>
    public Tensor roll(long shifts, long? dim = null) => roll(new[] { shifts }, dim is null ? null : new[] { dim.Value });

    /// <summary>Views of consecutive pieces of <paramref name="split_size"/> along <paramref name="dim"/> (the last may be smaller).</summary>
    public unsafe Tensor[] split(long split_size, long dim = 0)
    {
        IntPtr* handles;
        long count;
        var status = NativeMethods.kn_split(Handle, split_size, dim, &handles, &count);
        return TakeList(status, handles, count, "split", this);
    }

    /// <summary>Views of pieces of the given sizes along <paramref name="dim"/>; the sizes must add up to that dim's size.</summary>
    public unsafe Tensor[] split(long[] split_sizes, long dim = 0)
    {
        ArgumentNullException.ThrowIfNull(split_sizes);
        IntPtr* handles;
        long count;
        int status;
        fixed (long* s = split_sizes) status = NativeMethods.kn_split_with_sizes(Handle, s, split_sizes.Length, dim, &handles, &count);
        return TakeList(status, handles, count, "split", this);
    }

    /// <summary>Up to <paramref name="chunks"/> views of equal size (the last may be smaller) along <paramref name="dim"/>.</summary>
    public unsafe Tensor[] chunk(long chunks, long dim = 0)
    {
        if (chunks <= 0)
            throw new TorchArgumentException($"chunk: chunks must be at least 1, got {chunks} (input {Describe(this)}).", "chunk");
        IntPtr* handles;
        long count;
        var status = NativeMethods.kn_chunk(Handle, chunks, dim, &handles, &count);
        return TakeList(status, handles, count, "chunk", this);
    }

    /// <summary>The slices along <paramref name="dim"/>, each without that dim.</summary>
    public unsafe Tensor[] unbind(long dim = 0)
    {
        IntPtr* handles;
        long count;
        var status = NativeMethods.kn_unbind(Handle, dim, &handles, &count);
        return TakeList(status, handles, count, "unbind", this);
    }

    /// <summary>The lower triangle of the last two dims (elements above diagonal <paramref name="diagonal"/> set to zero).</summary>
    public Tensor tril(long diagonal = 0) => WrapShape(NativeMethods.kn_tril(Handle, diagonal), "tril", this);

    /// <summary>The upper triangle of the last two dims (elements below diagonal <paramref name="diagonal"/> set to zero).</summary>
    public Tensor triu(long diagonal = 0) => WrapShape(NativeMethods.kn_triu(Handle, diagonal), "triu", this);

    /// <summary>For a vector: a square matrix with it on diagonal <paramref name="diagonal"/>; for a matrix: that diagonal as a vector.</summary>
    public Tensor diag(long diagonal = 0) => WrapShape(NativeMethods.kn_diag(Handle, diagonal), "diag", this);

    /// <summary>A view of the diagonal <paramref name="offset"/> of the matrices formed by dims <paramref name="dim1"/> and <paramref name="dim2"/>.</summary>
    public Tensor diagonal(long offset = 0, long dim1 = 0, long dim2 = 1) => WrapShape(NativeMethods.kn_diagonal(Handle, offset, dim1, dim2), "diagonal", this);

    // ---- helpers for ops that take or return a list of tensors ----

    /// <summary>Wraps the handle array made by the shim (after a successful call) and frees the array.</summary>
    internal static unsafe Tensor[] TakeList(int status, IntPtr* handles, long count, string op, Tensor? input)
    {
        if (status != 0) throw AsShapeError(TorchError.FromNative(op, input));
        var result = new Tensor[count];
        try
        {
            for (var i = 0; i < count; i++) result[i] = new Tensor(handles[i]);
        }
        finally
        {
            NativeMethods.kn_tensor_array_free(handles);
        }
        return result;
    }

    /// <summary>The handles of <paramref name="tensors"/> (throws if one is disposed or null).</summary>
    internal static IntPtr[] Handles(IReadOnlyList<Tensor> tensors, string op)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var handles = new IntPtr[tensors.Count];
        for (var i = 0; i < handles.Length; i++)
            handles[i] = (tensors[i] ?? throw new ArgumentNullException(nameof(tensors), $"{op}: tensor {i} of the list is null.")).Handle;
        return handles;
    }

    /// <summary>
    /// Like <see cref="Wrap(IntPtr, string)"/> for ops over a list of tensors: the error names every input. With
    /// <paramref name="shapeOp"/> (cat, stack) a failure libtorch does not classify is a shape error.
    /// </summary>
    internal static Tensor WrapList(IntPtr result, string op, IReadOnlyList<Tensor> inputs, string? detail = null, bool shapeOp = false)
    {
        if (result != IntPtr.Zero)
        {
            GC.KeepAlive(inputs);
            return new Tensor(result);
        }
        var error = ListError(op, inputs, detail);
        throw shapeOp ? AsShapeError(error) : error;
    }

    /// <summary>
    /// <see cref="Wrap(IntPtr, string, Tensor, Tensor?, Tensor?)"/> for shape and matrix ops: a failure libtorch does not
    /// classify (e.g. "batch1 must be a 3D tensor", "matrix or a vector expected") is a shape error for these ops.
    /// </summary>
    internal static Tensor WrapShape(IntPtr result, string op, Tensor a, Tensor? b = null, Tensor? c = null) =>
        result != IntPtr.Zero ? new Tensor(result) : throw AsShapeError(TorchError.FromNative(op, a, b, c));

    private static TorchException AsShapeError(TorchException error) =>
        error.GetType() == typeof(TorchException) ? new TorchShapeException(error.Message, error.Op) : error;

    /// <summary>The shim's last error as a typed exception naming <paramref name="op"/>, each input's dtype and shape, and <paramref name="detail"/>.</summary>
    internal static TorchException ListError(string op, IReadOnlyList<Tensor> inputs, string? detail = null)
    {
        var kind = NativeMethods.kn_last_error_kind();
        var native = Marshal.PtrToStringUTF8(NativeMethods.kn_last_error()) ?? "unknown error";
        NativeMethods.kn_clear_error();
        var message = new StringBuilder(op).Append(": ").Append(native.Trim()).Append(" (inputs: ");
        const int shown = 8;
        for (var i = 0; i < inputs.Count && i < shown; i++)
        {
            if (i > 0) message.Append(", ");
            message.Append(Describe(inputs[i]));
        }
        if (inputs.Count > shown) message.Append(", and ").Append(inputs.Count - shown).Append(" more");
        if (inputs.Count == 0) message.Append("none");
        if (detail is not null) message.Append("; ").Append(detail);
        message.Append(')');
        return TorchError.Classify(kind, native, message.ToString(), op);
    }

    internal static string Describe(Tensor? t)
    {
        if (t is null) return "null";
        if (t.IsDisposed) return "<disposed>";
        var text = t.dtype.ToTorchName() + Shape.Format(t.shape);
        return t.device.Type == DeviceType.CPU ? text : text + " on " + t.device;
    }
}

public static partial class torch
{
    /// <summary>The tensors joined along an existing dim; all other sizes must match.</summary>
    public static unsafe Tensor cat(IReadOnlyList<Tensor> tensors, long dim = 0)
    {
        var handles = Tensor.Handles(tensors, "cat");
        if (handles.Length == 0) throw new TorchArgumentException("cat: expected a non-empty list of tensors, got an empty one.", "cat");
        fixed (IntPtr* h = handles) return Tensor.WrapList(NativeMethods.kn_cat(h, handles.Length, dim), "cat", tensors, $"dim={dim}", shapeOp: true);
    }

    /// <summary>Same as <see cref="cat"/>.</summary>
    public static Tensor concat(IReadOnlyList<Tensor> tensors, long dim = 0) => cat(tensors, dim);

    /// <summary>Same as <see cref="cat"/>.</summary>
    public static Tensor concatenate(IReadOnlyList<Tensor> tensors, long dim = 0) => cat(tensors, dim);

    /// <summary>The tensors (all of one shape) joined along a new dim inserted at <paramref name="dim"/>.</summary>
    public static unsafe Tensor stack(IReadOnlyList<Tensor> tensors, long dim = 0)
    {
        var handles = Tensor.Handles(tensors, "stack");
        if (handles.Length == 0) throw new TorchArgumentException("stack: expected a non-empty list of tensors, got an empty one.", "stack");
        fixed (IntPtr* h = handles) return Tensor.WrapList(NativeMethods.kn_stack(h, handles.Length, dim), "stack", tensors, $"dim={dim}", shapeOp: true);
    }

    /// <summary>See <see cref="Tensor.reshape"/>.</summary>
    public static Tensor reshape(Tensor input, params long[] shape) => input.reshape(shape);
    /// <summary>See <see cref="Tensor.permute"/>.</summary>
    public static Tensor permute(Tensor input, params long[] dims) => input.permute(dims);
    /// <summary>See <see cref="Tensor.transpose"/>.</summary>
    public static Tensor transpose(Tensor input, long dim0, long dim1) => input.transpose(dim0, dim1);
    /// <summary>See <see cref="Tensor.t"/>.</summary>
    public static Tensor t(Tensor input) => input.t();
    /// <summary>See <see cref="Tensor.movedim(long, long)"/>.</summary>
    public static Tensor movedim(Tensor input, long source, long destination) => input.movedim(source, destination);
    /// <summary>See <see cref="Tensor.squeeze()"/>.</summary>
    public static Tensor squeeze(Tensor input) => input.squeeze();
    /// <summary>See <see cref="Tensor.squeeze(long)"/>.</summary>
    public static Tensor squeeze(Tensor input, long dim) => input.squeeze(dim);
    /// <summary>See <see cref="Tensor.unsqueeze"/>.</summary>
    public static Tensor unsqueeze(Tensor input, long dim) => input.unsqueeze(dim);
    /// <summary>See <see cref="Tensor.flatten"/>.</summary>
    public static Tensor flatten(Tensor input, long start_dim = 0, long end_dim = -1) => input.flatten(start_dim, end_dim);
    /// <summary>See <see cref="Tensor.unflatten"/>.</summary>
    public static Tensor unflatten(Tensor input, long dim, params long[] sizes) => input.unflatten(dim, sizes);
    /// <summary>See <see cref="Tensor.broadcast_to"/>.</summary>
    public static Tensor broadcast_to(Tensor input, params long[] sizes) => input.broadcast_to(sizes);
    /// <summary>See <see cref="Tensor.narrow"/>.</summary>
    public static Tensor narrow(Tensor input, long dim, long start, long length) => input.narrow(dim, start, length);
    /// <summary>See <see cref="Tensor.flip"/>.</summary>
    public static Tensor flip(Tensor input, params long[] dims) => input.flip(dims);
    /// <summary>See <see cref="Tensor.roll(long[], long[])"/>.</summary>
    public static Tensor roll(Tensor input, long[] shifts, long[]? dims = null) => input.roll(shifts, dims);
    /// <summary>See <see cref="Tensor.roll(long, long?)"/>.</summary>
    public static Tensor roll(Tensor input, long shifts, long? dim = null) => input.roll(shifts, dim);
    /// <summary>See <see cref="Tensor.split(long, long)"/>.</summary>
    public static Tensor[] split(Tensor input, long split_size, long dim = 0) => input.split(split_size, dim);
    /// <summary>See <see cref="Tensor.split(long[], long)"/>.</summary>
    public static Tensor[] split(Tensor input, long[] split_sizes, long dim = 0) => input.split(split_sizes, dim);
    /// <summary>See <see cref="Tensor.chunk"/>.</summary>
    public static Tensor[] chunk(Tensor input, long chunks, long dim = 0) => input.chunk(chunks, dim);
    /// <summary>See <see cref="Tensor.unbind"/>.</summary>
    public static Tensor[] unbind(Tensor input, long dim = 0) => input.unbind(dim);
    /// <summary>See <see cref="Tensor.tril"/>.</summary>
    public static Tensor tril(Tensor input, long diagonal = 0) => input.tril(diagonal);
    /// <summary>See <see cref="Tensor.triu"/>.</summary>
    public static Tensor triu(Tensor input, long diagonal = 0) => input.triu(diagonal);
    /// <summary>See <see cref="Tensor.diag"/>.</summary>
    public static Tensor diag(Tensor input, long diagonal = 0) => input.diag(diagonal);
    /// <summary>See <see cref="Tensor.diagonal"/>.</summary>
    public static Tensor diagonal(Tensor input, long offset = 0, long dim1 = 0, long dim2 = 1) => input.diagonal(offset, dim1, dim2);
}
