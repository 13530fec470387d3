using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace KerasNet.Layers;

/// <summary>
/// FarmHash's 64-bit fingerprint (<c>Fingerprint64</c>, the "na" variant), the hash TensorFlow's
/// <c>to_hash_bucket_fast</c> applies to UTF-8 strings and hence Keras's Hashing, HashedCrossing and the lookups' OOV
/// buckets. Written from the published algorithm; checked against the bucket indices Keras documents for its layers.
/// </summary>
internal static class FarmHash
{
    private const ulong K0 = 0xc3a5c85c97cb3127UL, K1 = 0xb492b66fbe98f273UL, K2 = 0x9ae16a3b2f90404fUL;

    /// <summary>The fingerprint of a string's UTF-8 bytes.</summary>
    internal static ulong Fingerprint64(string text) => Fingerprint64(Encoding.UTF8.GetBytes(text));

    /// <summary>The fingerprint of <paramref name="s"/>.</summary>
    internal static ulong Fingerprint64(ReadOnlySpan<byte> s)
    {
        var len = s.Length;
        if (len <= 16) return Len0To16(s);
        if (len <= 32) return Len17To32(s);
        if (len <= 64) return Len33To64(s);
        return Long(s);
    }

    /// <summary>Combines two fingerprints (TensorFlow's <c>FingerprintCat64</c>, used when crossing features).</summary>
    internal static ulong Cat(ulong first, ulong second)
    {
        const ulong mul = 0xc6a4a7935bd1e995UL;
        var result = first ^ mul;
        result ^= ShiftMix(second * mul) * mul;
        result *= mul;
        result = ShiftMix(result) * mul;
        return ShiftMix(result);
    }

    private static ulong F64(ReadOnlySpan<byte> s, int at) => BinaryPrimitives.ReadUInt64LittleEndian(s[at..]);
    private static uint F32(ReadOnlySpan<byte> s, int at) => BinaryPrimitives.ReadUInt32LittleEndian(s[at..]);
    private static ulong Ror(ulong v, int shift) => BitOperations.RotateRight(v, shift);
    private static ulong ShiftMix(ulong v) => v ^ (v >> 47);

    private static ulong Len16(ulong u, ulong v, ulong mul)
    {
        var a = (u ^ v) * mul;
        a ^= a >> 47;
        var b = (v ^ a) * mul;
        b ^= b >> 47;
        return b * mul;
    }

    private static ulong Len0To16(ReadOnlySpan<byte> s)
    {
        var len = (ulong)s.Length;
        if (s.Length >= 8)
        {
            var mul = K2 + len * 2;
            var a = F64(s, 0) + K2;
            var b = F64(s, s.Length - 8);
            var c = Ror(b, 37) * mul + a;
            var d = (Ror(a, 25) + b) * mul;
            return Len16(c, d, mul);
        }
        if (s.Length >= 4)
        {
            var mul = K2 + len * 2;
            ulong a = F32(s, 0);
            return Len16(len + (a << 3), F32(s, s.Length - 4), mul);
        }
        if (s.Length > 0)
        {
            uint a = s[0], b = s[s.Length >> 1], c = s[s.Length - 1];
            var y = a + (b << 8);
            var z = (uint)s.Length + (c << 2);
            return ShiftMix(y * K2 ^ z * K0) * K2;
        }
        return K2;
    }

    private static ulong Len17To32(ReadOnlySpan<byte> s)
    {
        var mul = K2 + (ulong)s.Length * 2;
        var a = F64(s, 0) * K1;
        var b = F64(s, 8);
        var c = F64(s, s.Length - 8) * mul;
        var d = F64(s, s.Length - 16) * K2;
        return Len16(Ror(a + b, 43) + Ror(c, 30) + d, a + Ror(b + K2, 18) + c, mul);
    }

    private static ulong Len33To64(ReadOnlySpan<byte> s)
    {
        var mul = K2 + (ulong)s.Length * 2;
        var a = F64(s, 0) * K2;
        var b = F64(s, 8);
        var c = F64(s, s.Length - 8) * mul;
        var d = F64(s, s.Length - 16) * K2;
        var y = Ror(a + b, 43) + Ror(c, 30) + d;
        var z = Len16(y, a + Ror(b + K2, 18) + c, mul);
        var e = F64(s, 16) * mul;
        var f = F64(s, 24);
        var g = (y + F64(s, s.Length - 32)) * mul;
        var h = (z + F64(s, s.Length - 24)) * mul;
        return Len16(Ror(e + f, 43) + Ror(g, 30) + h, e + Ror(f + a, 18) + g, mul);
    }

    private static (ulong, ulong) Weak32(ReadOnlySpan<byte> s, int at, ulong a, ulong b)
    {
        ulong w = F64(s, at), x = F64(s, at + 8), y = F64(s, at + 16), z = F64(s, at + 24);
        a += w;
        b = Ror(b + a + z, 21);
        var c = a;
        a += x;
        a += y;
        b += Ror(a, 44);
        return (a + z, b + c);
    }

    private static ulong Long(ReadOnlySpan<byte> s)
    {
        const ulong seed = 81;
        var len = s.Length;
        var x = seed;
        var y = unchecked(seed * K1 + 113);
        var z = ShiftMix(y * K2 + 113) * K2;
        (ulong First, ulong Second) v = (0, 0), w = (0, 0);
        x = x * K2 + F64(s, 0);
        var end = (len - 1) / 64 * 64;
        var last64 = end + ((len - 1) & 63) - 63;
        var at = 0;
        do
        {
            x = Ror(x + y + v.First + F64(s, at + 8), 37) * K1;
            y = Ror(y + v.Second + F64(s, at + 48), 42) * K1;
            x ^= w.Second;
            y += v.First + F64(s, at + 40);
            z = Ror(z + w.First, 33) * K1;
            v = Weak32(s, at, v.Second * K1, x + w.First);
            w = Weak32(s, at + 32, z + w.Second, y + F64(s, at + 16));
            (z, x) = (x, z);
            at += 64;
        }
        while (at != end);
        var mul = K1 + ((z & 0xff) << 1);
        at = last64;
        w.First += (ulong)((len - 1) & 63);
        v.First += w.First;
        w.First += v.First;
        x = Ror(x + y + v.First + F64(s, at + 8), 37) * mul;
        y = Ror(y + v.Second + F64(s, at + 48), 42) * mul;
        x ^= w.Second * 9;
        y += v.First * 9 + F64(s, at + 40);
        z = Ror(z + w.First, 33) * mul;
        v = Weak32(s, at, v.Second * mul, x + w.First);
        w = Weak32(s, at + 32, z + w.Second, y + F64(s, at + 16));
        (z, x) = (x, z);
        return Len16(Len16(v.First, w.First, mul) + ShiftMix(y) * K0 + z, Len16(v.Second, w.Second, mul) + x, mul);
    }
}
