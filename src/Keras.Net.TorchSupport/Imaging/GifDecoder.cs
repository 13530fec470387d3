using System.Buffers.Binary;

namespace KerasNet.TorchSupport;

/// <summary>
/// The first frame of a GIF (87a or 89a): global or local colour table, interlacing, and the transparent index of
/// its graphic control extension. The result has the logical screen's size; outside the frame it holds the
/// background colour, or the transparent colour with alpha 0 when the frame has a transparent index. Decodes to
/// RGB, or RGBA when the frame has a transparent index.
/// </summary>
internal static class GifDecoder
{
    private const int MaxCodeBits = 12;

    internal static DecodedImage Decode(ReadOnlySpan<byte> data, string source, long pixelLimit)
    {
        ImageDecodeException Bad(string reason) => new(source, ImageFormat.Gif, reason);
        if (data.Length < 13) throw Bad($"truncated GIF: {data.Length} bytes cannot hold the header and screen descriptor.");
        int screenWidth = BinaryPrimitives.ReadUInt16LittleEndian(data[6..]);
        int screenHeight = BinaryPrimitives.ReadUInt16LittleEndian(data[8..]);
        var flags = data[10];
        var background = data[11];
        var position = 13;
        byte[]? globalTable = null;
        if ((flags & 0x80) != 0)
        {
            var size = 3 * (2 << (flags & 7));
            if (position + size > data.Length) throw Bad("truncated GIF: the global colour table ends past the end of the file.");
            globalTable = data.Slice(position, size).ToArray();
            position += size;
        }

        int? transparent = null;
        while (true)
        {
            if (position >= data.Length) throw Bad("truncated GIF: the file ends before the first image.");
            var block = data[position++];
            if (block == 0x21)
            {
                if (position >= data.Length) throw Bad("truncated GIF: the file ends inside an extension.");
                var label = data[position++];
                if (label == 0xF9 && position + 5 <= data.Length && data[position] >= 4)
                    transparent = (data[position + 1] & 1) != 0 ? data[position + 4] : null;
                position = SkipSubBlocks(data, position, Bad);
            }
            else if (block == 0x2C)
            {
                return DecodeImage(data, position, screenWidth, screenHeight, globalTable, background, transparent, source, pixelLimit, Bad);
            }
            else if (block == 0x3B)
            {
                throw Bad("the GIF holds no image (its trailer comes before any image descriptor).");
            }
            else
            {
                throw Bad($"corrupt GIF: unexpected block 0x{block:X2} at offset {position - 1} (expected an extension 0x21 or an image 0x2C).");
            }
        }
    }

    private static DecodedImage DecodeImage(ReadOnlySpan<byte> data, int position, int screenWidth, int screenHeight, byte[]? globalTable,
        byte background, int? transparent, string source, long pixelLimit, Func<string, ImageDecodeException> Bad)
    {
        if (position + 9 > data.Length) throw Bad("truncated GIF: the file ends inside the image descriptor.");
        int left = BinaryPrimitives.ReadUInt16LittleEndian(data[position..]);
        int top = BinaryPrimitives.ReadUInt16LittleEndian(data[(position + 2)..]);
        int width = BinaryPrimitives.ReadUInt16LittleEndian(data[(position + 4)..]);
        int height = BinaryPrimitives.ReadUInt16LittleEndian(data[(position + 6)..]);
        var flags = data[position + 8];
        position += 9;
        var table = globalTable;
        if ((flags & 0x80) != 0)
        {
            var size = 3 * (2 << (flags & 7));
            if (position + size > data.Length) throw Bad("truncated GIF: the local colour table ends past the end of the file.");
            table = data.Slice(position, size).ToArray();
            position += size;
        }
        if (table is null) throw Bad("the GIF has neither a global nor a local colour table.");
        if (screenWidth == 0 || screenHeight == 0) { screenWidth = width; screenHeight = height; }

        if (position >= data.Length) throw Bad("truncated GIF: the file ends before the image data.");
        int minCodeSize = data[position++];
        if (minCodeSize is < 2 or > 8) throw Bad($"corrupt GIF: LZW minimum code size {minCodeSize} is outside 2..8.");
        var compressed = new List<byte>();
        while (true)
        {
            if (position >= data.Length) throw Bad("truncated GIF: the file ends inside the image data.");
            int length = data[position++];
            if (length == 0) break;
            if (position + length > data.Length) throw Bad("truncated GIF: the file ends inside the image data.");
            for (var i = 0; i < length; i++) compressed.Add(data[position + i]);
            position += length;
        }

        var pixelCount = (long)width * height;
        var indices = new byte[pixelCount];
        var decoded = Lzw(compressed, minCodeSize, indices, Bad);
        if (decoded == 0 && pixelCount > 0) throw Bad("corrupt GIF: the image data decodes to no pixels.");

        var channels = transparent is null ? 3 : 4;
        var pixels = ImageDecoder.Allocate(source, ImageFormat.Gif, screenWidth, screenHeight, channels, pixelLimit);
        var colors = table.Length / 3;
        {
            // Outside the frame: the transparent colour with alpha 0 when the frame has one (as PIL fills it),
            // else the background colour of the global table (black without one).
            byte r = 0, g = 0, b = 0;
            var fillTable = transparent is null ? globalTable : table;
            var fill = transparent ?? background;
            if (fillTable is not null && 3 * fill + 2 < fillTable.Length)
            {
                r = fillTable[3 * fill]; g = fillTable[3 * fill + 1]; b = fillTable[3 * fill + 2];
            }
            for (var i = 0; i < pixels.Length; i += channels) { pixels[i] = r; pixels[i + 1] = g; pixels[i + 2] = b; }
        }

        var interlaced = (flags & 0x40) != 0;
        var rows = RowOrder(height, interlaced);
        for (var r = 0; r < height; r++)
        {
            var y = top + rows[r];
            if (y >= screenHeight) continue;
            for (var x = 0; x < width; x++)
            {
                var screenX = left + x;
                if (screenX >= screenWidth) break;
                int index = indices[(long)r * width + x];
                var o = ((long)y * screenWidth + screenX) * channels;
                var opaque = index != transparent; // the transparent index keeps its colour, with alpha 0 (as PIL's RGBA)
                if (index >= colors) index = 0;     // out-of-table indices show colour 0, as decoders do
                pixels[o] = table[3 * index];
                pixels[o + 1] = table[3 * index + 1];
                pixels[o + 2] = table[3 * index + 2];
                if (channels == 4) pixels[o + 3] = opaque ? (byte)255 : (byte)0;
            }
        }
        return new DecodedImage(screenWidth, screenHeight, channels, pixels);
    }

    /// <summary>For each row of the stored data, the image row it belongs to.</summary>
    private static int[] RowOrder(int height, bool interlaced)
    {
        var order = new int[height];
        if (!interlaced)
        {
            for (var i = 0; i < height; i++) order[i] = i;
            return order;
        }
        var n = 0;
        foreach (var (start, step) in new[] { (0, 8), (4, 8), (2, 4), (1, 2) })
            for (var y = start; y < height; y += step) order[n++] = y;
        return order;
    }

    private static int SkipSubBlocks(ReadOnlySpan<byte> data, int position, Func<string, ImageDecodeException> Bad)
    {
        while (true)
        {
            if (position >= data.Length) throw Bad("truncated GIF: the file ends inside an extension.");
            int length = data[position++];
            if (length == 0) return position;
            position += length;
        }
    }

    /// <summary>Decodes GIF's variable-length LZW into <paramref name="output"/>; returns the number of indices written.</summary>
    private static long Lzw(List<byte> input, int minCodeSize, byte[] output, Func<string, ImageDecodeException> Bad)
    {
        var clear = 1 << minCodeSize;
        var end = clear + 1;
        var prefix = new short[1 << MaxCodeBits];
        var suffix = new byte[1 << MaxCodeBits];
        var first = new byte[1 << MaxCodeBits];
        var stack = new byte[1 << MaxCodeBits];
        for (var i = 0; i < clear; i++) { suffix[i] = (byte)i; first[i] = (byte)i; prefix[i] = -1; }

        var codeSize = minCodeSize + 1;
        var next = end + 1;
        var previous = -1;
        long written = 0;
        int bitBuffer = 0, bitCount = 0, position = 0;
        while (written < output.Length)
        {
            while (bitCount < codeSize)
            {
                if (position >= input.Count) return written; // data ended without an end code
                bitBuffer |= input[position++] << bitCount;
                bitCount += 8;
            }
            var code = bitBuffer & ((1 << codeSize) - 1);
            bitBuffer >>= codeSize;
            bitCount -= codeSize;

            if (code == clear)
            {
                codeSize = minCodeSize + 1;
                next = end + 1;
                previous = -1;
                continue;
            }
            if (code == end) return written;
            if (previous < 0)
            {
                if (code >= clear) throw Bad($"corrupt GIF: LZW code {code} where a literal (below {clear}) was expected.");
                output[written++] = (byte)code;
                previous = code;
                continue;
            }
            if (code > next || (code == next && next >= 1 << MaxCodeBits))
                throw Bad($"corrupt GIF: LZW code {code} is beyond the {next} codes defined so far.");

            // Unwind the string of `code` (or of previous + its first byte, for the code being defined).
            var depth = 0;
            var current = code;
            if (code == next) { stack[depth++] = first[previous]; current = previous; }
            while (current >= clear)
            {
                stack[depth++] = suffix[current];
                current = prefix[current];
            }
            stack[depth++] = (byte)current;
            while (depth > 0 && written < output.Length) output[written++] = stack[--depth];

            if (next < 1 << MaxCodeBits)
            {
                prefix[next] = (short)previous;
                suffix[next] = (byte)current;
                first[next] = first[previous];
                next++;
                if (next == 1 << codeSize && codeSize < MaxCodeBits) codeSize++;
            }
            previous = code;
        }
        return written;
    }
}
