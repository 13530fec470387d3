using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using KerasNet.Datasets;

namespace KerasNet.Tests.Data;

public class CifarTests
{
    /// <summary>A CIFAR binary record: label byte(s), then 3,072 planar pixels (R plane, G plane, B plane).</summary>
    private static byte[] Records(int count, int first, params Func<int, byte>[] labels)
    {
        var record = labels.Length + 3072;
        var bytes = new byte[count * record];
        for (var i = 0; i < count; i++)
        {
            for (var l = 0; l < labels.Length; l++) bytes[i * record + l] = labels[l](first + i);
            for (var p = 0; p < 3072; p++) bytes[i * record + labels.Length + p] = Pixel(first + i, p);
        }
        return bytes;
    }

    /// <summary>Pixel p (planar index: channel * 1024 + row * 32 + column) of image i.</summary>
    private static byte Pixel(int image, int p) => (byte)((image * 7 + p * 3 + p / 1024) % 256);

    private static byte Cifar10Label(int i) => (byte)(i % 10);
    private static byte CoarseLabel(int i) => (byte)(i % 20);
    private static byte FineLabel(int i) => (byte)((i * 3) % 100);

    /// <summary>Writes cifar-10-batches-bin/ with 2 records per training batch (10 in all) and 3 test records.</summary>
    private static string WriteCifar10(string directory)
    {
        var folder = Path.Combine(directory, Cifar10.BatchFolder);
        Directory.CreateDirectory(folder);
        for (var b = 1; b <= 5; b++)
            File.WriteAllBytes(Path.Combine(folder, $"data_batch_{b}.bin"), Records(2, 2 * (b - 1), Cifar10Label));
        File.WriteAllBytes(Path.Combine(folder, "test_batch.bin"), Records(3, 100, Cifar10Label));
        return folder;
    }

    private static string WriteCifar100(string directory)
    {
        var folder = Path.Combine(directory, Cifar100.BatchFolder);
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, "train.bin"), Records(4, 0, CoarseLabel, FineLabel));
        File.WriteAllBytes(Path.Combine(folder, "test.bin"), Records(2, 50, CoarseLabel, FineLabel));
        return folder;
    }

    /// <summary>A .tar.gz holding every file under <paramref name="source"/>, with paths relative to it.</summary>
    private static byte[] TarGz(string source)
    {
        using var memory = new MemoryStream();
        using (var gzip = new GZipStream(memory, CompressionLevel.Fastest, leaveOpen: true))
        using (var writer = new TarWriter(gzip, TarEntryFormat.Ustar))
        {
            foreach (var directory in Directory.GetDirectories(source, "*", SearchOption.AllDirectories).Order())
                writer.WriteEntry(new UstarTarEntry(TarEntryType.Directory, Path.GetRelativePath(source, directory) + "/"));
            foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories).Order())
                writer.WriteEntry(file, Path.GetRelativePath(source, file));
        }
        return memory.ToArray();
    }

    private static void DisposeAll(((Tensor x, Tensor y) train, (Tensor x, Tensor y) test) data)
    {
        data.train.x.Dispose(); data.train.y.Dispose(); data.test.x.Dispose(); data.test.y.Dispose();
    }

    [Fact]
    public void Cifar10ChannelsFirstKeepsThePlanarRecordLayout()
    {
        using var temp = new TempDirectory();
        WriteCifar10(temp.Path);
        var data = Cifar10.LoadData(temp.Path, ImageDataFormat.ChannelsFirst, DatasetFiles.Sources(temp.Combine("home")));
        try
        {
            var ((xTrain, yTrain), (xTest, yTest)) = data;
            Assert.Equal(new long[] { 10, 3, 32, 32 }, xTrain.shape);
            Assert.Equal(ScalarType.Byte, xTrain.dtype);
            Assert.Equal(new long[] { 10 }, yTrain.shape);
            Assert.Equal(ScalarType.Int64, yTrain.dtype);
            Assert.Equal(new long[] { 3, 3, 32, 32 }, xTest.shape);
            Assert.Equal(new long[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 }, yTrain.data<long>().ToArray());
            Assert.Equal(new long[] { 0, 1, 2 }, yTest.data<long>().ToArray());
            var pixels = xTrain.data<byte>().ToArray();
            for (var i = 0; i < 10; i++)
                for (var p = 0; p < 3072; p += 37)
                    Assert.Equal(Pixel(i, p), pixels[i * 3072 + p]);
            Assert.Equal(Pixel(102, 2 * 1024 + 31 * 32 + 31), xTest.data<byte>().ToArray()[2 * 3072 + 3071]);
        }
        finally { DisposeAll(data); }
    }

    [Fact]
    public void Cifar10ChannelsLastInterleavesTheChannels()
    {
        using var temp = new TempDirectory();
        WriteCifar10(temp.Path);
        var data = Cifar10.LoadData(temp.Path, ImageDataFormat.ChannelsLast, DatasetFiles.Sources(temp.Combine("home")));
        try
        {
            Assert.Equal(new long[] { 10, 32, 32, 3 }, data.train.x.shape);
            Assert.Equal(new long[] { 3, 32, 32, 3 }, data.test.x.shape);
            var pixels = data.train.x.data<byte>().ToArray();
            // (image i, row r, column c, channel ch) comes from planar index ch * 1024 + r * 32 + c.
            foreach (var (i, r, c, ch) in new[] { (0, 0, 0, 0), (3, 5, 7, 1), (9, 31, 31, 2), (6, 16, 0, 2) })
                Assert.Equal(Pixel(i, ch * 1024 + r * 32 + c), pixels[((i * 32 + r) * 32 + c) * 3 + ch]);
        }
        finally { DisposeAll(data); }
    }

    [Fact]
    public void Cifar10ArchiveIsExtractedIntoThePathAndLoaded()
    {
        using var temp = new TempDirectory();
        var source = temp.Combine("source");
        WriteCifar10(source);
        var target = temp.Combine("data");
        Directory.CreateDirectory(target);
        File.WriteAllBytes(Path.Combine(target, Cifar10.ArchiveName), TarGz(source));

        var data = Cifar10.LoadData(target, ImageDataFormat.ChannelsFirst, DatasetFiles.Sources(temp.Combine("home")));
        try
        {
            Assert.Equal(new long[] { 10, 3, 32, 32 }, data.train.x.shape);
            Assert.Equal(new long[] { 0, 1, 2 }, data.test.y.data<long>().ToArray());
        }
        finally { DisposeAll(data); }
        Assert.True(File.Exists(Path.Combine(target, Cifar10.BatchFolder, "data_batch_5.bin")));
        Assert.Empty(Directory.GetDirectories(target, ".extract-*"));
    }

    [Fact]
    public void Cifar10IsDownloadedVerifiedAndExtractedWhenMissing()
    {
        using var temp = new TempDirectory();
        var source = temp.Combine("source");
        WriteCifar10(source);
        var archive = TarGz(source);
        var handler = new FakeHttpHandler().Serve("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz", archive);
        var spec = Cifar10.Spec with { Files = new[] { Cifar10.Spec.Files[0] with { Sha256 = Convert.ToHexStringLower(SHA256.HashData(archive)) } } };
        var home = temp.Combine("home");
        var cache = Path.Combine(home, "datasets", "cifar-10");
        var files = DatasetStore.Locate(spec, null, DatasetFiles.Sources(home, handler),
            d => CifarFormat.Find(d, Cifar10.BatchFolder, Cifar10.BatchFiles, Cifar10.ArchiveName, cache), d => "");
        Assert.Equal(Path.Combine(cache, Cifar10.BatchFolder, "test_batch.bin"), files[^1]);
        Assert.True(File.Exists(Path.Combine(cache, Cifar10.ArchiveName)));
    }

    [Fact]
    public void Cifar100FineAndCoarseLabels()
    {
        using var temp = new TempDirectory();
        WriteCifar100(temp.Path);
        var sources = DatasetFiles.Sources(temp.Combine("home"));
        var fine = Cifar100.LoadData("fine", temp.Path, ImageDataFormat.ChannelsFirst, sources);
        var coarse = Cifar100.LoadData("coarse", temp.Path, ImageDataFormat.ChannelsLast, sources);
        try
        {
            Assert.Equal(new long[] { 4, 3, 32, 32 }, fine.train.x.shape);
            Assert.Equal(new long[] { 0, 3, 6, 9 }, fine.train.y.data<long>().ToArray());
            Assert.Equal(new long[] { 50, 53 }, fine.test.y.data<long>().ToArray());
            Assert.Equal(new long[] { 0, 1, 2, 3 }, coarse.train.y.data<long>().ToArray());
            Assert.Equal(new long[] { 10, 11 }, coarse.test.y.data<long>().ToArray());
            Assert.Equal(new long[] { 2, 32, 32, 3 }, coarse.test.x.shape);
            Assert.Equal(Pixel(51, 1024 + 2 * 32 + 3), coarse.test.x.data<byte>().ToArray()[(((1 * 32) + 2) * 32 + 3) * 3 + 1]);
            Assert.Equal(Pixel(3, 3071), fine.train.x.data<byte>().ToArray()[4 * 3072 - 1]);
        }
        finally { DisposeAll(fine); DisposeAll(coarse); }
    }

    [Fact]
    public void Cifar100RejectsAnUnknownLabelMode()
    {
        var error = Assert.Throws<ArgumentException>(() => Cifar100.LoadData("medium"));
        Assert.StartsWith("labelMode must be \"fine\" or \"coarse\"; received \"medium\".", error.Message);
        Assert.Equal("labelMode", error.ParamName);
    }

    [Fact]
    public void RecordSizeMismatchNamesTheFileAndTheLeftover()
    {
        using var temp = new TempDirectory();
        var folder = WriteCifar10(temp.Path);
        var batch = Path.Combine(folder, "data_batch_3.bin");
        File.WriteAllBytes(batch, Records(2, 0, Cifar10Label).Concat(new byte[5]).ToArray());
        var error = Assert.Throws<DatasetFormatException>(() =>
            Cifar10.LoadData(temp.Path, ImageDataFormat.ChannelsFirst, DatasetFiles.Sources(temp.Combine("home"))));
        Assert.Equal(batch, error.FilePath);
        Assert.Equal($"{batch}: record size mismatch: 6151 bytes is not a whole number of 3073-byte CIFAR-10 records " +
                     "(1 label byte + 3072 pixel bytes): 2 records and 5 bytes left over. The file is truncated or is not a CIFAR binary batch.",
            error.Message);
    }

    [Fact]
    public void Cifar100BatchReadAsCifar10IsRecognised()
    {
        using var temp = new TempDirectory();
        var folder = WriteCifar10(temp.Path);
        File.WriteAllBytes(Path.Combine(folder, "test_batch.bin"), Records(3, 0, CoarseLabel, FineLabel));
        var error = Assert.Throws<DatasetFormatException>(() =>
            Cifar10.LoadData(temp.Path, ImageDataFormat.ChannelsFirst, DatasetFiles.Sources(temp.Combine("home"))));
        Assert.EndsWith("Its size is a whole number of 3074-byte records: it looks like a CIFAR-100 file.", error.Message);
    }

    [Fact]
    public void LabelOutOfRangeAndEmptyFileAreReported()
    {
        using var temp = new TempDirectory();
        var folder = WriteCifar100(temp.Path);
        var train = Path.Combine(folder, "train.bin");
        File.WriteAllBytes(train, Records(3, 0, i => (byte)(i == 2 ? 20 : 0), FineLabel));
        var sources = DatasetFiles.Sources(temp.Combine("home"));
        var error = Assert.Throws<DatasetFormatException>(() => Cifar100.LoadData("fine", temp.Path, null, sources));
        Assert.Equal($"{train}: record 2 has coarse label 20, outside 0..19; the file is corrupt or is not a CIFAR-100 batch.", error.Message);

        File.WriteAllBytes(train, Array.Empty<byte>());
        error = Assert.Throws<DatasetFormatException>(() => Cifar100.LoadData("fine", temp.Path, null, sources));
        Assert.Equal($"{train}: the file is empty; a CIFAR-100 batch holds 3074-byte records (2 label bytes + 3072 pixel bytes).", error.Message);
    }

    [Fact]
    public void MissingDirectoryOfflineListsArchiveAndBatchFiles()
    {
        using var temp = new TempDirectory();
        var missing = temp.Combine("cifar");
        var error = Assert.Throws<DatasetNotFoundException>(() =>
            Cifar10.LoadData(missing, null, DatasetFiles.Sources(temp.Combine("home"))));
        Assert.StartsWith("CIFAR-10 was not found, and KERAS_NET_OFFLINE is set, so it was not downloaded.", error.Message);
        Assert.Contains("cifar-10-binary.tar.gz (the binary version, as published), or", error.Message);
        Assert.Contains("cifar-10-batches-bin/{data_batch_1.bin,data_batch_2.bin,data_batch_3.bin,data_batch_4.bin,data_batch_5.bin,test_batch.bin}", error.Message);
        Assert.Contains($"{missing} (does not exist)", error.Message);
        Assert.Contains("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz  (SHA-256 c4a38c50a1bc5f3a1c5537f2155ab9d68f9f25eb1ed8d9ddda3db29a59bca1dd)", error.Message);

        Directory.CreateDirectory(missing);
        File.WriteAllBytes(Path.Combine(missing, "data_batch_1.bin"), Records(1, 0, Cifar10Label));
        error = Assert.Throws<DatasetNotFoundException>(() => Cifar10.LoadData(missing, null, DatasetFiles.Sources(temp.Combine("home"))));
        Assert.Contains($"{missing} (exists; no cifar-10-binary.tar.gz; missing in {missing}: data_batch_2.bin, data_batch_3.bin, data_batch_4.bin, data_batch_5.bin, test_batch.bin)", error.Message);
    }

    [Fact]
    public void ArchiveWithoutTheBinaryFolderIsRejected()
    {
        using var temp = new TempDirectory();
        var source = temp.Combine("source", "cifar-10-batches-py");
        Directory.CreateDirectory(source);
        File.WriteAllBytes(Path.Combine(source, "data_batch_1"), new byte[] { 1, 2, 3 });
        var target = temp.Combine("data");
        Directory.CreateDirectory(target);
        File.WriteAllBytes(Path.Combine(target, Cifar10.ArchiveName), TarGz(temp.Combine("source")));
        var error = Assert.Throws<DatasetFormatException>(() => Cifar10.LoadData(target, null, DatasetFiles.Sources(temp.Combine("home"))));
        Assert.Contains("it is not the binary version of the data set (the Python and MATLAB versions are different archives)", error.Message);
    }

    [Fact]
    public void FuzzedBatchFilesRaiseOnlyDatasetFormatException()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("batch.bin");
        var random = new Random(3073);
        var valid = Records(2, 0, Cifar10Label);
        for (var iteration = 0; iteration < 300; iteration++)
        {
            var bytes = (byte[])valid.Clone();
            for (var m = random.Next(1, 4); m > 0; m--) bytes[random.Next(3)] = (byte)random.Next(256);
            if (random.Next(2) == 0) bytes = bytes[..random.Next(bytes.Length + 1)];
            File.WriteAllBytes(path, bytes);
            foreach (var layout in new[] { Cifar10.Layout, Cifar100.Layout })
            {
                try
                {
                    var batches = CifarFormat.Read(new[] { path }, layout);
                    Assert.Equal((long)batches.Count * 3072, batches.Pixels.LongLength);
                }
                catch (DatasetFormatException e)
                {
                    Assert.Equal(path, e.FilePath);
                }
            }
        }
    }
}
