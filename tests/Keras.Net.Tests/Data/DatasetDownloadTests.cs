using System.Net;
using System.Security.Cryptography;
using KerasNet.Datasets;

namespace KerasNet.Tests.Data;

/// <summary>The download path, served by an in-process handler: no network is used.</summary>
public class DatasetDownloadTests
{
    [Fact]
    public void VerifySha256AcceptsTheRightDigestAndRejectsAnother()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("file.bin");
        File.WriteAllBytes(path, "abc"u8.ToArray());
        // SHA-256("abc") is the FIPS 180-2 test vector.
        const string abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        Assert.Equal(abc, DatasetDownloader.ComputeSha256(path));
        DatasetDownloader.VerifySha256(path, abc.ToUpperInvariant());
        var error = Assert.Throws<DatasetFormatException>(() => DatasetDownloader.VerifySha256(path, new string('0', 64)));
        Assert.Equal($"{path}: SHA-256 mismatch: expected {new string('0', 64)}, got {abc} (3 bytes). " +
                     "The download is corrupt or the server sent another file; it was discarded.", error.Message);
    }

    [Fact]
    public void DownloadsVerifiedFilesIntoTheCacheThenLoadsThem()
    {
        using var temp = new TempDirectory();
        var (spec, handler) = ServedMnist(temp);
        var progress = new StringWriter();
        var sources = DatasetFiles.Sources(temp.Combine("home"), handler, progress);

        var ((xTrain, yTrain), (xTest, yTest)) = MnistFormat.Load(spec, null, sources);
        using (xTrain) using (yTrain) using (xTest) using (yTest)
            Assert.Equal(new long[] { 5, 0, 9 }, yTrain.data<long>().ToArray());

        var cache = Path.Combine(temp.Combine("home"), "datasets", "test-mnist");
        Assert.Equal(MnistFormat.FileNames.OrderBy(n => n), Directory.GetFiles(cache).Select(Path.GetFileName).OrderBy(n => n));
        Assert.Contains("Downloading train-images-idx3-ubyte.gz from https://mirror-a.test/train-images-idx3-ubyte.gz", progress.ToString());
        Assert.Contains($"Saved {Path.Combine(cache, "train-images-idx3-ubyte.gz")} (SHA-256 verified)", progress.ToString());
        Assert.Contains("(100%)", progress.ToString());

        // Loaded again: found in the cache, nothing downloaded.
        var before = handler.Requests.Count;
        var second = MnistFormat.Load(spec, null, sources);
        second.train.x.Dispose(); second.train.y.Dispose(); second.test.x.Dispose(); second.test.y.Dispose();
        Assert.Equal(before, handler.Requests.Count);
    }

    [Fact]
    public void FallsBackToTheNextMirrorWhenOneFails()
    {
        using var temp = new TempDirectory();
        var (spec, handler) = ServedMnist(temp, mirrorAFails: true);
        var progress = new StringWriter();
        var data = MnistFormat.Load(spec, temp.Combine("explicit"), DatasetFiles.Sources(temp.Combine("home"), handler, progress));
        data.train.x.Dispose(); data.train.y.Dispose(); data.test.x.Dispose(); data.test.y.Dispose();
        Assert.Contains("https://mirror-a.test/train-images-idx3-ubyte.gz", handler.Requests);
        Assert.Contains("https://mirror-b.test/train-images-idx3-ubyte.gz", handler.Requests);
        Assert.Contains("failed: HTTP 404 Not Found", progress.ToString());
        // The explicit path is where the files are downloaded to.
        Assert.True(File.Exists(temp.Combine("explicit", "t10k-labels-idx1-ubyte.gz")));
    }

    [Fact]
    public void ChecksumMismatchDiscardsTheFileAndRaisesNotFoundWithTheReason()
    {
        using var temp = new TempDirectory();
        var (spec, handler) = ServedMnist(temp, corrupt: true);
        var home = temp.Combine("home");
        var error = Assert.Throws<DatasetNotFoundException>(() => MnistFormat.Load(spec, null, DatasetFiles.Sources(home, handler)));
        Assert.StartsWith("Test-MNIST was not found, and the download failed.", error.Message);
        Assert.Contains("https://mirror-a.test/train-images-idx3-ubyte.gz: SHA-256 mismatch: expected", error.Message);
        Assert.Contains("https://mirror-b.test/train-images-idx3-ubyte.gz: SHA-256 mismatch: expected", error.Message);
        Assert.IsAssignableFrom<IOException>(error.InnerException);
        // Nothing that looks complete, and no temporary file, is left behind.
        var cache = Path.Combine(home, "datasets", "test-mnist");
        Assert.Empty(Directory.GetFiles(cache));
    }

    [Fact]
    public void UnreachableServersRaiseNotFoundListingFilesAndFolders()
    {
        using var temp = new TempDirectory();
        var (spec, _) = ServedMnist(temp);
        var nothing = new FakeHttpHandler();
        var error = Assert.Throws<DatasetNotFoundException>(() => MnistFormat.Load(spec, null, DatasetFiles.Sources(temp.Combine("home"), nothing)));
        Assert.Contains("Connection refused (mirror-a.test:443)", error.Message);
        Assert.Contains("t10k-labels-idx1-ubyte.gz", error.Message);
        Assert.Contains(Path.Combine(temp.Combine("home"), "datasets", "test-mnist"), error.Message);
    }

    [Fact]
    public void PublishedChecksumsAreWellFormed()
    {
        foreach (var spec in new[] { Mnist.Spec, FashionMnist.Spec })
        {
            Assert.Equal(4, spec.Files.Count);
            foreach (var file in spec.Files)
            {
                Assert.Matches("^[0-9a-f]{64}$", file.Sha256);
                Assert.All(file.Urls, url => Assert.StartsWith("https://", url));
                Assert.All(file.Urls, url => Assert.EndsWith("/" + file.Name, url));
            }
        }
    }

    /// <summary>A spec like MNIST's whose files are served by an in-process handler from two mirrors.</summary>
    private static (DatasetSpec spec, FakeHttpHandler handler) ServedMnist(TempDirectory temp, bool mirrorAFails = false, bool corrupt = false)
    {
        var source = temp.Combine("source");
        DatasetFiles.WriteMnist(source);
        var handler = new FakeHttpHandler();
        var sha = new List<string>();
        foreach (var name in MnistFormat.FileNames)
        {
            var bytes = File.ReadAllBytes(Path.Combine(source, name));
            sha.Add(Convert.ToHexStringLower(SHA256.HashData(bytes)));
            var served = corrupt ? bytes.Select((b, i) => i == bytes.Length / 2 ? (byte)(b ^ 1) : b).ToArray() : bytes;
            if (mirrorAFails) handler.Fail("https://mirror-a.test/" + name, HttpStatusCode.NotFound);
            else handler.Serve("https://mirror-a.test/" + name, served);
            handler.Serve("https://mirror-b.test/" + name, served);
        }
        var spec = MnistFormat.Spec("test-mnist", "Test-MNIST", new[] { "https://mirror-a.test/", "https://mirror-b.test/" }, sha, Array.Empty<string>());
        return (spec, handler);
    }
}
