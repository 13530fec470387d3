using System.Runtime.InteropServices;

namespace KerasNet.Torch.Interop;

/// <summary>Blittable mirror of the shim's <c>kn_scalar</c>: kind 0 floating, 1 integer, 2 boolean.</summary>
[StructLayout(LayoutKind.Sequential)]
internal readonly struct NativeScalar
{
    public readonly double D;
    public readonly long L;
    public readonly int Kind;

    public NativeScalar(double d, long l, int kind)
    {
        D = d;
        L = l;
        Kind = kind;
    }
}
