using KerasNet.Torch.Interop;

namespace KerasNet.Torch;

// Linear algebra over src/Keras.Net.Native/src/linalg.cpp.
public sealed partial class Tensor
{
    /// <summary>
    /// The matrix product with NumPy's rules: vector·vector is a dot product, a vector is promoted to a matrix and
    /// the added dim removed afterwards, and leading (batch) dims broadcast.
    /// </summary>
    public Tensor matmul(Tensor other) => WrapShape(NativeMethods.kn_matmul(Handle, other.Handle), "matmul", this, other);

    /// <summary>The product of two matrices (no broadcasting): [n, m] × [m, p] → [n, p].</summary>
    public Tensor mm(Tensor mat2) => WrapShape(NativeMethods.kn_mm(Handle, mat2.Handle), "mm", this, mat2);

    /// <summary>Batched matrix product of rank-3 tensors: [b, n, m] × [b, m, p] → [b, n, p].</summary>
    public Tensor bmm(Tensor mat2) => WrapShape(NativeMethods.kn_bmm(Handle, mat2.Handle), "bmm", this, mat2);

    /// <summary>Matrix × vector: [n, m] × [m] → [n].</summary>
    public Tensor mv(Tensor vec) => WrapShape(NativeMethods.kn_mv(Handle, vec.Handle), "mv", this, vec);

    /// <summary>The dot product of two 1-D tensors of the same length (a 0-d tensor).</summary>
    public Tensor dot(Tensor other) => WrapShape(NativeMethods.kn_dot(Handle, other.Handle), "dot", this, other);

    /// <summary>The outer product of two vectors: [n] × [m] → [n, m].</summary>
    public Tensor outer(Tensor vec2) => WrapShape(NativeMethods.kn_outer(Handle, vec2.Handle), "outer", this, vec2);

    /// <summary><paramref name="beta"/> * this + <paramref name="alpha"/> * (mat1 @ mat2); this broadcasts to the product's shape.</summary>
    public Tensor addmm(Tensor mat1, Tensor mat2, Scalar? beta = null, Scalar? alpha = null) =>
        WrapShape(NativeMethods.kn_addmm(Handle, mat1.Handle, mat2.Handle, (beta ?? 1).Native, (alpha ?? 1).Native), "addmm", this, mat1, mat2);

    /// <summary><paramref name="beta"/> * this + <paramref name="alpha"/> * bmm(batch1, batch2).</summary>
    public Tensor baddbmm(Tensor batch1, Tensor batch2, Scalar? beta = null, Scalar? alpha = null) =>
        WrapShape(NativeMethods.kn_baddbmm(Handle, batch1.Handle, batch2.Handle, (beta ?? 1).Native, (alpha ?? 1).Native), "baddbmm", this, batch1, batch2);

    /// <summary>The cross product of 3-vectors along <paramref name="dim"/> (if null, the first dim of size 3, as PyTorch).</summary>
    public Tensor cross(Tensor other, long? dim = null) =>
        WrapShape(NativeMethods.kn_cross(Handle, other.Handle, dim ?? 0, dim is null ? 0 : 1), "cross", this, other);

    /// <summary>Contracts the last <paramref name="dims"/> dims of this tensor with the first <paramref name="dims"/> of <paramref name="other"/>.</summary>
    public Tensor tensordot(Tensor other, long dims = 2)
    {
        var rank = dim();
        var otherRank = other.dim();
        if (dims < 0 || dims > rank || dims > otherRank)
            throw new TorchShapeException(
                $"tensordot: cannot contract {dims} dims of tensors of rank {rank} and {otherRank} (shapes {Shape.Format(shape)} and {Shape.Format(other.shape)}); " +
                "dims must be between 0 and the smaller rank.", "tensordot");
        var a = new long[dims];
        var b = new long[dims];
        for (var i = 0; i < dims; i++)
        {
            a[i] = rank - dims + i;
            b[i] = i;
        }
        return tensordot(other, a, b);
    }

    /// <summary>Contracts dims <paramref name="dims_self"/> of this tensor with dims <paramref name="dims_other"/> of <paramref name="other"/>, pairwise.</summary>
    public unsafe Tensor tensordot(Tensor other, long[] dims_self, long[] dims_other)
    {
        ArgumentNullException.ThrowIfNull(dims_self);
        ArgumentNullException.ThrowIfNull(dims_other);
        if (dims_self.Length != dims_other.Length)
            throw new ArgumentException($"tensordot: {dims_self.Length} dims given for the first tensor but {dims_other.Length} for the second; they pair up, so give as many of each.", nameof(dims_other));
        fixed (long* a = dims_self, b = dims_other)
            return WrapShape(NativeMethods.kn_tensordot(Handle, other.Handle, a, b, dims_self.Length), "tensordot", this, other);
    }
}

public static partial class torch
{
    /// <summary>See <see cref="Tensor.matmul"/>.</summary>
    public static Tensor matmul(Tensor input, Tensor other) => input.matmul(other);
    /// <summary>See <see cref="Tensor.mm"/>.</summary>
    public static Tensor mm(Tensor input, Tensor mat2) => input.mm(mat2);
    /// <summary>See <see cref="Tensor.bmm"/>.</summary>
    public static Tensor bmm(Tensor input, Tensor mat2) => input.bmm(mat2);
    /// <summary>See <see cref="Tensor.mv"/>.</summary>
    public static Tensor mv(Tensor input, Tensor vec) => input.mv(vec);
    /// <summary>See <see cref="Tensor.dot"/>.</summary>
    public static Tensor dot(Tensor input, Tensor other) => input.dot(other);
    /// <summary>See <see cref="Tensor.outer"/>.</summary>
    public static Tensor outer(Tensor input, Tensor vec2) => input.outer(vec2);
    /// <summary>See <see cref="Tensor.addmm"/>.</summary>
    public static Tensor addmm(Tensor input, Tensor mat1, Tensor mat2, Scalar? beta = null, Scalar? alpha = null) => input.addmm(mat1, mat2, beta, alpha);
    /// <summary>See <see cref="Tensor.baddbmm"/>.</summary>
    public static Tensor baddbmm(Tensor input, Tensor batch1, Tensor batch2, Scalar? beta = null, Scalar? alpha = null) => input.baddbmm(batch1, batch2, beta, alpha);
    /// <summary>See <see cref="Tensor.cross"/>.</summary>
    public static Tensor cross(Tensor input, Tensor other, long? dim = null) => input.cross(other, dim);
    /// <summary>See <see cref="Tensor.tensordot(Tensor, long)"/>.</summary>
    public static Tensor tensordot(Tensor a, Tensor b, long dims = 2) => a.tensordot(b, dims);
    /// <summary>See <see cref="Tensor.tensordot(Tensor, long[], long[])"/>.</summary>
    public static Tensor tensordot(Tensor a, Tensor b, long[] dims_a, long[] dims_b) => a.tensordot(b, dims_a, dims_b);

    /// <summary>
    /// Einstein summation, e.g. <c>einsum("bij,bjk-&gt;bik", a, b)</c>: letters name dims, repeated letters are multiplied
    /// along, letters missing from the output are summed over, and <c>...</c> stands for broadcast dims.
    /// </summary>
    public static unsafe Tensor einsum(string equation, params Tensor[] operands)
    {
        ArgumentNullException.ThrowIfNull(equation);
        var handles = Tensor.Handles(operands, "einsum");
        IntPtr result;
        fixed (IntPtr* h = handles) result = NativeMethods.kn_einsum(equation, h, handles.Length);
        if (result != IntPtr.Zero) return Tensor.WrapList(result, "einsum", operands);
        // An equation libtorch cannot parse or match to the operands comes back unclassified: it is a bad argument.
        var error = Tensor.ListError("einsum", operands, $"equation \"{equation}\"");
        throw error.GetType() == typeof(TorchException) ? new TorchArgumentException(error.Message, "einsum") : error;
    }
}
