using System.Buffers.Binary;
using System.IO.Compression;

namespace KerasNet.Tests.Data;

/// <summary>Writes small image files for the image-folder tests: PNGs encoded here, JPEGs copied from the decoder fixtures.</summary>
internal static class TestImages
{
    /// <summary>The folder of the committed decoder fixture images (copied to the test output).</summary>
    public static readonly string FixtureImages = Path.Combine(AppContext.BaseDirectory, "fixtures", "torch", "images");

    /// <summary>Writes an 8-bit RGB PNG whose every pixel is <paramref name="rgb"/> (or a gradient when <paramref name="gradient"/>).</summary>
    public static void WritePng(string path, int width, int height, (byte R, byte G, byte B) rgb, bool gradient = false)
    {
        var raw = new MemoryStream();
        for (var y = 0; y < height; y++)
        {
            raw.WriteByte(0); // filter: none
            for (var x = 0; x < width; x++)
            {
                if (gradient) { raw.WriteByte((byte)(x * 255 / Math.Max(1, width - 1))); raw.WriteByte((byte)(y * 255 / Math.Max(1, height - 1))); raw.WriteByte(rgb.B); }
                else { raw.WriteByte(rgb.R); raw.WriteByte(rgb.G); raw.WriteByte(rgb.B); }
            }
        }
        var compressed = new MemoryStream();
        using (var z = new ZLibStream(compressed, CompressionLevel.Fastest, leaveOpen: true)) raw.WriteTo(z);

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var file = File.Create(path);
        file.Write(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A });
        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8;  // bit depth
        header[9] = 2;  // colour type: RGB
        Chunk(file, "IHDR", header);
        Chunk(file, "IDAT", compressed.ToArray());
        Chunk(file, "IEND", Array.Empty<byte>());
    }

    /// <summary>Copies a committed JPEG fixture (e.g. "jpeg_rgb420.jpg") to <paramref name="path"/>.</summary>
    public static void CopyJpeg(string fixture, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.Copy(Path.Combine(FixtureImages, fixture), path, overwrite: true);
    }

    private static void Chunk(Stream stream, string type, byte[] data)
    {
        var length = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        stream.Write(length);
        var typeBytes = System.Text.Encoding.ASCII.GetBytes(type);
        stream.Write(typeBytes);
        stream.Write(data);
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typeBytes.Concat(data).ToArray()));
        stream.Write(crc);
    }

    private static uint Crc32(byte[] bytes)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        }
        return ~crc;
    }
}
