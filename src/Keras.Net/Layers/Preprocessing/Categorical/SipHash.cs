using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace KerasNet.Layers;

/// <summary>
/// SipHash-2-4 (Aumasson and Bernstein, 2012): a keyed 64-bit hash, the one TensorFlow's
/// <c>to_hash_bucket_strong</c> applies to UTF-8 strings and hence Keras's salted Hashing. Written from the paper's
/// description and checked against its published test vectors.
/// </summary>
internal static class SipHash
{
    /// <summary>The hash of a string's UTF-8 bytes under the key (<paramref name="k0"/>, <paramref name="k1"/>).</summary>
    internal static ulong Hash24(ulong k0, ulong k1, string text) => Hash24(k0, k1, Encoding.UTF8.GetBytes(text));

    /// <summary>
    /// The hash of <paramref name="message"/> under the 128-bit key whose little-endian halves are
    /// <paramref name="k0"/> (bytes 0–7) and <paramref name="k1"/> (bytes 8–15).
    /// </summary>
    internal static ulong Hash24(ulong k0, ulong k1, ReadOnlySpan<byte> message)
    {
        var v0 = k0 ^ 0x736f6d6570736575UL;
        var v1 = k1 ^ 0x646f72616e646f6dUL;
        var v2 = k0 ^ 0x6c7967656e657261UL;
        var v3 = k1 ^ 0x7465646279746573UL;
        var whole = message.Length & ~7;
        for (var at = 0; at < whole; at += 8)
            Compress(ref v0, ref v1, ref v2, ref v3, BinaryPrimitives.ReadUInt64LittleEndian(message[at..]));

        // The last word: the remaining bytes, little-endian, with the message length mod 256 in the top byte.
        var last = (ulong)(message.Length & 0xff) << 56;
        for (var i = message.Length - 1; i >= whole; i--) last |= (ulong)message[i] << (8 * (i - whole));
        Compress(ref v0, ref v1, ref v2, ref v3, last);

        v2 ^= 0xff;
        for (var round = 0; round < 4; round++) Round(ref v0, ref v1, ref v2, ref v3);
        return v0 ^ v1 ^ v2 ^ v3;
    }

    private static void Compress(ref ulong v0, ref ulong v1, ref ulong v2, ref ulong v3, ulong word)
    {
        v3 ^= word;
        Round(ref v0, ref v1, ref v2, ref v3);
        Round(ref v0, ref v1, ref v2, ref v3);
        v0 ^= word;
    }

    private static void Round(ref ulong v0, ref ulong v1, ref ulong v2, ref ulong v3)
    {
        v0 += v1; v1 = BitOperations.RotateLeft(v1, 13); v1 ^= v0; v0 = BitOperations.RotateLeft(v0, 32);
        v2 += v3; v3 = BitOperations.RotateLeft(v3, 16); v3 ^= v2;
        v0 += v3; v3 = BitOperations.RotateLeft(v3, 21); v3 ^= v0;
        v2 += v1; v1 = BitOperations.RotateLeft(v1, 17); v1 ^= v2; v2 = BitOperations.RotateLeft(v2, 32);
    }
}
