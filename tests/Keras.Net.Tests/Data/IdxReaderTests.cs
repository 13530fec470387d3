using KerasNet.Datasets;

namespace KerasNet.Tests.Data;

public class IdxReaderTests
{
    private static readonly byte[] ThreeImages = DatasetFiles.Idx(new[] { 3, 28, 28 }, DatasetFiles.Pixels(3));

    [Fact]
    public void ReadsDimsAndDataOfRawAndGzipFiles()
    {
        using var temp = new TempDirectory();
        foreach (var gzip in new[] { false, true })
        {
            DatasetFiles.Write(temp.Path, "images", ThreeImages, gzip);
            var array = IdxReader.Read(temp.Combine(gzip ? "images.gz" : "images"), expectedRank: 3);
            Assert.Equal(new[] { 3, 28, 28 }, array.Dims);
            Assert.Equal(DatasetFiles.Pixels(3), array.Data);
        }
    }

    [Fact]
    public void TruncatedRawFileSaysHowManyBytesAreMissing()
    {
        var error = ReadBytes(ThreeImages[..^100], out var path);
        Assert.Equal($"{path}: truncated: the IDX header declares dimensions 3 x 28 x 28 (2352 data bytes) but the file holds only 2252. " +
                     "Delete the file and download or generate it again.", error.Message);
    }

    [Fact]
    public void TruncatedGzipFileIsReportedAsTruncatedOrCorrupt()
    {
        var gz = DatasetFiles.Gzip(ThreeImages);
        var error = ReadBytes(gz[..(gz.Length / 2)], out var path);
        Assert.Equal(path, error.FilePath);
        Assert.True(error.Message.Contains("truncated") || error.Message.Contains("gzip data is corrupt"), error.Message);
    }

    [Fact]
    public void GzipContentShorterThanDeclaredIsTruncated()
    {
        var error = ReadBytes(DatasetFiles.Gzip(ThreeImages[..1000]), out var path);
        Assert.Equal($"{path}: truncated: the IDX header declares dimensions 3 x 28 x 28 (2352 data bytes) but the decompressed file holds only 984. " +
                     "Delete the file and download or generate it again.", error.Message);
    }

    [Fact]
    public void WrongMagicNamesTheBytesAndTheExpectedMagic()
    {
        var html = "<!DOCTYPE html><html>Not Found</html>"u8.ToArray();
        var error = ReadBytes(html, out var path);
        Assert.StartsWith($"{path}: not an IDX file: it starts with bytes 0x3C 0x21 0x44 0x4F, expected the IDX magic number 0x00 0x00 0x08 0x03.", error.Message);
    }

    [Fact]
    public void UnsupportedElementTypeIsNamed()
    {
        var floats = (byte[])ThreeImages.Clone();
        floats[2] = 0x0D;
        var error = ReadBytes(floats, out _);
        Assert.Contains("IDX element type 0x0D (float32) is not supported: expected 0x08 (unsigned byte)", error.Message);
    }

    [Fact]
    public void LabelsFileWhereImagesAreExpectedSuggestsSwappedFiles()
    {
        var labels = DatasetFiles.Idx(new[] { 3 }, new byte[] { 1, 2, 3 });
        var error = ReadBytes(labels, out _);
        Assert.Contains("the IDX file has 1 dimension(s) (magic 0x00 0x00 0x08 0x01), expected 3 (magic 0x00 0x00 0x08 0x03): an images file was expected. " +
                        "Check that the images and labels files are not swapped.", error.Message);
    }

    [Fact]
    public void FileEndingInsideTheHeaderIsTruncated()
    {
        Assert.Contains("truncated: the file ends after 2 byte(s), inside the 4-byte IDX magic number.", ReadBytes(new byte[] { 0, 0 }, out _).Message);
        Assert.Contains("truncated: the file ends inside the IDX header (10 of 16 header bytes present).", ReadBytes(ThreeImages[..10], out _).Message);
        Assert.Contains("truncated", ReadBytes(Array.Empty<byte>(), out _).Message);
    }

    [Fact]
    public void ExtraBytesAfterTheDeclaredDataAreReported()
    {
        var longer = ThreeImages.Concat(new byte[] { 1, 2, 3 }).ToArray();
        Assert.Contains("(2352 data bytes) but the file holds 2355 bytes of data (3 extra)", ReadBytes(longer, out _).Message);
        Assert.Contains("but the decompressed file holds more data", ReadBytes(DatasetFiles.Gzip(longer), out _).Message);
    }

    [Fact]
    public void NegativeOrHugeDimensionsAreRejectedWithoutAllocating()
    {
        var negative = DatasetFiles.Idx(new[] { -5, 28, 28 }, Array.Empty<byte>());
        Assert.Contains("declares a negative size (-5) for dimension 0", ReadBytes(negative, out _).Message);
        var huge = DatasetFiles.Idx(new[] { int.MaxValue, 28, 28 }, Array.Empty<byte>());
        Assert.Contains("more than the", ReadBytes(huge, out _).Message);
        // 2 GB declared in a tiny gzip file: truncated, reported without allocating 2 GB first.
        var large = DatasetFiles.Idx(new[] { 2_000_000, 28, 28 }, new byte[100]);
        Assert.Contains("but the decompressed file holds only 100", ReadBytes(DatasetFiles.Gzip(large), out _).Message);
    }

    [Fact]
    public void FuzzedBytesRaiseOnlyDatasetFormatException()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("fuzz");
        var random = new Random(20240611);
        var valid = new[] { ThreeImages, DatasetFiles.Gzip(ThreeImages), DatasetFiles.Idx(new[] { 4 }, new byte[] { 1, 2, 3, 4 }) };
        for (var iteration = 0; iteration < 400; iteration++)
        {
            byte[] bytes;
            if (iteration % 4 == 0)
            {
                bytes = new byte[random.Next(0, 64)];
                random.NextBytes(bytes);
                if (bytes.Length > 4 && random.Next(2) == 0) { bytes[0] = 0; bytes[1] = 0; bytes[2] = 8; bytes[3] = (byte)random.Next(0, 5); }
            }
            else
            {
                bytes = (byte[])valid[iteration % valid.Length].Clone();
                var mutations = random.Next(1, 6);
                for (var m = 0; m < mutations; m++) bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                if (random.Next(3) == 0) bytes = bytes[..random.Next(bytes.Length)];
            }
            File.WriteAllBytes(path, bytes);
            foreach (var rank in new[] { 1, 3 })
            {
                try
                {
                    var array = IdxReader.Read(path, rank);
                    Assert.Equal(rank, array.Dims.Length);
                    Assert.Equal(array.Dims.Aggregate(1L, (a, d) => a * d), array.Data.LongLength);
                }
                catch (DatasetFormatException e)
                {
                    Assert.Equal(path, e.FilePath);
                    Assert.StartsWith(path + ": ", e.Message);
                }
            }
        }
    }

    private static DatasetFormatException ReadBytes(byte[] bytes, out string path)
    {
        var temp = new TempDirectory();
        try
        {
            path = temp.Combine("train-images-idx3-ubyte");
            File.WriteAllBytes(path, bytes);
            var p = path;
            return Assert.Throws<DatasetFormatException>(() => IdxReader.Read(p, expectedRank: 3));
        }
        finally
        {
            temp.Dispose();
        }
    }
}
