using KerasNet.Layers;

namespace KerasNet.Tests.LayersTests;

/// <summary>
/// The hash functions behind Hashing, HashedCrossing and the lookups' OOV buckets, against published reference values:
/// FarmHash's own self-test values for <c>farmhashna::Hash64</c> (= TensorFlow's Fingerprint64) on its pseudo-random
/// test data, all lengths 0..298 and long inputs up to 1 MiB, and the 64 SipHash-2-4 vectors of the SipHash paper
/// (key 00..0f, messages of 0..63 bytes 00, 01, 02...).
/// </summary>
public class HashFunctionTests
{
    // FarmHash's test data: 1 MiB from its fixed generator (a, b = 9, 777; mixed with FarmHash's k0).
    private static readonly Lazy<byte[]> FarmData = new(() =>
    {
        const ulong k0 = 0xc3a5c85c97cb3127UL;
        var data = new byte[1 << 20];
        ulong a = 9, b = 777;
        for (var i = 0; i < data.Length; i++)
        {
            a += b;
            b += a;
            a = (a ^ (a >> 41)) * k0;
            b = (b ^ (b >> 41)) * k0 + (ulong)i;
            data[i] = (byte)(b >> 37);
        }
        return data;
    });

    [Fact]
    public void FarmHashFingerprint64MatchesFarmHashSelfTestValuesOfEveryLength()
    {
        var data = FarmData.Value;
        var checkedLengths = new HashSet<int>();
        foreach (var (offset, length, expected) in FarmHashVectors.Hash64)
        {
            var actual = FarmHash.Fingerprint64(data.AsSpan(offset, length));
            Assert.True(expected == actual, $"Fingerprint64 of {length} bytes at {offset}: expected 0x{expected:X16}, got 0x{actual:X16}");
            checkedLengths.Add(length);
        }
        // Every code path: 0–16, 17–32, 33–64, and > 64 bytes (one block, several, a tail of every size, 1 MiB).
        Assert.True(Enumerable.Range(0, 299).All(checkedLengths.Contains));
        Assert.Contains(1 << 20, checkedLengths);
    }

    [Fact]
    public void SipHash24MatchesThePapersTestVectors()
    {
        const ulong k0 = 0x0706050403020100UL, k1 = 0x0F0E0D0C0B0A0908UL;
        var message = Enumerable.Range(0, 64).Select(i => (byte)i).ToArray();
        for (var length = 0; length < 64; length++)
            Assert.True(SipVectors[length] == SipHash.Hash24(k0, k1, message.AsSpan(0, length)), $"SipHash-2-4 of {length} bytes");
    }

    [Fact]
    public void FingerprintCatCombinesInTensorFlowsOrder()
    {
        // Not symmetric, and a change of either input changes the result: the crossing of (a, b) is not that of (b, a).
        var ab = FarmHash.Cat(FarmHash.Fingerprint64("a"), FarmHash.Fingerprint64("b"));
        Assert.NotEqual(ab, FarmHash.Cat(FarmHash.Fingerprint64("b"), FarmHash.Fingerprint64("a")));
        Assert.NotEqual(ab, FarmHash.Cat(FarmHash.Fingerprint64("a"), FarmHash.Fingerprint64("c")));
    }

    // The SipHash paper's Appendix A outputs, read as little-endian 64-bit words.
    private static readonly ulong[] SipVectors =
    {
        0x726FDB47DD0E0E31UL, 0x74F839C593DC67FDUL, 0x0D6C8009D9A94F5AUL, 0x85676696D7FB7E2DUL,
        0xCF2794E0277187B7UL, 0x18765564CD99A68DUL, 0xCBC9466E58FEE3CEUL, 0xAB0200F58B01D137UL,
        0x93F5F5799A932462UL, 0x9E0082DF0BA9E4B0UL, 0x7A5DBBC594DDB9F3UL, 0xF4B32F46226BADA7UL,
        0x751E8FBC860EE5FBUL, 0x14EA5627C0843D90UL, 0xF723CA908E7AF2EEUL, 0xA129CA6149BE45E5UL,
        0x3F2ACC7F57C29BDBUL, 0x699AE9F52CBE4794UL, 0x4BC1B3F0968DD39CUL, 0xBB6DC91DA77961BDUL,
        0xBED65CF21AA2EE98UL, 0xD0F2CBB02E3B67C7UL, 0x93536795E3A33E88UL, 0xA80C038CCD5CCEC8UL,
        0xB8AD50C6F649AF94UL, 0xBCE192DE8A85B8EAUL, 0x17D835B85BBB15F3UL, 0x2F2E6163076BCFADUL,
        0xDE4DAAACA71DC9A5UL, 0xA6A2506687956571UL, 0xAD87A3535C49EF28UL, 0x32D892FAD841C342UL,
        0x7127512F72F27CCEUL, 0xA7F32346F95978E3UL, 0x12E0B01ABB051238UL, 0x15E034D40FA197AEUL,
        0x314DFFBE0815A3B4UL, 0x027990F029623981UL, 0xCADCD4E59EF40C4DUL, 0x9ABFD8766A33735CUL,
        0x0E3EA96B5304A7D0UL, 0xAD0C42D6FC585992UL, 0x187306C89BC215A9UL, 0xD4A60ABCF3792B95UL,
        0xF935451DE4F21DF2UL, 0xA9538F0419755787UL, 0xDB9ACDDFF56CA510UL, 0xD06C98CD5C0975EBUL,
        0xE612A3CB9ECBA951UL, 0xC766E62CFCADAF96UL, 0xEE64435A9752FE72UL, 0xA192D576B245165AUL,
        0x0A8787BF8ECB74B2UL, 0x81B3E73D20B49B6FUL, 0x7FA8220BA3B2ECEAUL, 0x245731C13CA42499UL,
        0xB78DBFAF3A8D83BDUL, 0xEA1AD565322A1A0BUL, 0x60E61C23A3795013UL, 0x6606D7E446282B93UL,
        0x6CA4ECB15C5F91E1UL, 0x9F626DA15C9625F3UL, 0xE51B38608EF25F57UL, 0x958A324CEB064572UL,
    };
}
