using System.Buffers.Binary;
using System.Numerics;

namespace KerasNet.TorchSupport;

/// <summary>
/// Windows bitmaps: OS/2 (12-byte) and Windows (40- to 124-byte) headers; uncompressed 1-, 4- and 8-bit palette
/// images, 16-bit (5-5-5 or bit fields), 24-bit and 32-bit (BGRX, or bit fields with alpha); bottom-up or top-down.
/// Palette images decode to RGB, 32-bit images with an alpha mask to RGBA, the others to RGB.
/// </summary>
internal static class BmpDecoder
{
    private const int Rgb = 0, Rle8 = 1, Rle4 = 2, BitFields = 3, AlphaBitFields = 6;

    internal static DecodedImage Decode(ReadOnlySpan<byte> data, string source, long pixelLimit)
    {
        ImageDecodeException Bad(string reason) => new(source, ImageFormat.Bmp, reason);
        if (data.Length < 26) throw Bad($"truncated BMP: {data.Length} bytes cannot hold the file and image headers.");
        var pixelOffset = BinaryPrimitives.ReadUInt32LittleEndian(data[10..]);
        var headerSize = BinaryPrimitives.ReadUInt32LittleEndian(data[14..]);
        if (headerSize is not (12 or 40 or 52 or 56 or 64 or 108 or 124))
            throw Bad($"unsupported BMP header size {headerSize}; expected 12 (OS/2) or 40 to 124 (Windows).");
        if (14 + headerSize > data.Length) throw Bad($"truncated BMP: the {headerSize}-byte image header ends past the end of the file.");
        var header = data.Slice(14, (int)headerSize);

        long width, height;
        int bits, compression = Rgb;
        uint colorsUsed = 0;
        if (headerSize == 12)
        {
            width = BinaryPrimitives.ReadUInt16LittleEndian(header[4..]);
            height = BinaryPrimitives.ReadInt16LittleEndian(header[6..]);
            bits = BinaryPrimitives.ReadUInt16LittleEndian(header[10..]);
        }
        else
        {
            width = BinaryPrimitives.ReadInt32LittleEndian(header[4..]);
            height = BinaryPrimitives.ReadInt32LittleEndian(header[8..]);
            bits = BinaryPrimitives.ReadUInt16LittleEndian(header[14..]);
            compression = (int)BinaryPrimitives.ReadUInt32LittleEndian(header[16..]);
            colorsUsed = BinaryPrimitives.ReadUInt32LittleEndian(header[32..]);
        }
        var topDown = height < 0;
        height = Math.Abs(height);
        if (compression is Rle8 or Rle4)
            throw Bad("RLE-compressed BMP is not supported; save the image uncompressed (or as PNG).");
        if (compression is not (Rgb or BitFields or AlphaBitFields))
            throw Bad($"unsupported BMP compression {compression} (JPEG or PNG inside a BMP is not supported).");
        if (bits is not (1 or 4 or 8 or 16 or 24 or 32))
            throw Bad($"unsupported BMP bit depth {bits}; expected 1, 4, 8, 16, 24 or 32.");
        if (compression != Rgb && bits is not (16 or 32))
            throw Bad($"BMP bit fields need 16 or 32 bits per pixel; the header declares {bits}.");

        // Channel masks: from the header (V2+), after a 40-byte header for BI_BITFIELDS, or the defaults.
        uint redMask = 0, greenMask = 0, blueMask = 0, alphaMask = 0;
        var afterHeader = 14 + (int)headerSize;
        if (compression is BitFields or AlphaBitFields)
        {
            var masks = headerSize >= 52 ? header[40..] : data[afterHeader..];
            var count = compression == AlphaBitFields || headerSize >= 56 ? 4 : 3;
            if (masks.Length < 4 * count) throw Bad("truncated BMP: the bit-field masks end past the end of the file.");
            redMask = BinaryPrimitives.ReadUInt32LittleEndian(masks);
            greenMask = BinaryPrimitives.ReadUInt32LittleEndian(masks[4..]);
            blueMask = BinaryPrimitives.ReadUInt32LittleEndian(masks[8..]);
            if (count == 4) alphaMask = BinaryPrimitives.ReadUInt32LittleEndian(masks[12..]);
            if (headerSize == 40) afterHeader += 4 * (compression == AlphaBitFields ? 4 : 3);
            if (redMask == 0 || greenMask == 0 || blueMask == 0)
                throw Bad($"BMP bit-field masks must not be zero (red 0x{redMask:X8}, green 0x{greenMask:X8}, blue 0x{blueMask:X8}).");
        }
        else if (bits == 16)
        {
            redMask = 0x7C00; greenMask = 0x03E0; blueMask = 0x001F;
        }

        // The palette (1/4/8 bits): 3-byte entries after an OS/2 header, 4-byte entries otherwise.
        byte[]? palette = null;
        var paletteCount = 0;
        if (bits <= 8)
        {
            var entry = headerSize == 12 ? 3 : 4;
            paletteCount = colorsUsed == 0 || colorsUsed > (1u << bits) ? 1 << bits : (int)colorsUsed;
            var available = (int)Math.Min((long)data.Length - afterHeader, (long)pixelOffset - afterHeader) / entry;
            if (available <= 0) throw Bad("truncated BMP: the palette is missing.");
            paletteCount = Math.Min(paletteCount, available);
            palette = new byte[paletteCount * 3];
            for (var i = 0; i < paletteCount; i++)
            {
                var at = afterHeader + i * entry;
                palette[3 * i] = data[at + 2];
                palette[3 * i + 1] = data[at + 1];
                palette[3 * i + 2] = data[at];
            }
        }

        var channels = bits == 32 && alphaMask != 0 ? 4 : 3;
        var pixels = ImageDecoder.Allocate(source, ImageFormat.Bmp, width, height, channels, pixelLimit);
        var stride = (bits * width + 31) / 32 * 4;
        if (pixelOffset > data.Length || stride * height > data.Length - pixelOffset)
            throw Bad($"truncated BMP: {width} x {height} pixels at {bits} bits need {stride * height} bytes from offset {pixelOffset}, " +
                      $"but the file holds {Math.Max(0, data.Length - (long)pixelOffset)}.");

        int w = (int)width, h = (int)height;
        var red = new MaskChannel(redMask);
        var green = new MaskChannel(greenMask);
        var blue = new MaskChannel(blueMask);
        var alpha = new MaskChannel(alphaMask);
        for (var row = 0; row < h; row++)
        {
            var line = data.Slice((int)(pixelOffset + row * stride), (int)stride);
            var y = topDown ? row : h - 1 - row;
            var output = pixels.AsSpan(y * w * channels, w * channels);
            for (var x = 0; x < w; x++)
            {
                var o = x * channels;
                switch (bits)
                {
                    case <= 8:
                    {
                        var perByte = 8 / bits;
                        var shift = 8 - bits * (x % perByte + 1);
                        var index = (line[x / perByte] >> shift) & ((1 << bits) - 1);
                        if (index >= paletteCount)
                            throw Bad($"pixel ({x}, {y}) uses palette index {index}, but the palette has {paletteCount} colours.");
                        output[o] = palette![3 * index];
                        output[o + 1] = palette[3 * index + 1];
                        output[o + 2] = palette[3 * index + 2];
                        break;
                    }
                    case 24:
                        output[o] = line[3 * x + 2];
                        output[o + 1] = line[3 * x + 1];
                        output[o + 2] = line[3 * x];
                        break;
                    case 32 when compression == Rgb:
                        output[o] = line[4 * x + 2];
                        output[o + 1] = line[4 * x + 1];
                        output[o + 2] = line[4 * x];
                        break;
                    default:
                    {
                        uint value = bits == 16 ? BinaryPrimitives.ReadUInt16LittleEndian(line[(2 * x)..]) : BinaryPrimitives.ReadUInt32LittleEndian(line[(4 * x)..]);
                        output[o] = red.Extract(value);
                        output[o + 1] = green.Extract(value);
                        output[o + 2] = blue.Extract(value);
                        if (channels == 4) output[o + 3] = alpha.Extract(value);
                        break;
                    }
                }
            }
        }
        return new DecodedImage(w, h, channels, pixels);
    }

    /// <summary>One channel of a bit-field pixel, scaled to 0..255 (value * 255 / max, truncated, as PIL).</summary>
    private readonly struct MaskChannel
    {
        private readonly uint mask;
        private readonly int shift;
        private readonly uint max;

        public MaskChannel(uint mask)
        {
            this.mask = mask;
            shift = mask == 0 ? 0 : BitOperations.TrailingZeroCount(mask);
            max = mask == 0 ? 0 : mask >> shift;
        }

        public byte Extract(uint value)
        {
            if (max == 0) return 255;
            var v = (value & mask) >> shift;
            return max == 255 ? (byte)v : (byte)((ulong)v * 255 / max);
        }
    }
}
