using KerasNet.Torch.Interop;

namespace KerasNet.Torch;

public static partial class torch
{
    /// <summary>Linear-algebra functions, as <c>torch.linalg</c>.</summary>
    public static partial class linalg
    {
        /// <summary>The reduced QR decomposition: <c>a = q @ r</c> with orthonormal columns in q and upper-triangular r.</summary>
        public static unsafe (Tensor Q, Tensor R) qr(Tensor a)
        {
            IntPtr q, r;
            Tensor.Check(NativeMethods.kn_linalg_qr(a.Handle, &q, &r), "linalg.qr", a);
            return (new Tensor(q), new Tensor(r));
        }
    }
}
