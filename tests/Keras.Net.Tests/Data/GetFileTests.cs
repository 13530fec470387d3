using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using KerasNet.Datasets;

namespace KerasNet.Tests.Data;

/// <summary>Utils.GetFile: Keras 3's cache names, digests, offline messages and safe extraction of tar and zip archives.</summary>
public class GetFileTests
{
    private const string Url = "https://example.test/files/data.bin";
    private static readonly byte[] Content = Encoding.UTF8.GetBytes("keras.net get_file content");

    private static string Sha256(byte[] b) => Convert.ToHexStringLower(SHA256.HashData(b));
    private static string Md5(byte[] b) => Convert.ToHexStringLower(MD5.HashData(b));

    private static string Get(TempDirectory temp, FakeHttpHandler? handler, string? fname = null, string origin = Url, string? fileHash = null,
        bool extract = false, string hashAlgorithm = "auto", string archiveFormat = "auto", bool forceDownload = false) =>
        Utils.GetFile(fname, origin, fileHash, "datasets", hashAlgorithm, extract, archiveFormat, null, forceDownload, DatasetFiles.Sources(temp.Path, handler));

    [Fact]
    public void DownloadsOnceIntoTheCacheAndVerifiesTheDigest()
    {
        using var temp = new TempDirectory();
        var handler = new FakeHttpHandler().Serve(Url, Content);
        var path = Get(temp, handler, fileHash: Sha256(Content));
        Assert.Equal(temp.Combine("datasets", "data.bin"), path);
        Assert.Equal(Content, File.ReadAllBytes(path));
        Assert.Equal(path, Get(temp, handler, fileHash: Md5(Content)));
        Assert.Single(handler.Requests);
        Get(temp, handler, forceDownload: true);
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public void ACachedFileWithAnotherDigestIsDownloadedAgain()
    {
        using var temp = new TempDirectory();
        Directory.CreateDirectory(temp.Combine("datasets"));
        File.WriteAllText(temp.Combine("datasets", "data.bin"), "stale");
        var handler = new FakeHttpHandler().Serve(Url, Content);
        var path = Get(temp, handler, fileHash: Sha256(Content));
        Assert.Equal(Content, File.ReadAllBytes(path));
        Assert.Single(handler.Requests);
    }

    [Fact]
    public void AWrongDigestDiscardsTheDownload()
    {
        using var temp = new TempDirectory();
        var handler = new FakeHttpHandler().Serve(Url, Content);
        var e = Assert.Throws<DatasetNotFoundException>(() => Get(temp, handler, fileHash: new string('0', 64)));
        Assert.Contains("SHA-256 mismatch", e.Message);
        Assert.False(File.Exists(temp.Combine("datasets", "data.bin")));
        Assert.Empty(Directory.GetFiles(temp.Combine("datasets")));
    }

    [Fact]
    public void OfflineSaysWhichFileToPutWhere()
    {
        using var temp = new TempDirectory();
        var e = Assert.Throws<DatasetNotFoundException>(() => Get(temp, null, fname: "jena.csv", fileHash: Sha256(Content)));
        Assert.Contains("KERAS_NET_OFFLINE", e.Message);
        Assert.Contains(Url, e.Message);
        Assert.Contains(temp.Combine("datasets", "jena.csv"), e.Message);
        Assert.Contains(Sha256(Content), e.Message);
    }

    [Fact]
    public void BadArgumentsAreTyped()
    {
        using var temp = new TempDirectory();
        Assert.Equal("origin", Assert.Throws<ArgumentException>(() => Get(temp, null, origin: "")).ParamName);
        Assert.Equal("fname", Assert.Throws<ArgumentException>(() => Get(temp, null, fname: "../x")).ParamName);
        Assert.Equal("fname", Assert.Throws<ArgumentException>(() => Get(temp, null, origin: "https://example.test/")).ParamName);
        Assert.Equal("fileHash", Assert.Throws<ArgumentException>(() => Get(temp, null, fileHash: "abc")).ParamName);
        Assert.Equal("fileHash", Assert.Throws<ArgumentException>(() => Get(temp, null, fileHash: Sha256(Content), hashAlgorithm: "md5")).ParamName);
        Assert.Equal("hashAlgorithm", Assert.Throws<ArgumentException>(() => Get(temp, null, hashAlgorithm: "sha1")).ParamName);
        Assert.Equal("archiveFormat", Assert.Throws<ArgumentException>(() => Get(temp, null, archiveFormat: "rar")).ParamName);
        Assert.Equal("cacheSubdir", Assert.Throws<ArgumentException>(() =>
            Utils.GetFile("a", Url, null, "../up", "auto", false, "auto", null, false, DatasetFiles.Sources(temp.Path))).ParamName);
    }

    private static byte[] Zip(params (string Name, string? Text)[] entries)
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
            foreach (var (name, text) in entries)
            {
                var entry = zip.CreateEntry(name);
                if (text is not null) using (var writer = new StreamWriter(entry.Open())) writer.Write(text);
            }
        return memory.ToArray();
    }

    private static byte[] Tar(bool gzip, params (string Name, string Text)[] files)
    {
        using var memory = new MemoryStream();
        var outer = gzip ? new GZipStream(memory, CompressionLevel.Fastest, leaveOpen: true) : (Stream)memory;
        using (var writer = new TarWriter(outer, TarEntryFormat.Pax, leaveOpen: true))
            foreach (var (name, text) in files)
                writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Encoding.UTF8.GetBytes(text)) });
        if (gzip) outer.Dispose();
        return memory.ToArray();
    }

    [Fact]
    public void ExtractsZipTarAndTarGzWithKerasNames()
    {
        using var temp = new TempDirectory();
        var zip = Zip(("jena/", null), ("jena/climate.csv", "a,b"));
        var handler = new FakeHttpHandler().Serve(Url, zip).Serve(Url + ".tgz", Tar(true, ("t/x.txt", "gz"))).Serve(Url + ".tar", Tar(false, ("y.txt", "plain")));
        var folder = Get(temp, handler, fname: "jena_climate.zip", extract: true);
        Assert.Equal(temp.Combine("datasets", "jena_climate_extracted"), folder);
        Assert.Equal("a,b", File.ReadAllText(Path.Combine(folder, "jena", "climate.csv")));
        Assert.True(File.Exists(temp.Combine("datasets", "jena_climate.zip")));

        var noExtension = Get(temp, handler, fname: "bundle", origin: Url + ".tgz", extract: true);
        Assert.Equal(temp.Combine("datasets", "bundle"), noExtension);
        Assert.True(File.Exists(temp.Combine("datasets", "bundle_archive")));
        Assert.Equal("gz", File.ReadAllText(Path.Combine(noExtension, "t", "x.txt")));

        var plain = Get(temp, handler, fname: "plain.tar", origin: Url + ".tar", extract: true, archiveFormat: "tar");
        Assert.Equal("plain", File.ReadAllText(Path.Combine(plain, "y.txt")));
        Assert.Throws<DatasetFormatException>(() => Get(temp, handler, fname: "z2.zip", extract: true, archiveFormat: "tar"));
    }

    [Theory]
    [InlineData("../evil.txt")]
    [InlineData("a/../../evil.txt")]
    [InlineData("/tmp/evil.txt")]
    public void ZipEntriesOutsideTheFolderAreRefusedAndNothingIsExtracted(string name)
    {
        using var temp = new TempDirectory();
        var handler = new FakeHttpHandler().Serve(Url, Zip(("good.txt", "ok"), (name, "bad")));
        var e = Assert.Throws<DatasetFormatException>(() => Get(temp, handler, fname: "evil.zip", extract: true));
        Assert.Contains("refusing to extract outside the target folder", e.Message);
        Assert.Contains(name, e.Message);
        var folder = temp.Combine("datasets", "evil_extracted");
        Assert.Empty(Directory.Exists(folder) ? Directory.GetFileSystemEntries(folder) : Array.Empty<string>());
        Assert.False(File.Exists(temp.Combine("evil.txt")));
        Assert.False(File.Exists(temp.Combine("datasets", "evil.txt")));
    }

    [Fact]
    public void TarEntriesOutsideTheFolderAreRefused()
    {
        using var temp = new TempDirectory();
        var handler = new FakeHttpHandler().Serve(Url, Tar(false, ("ok.txt", "ok"), ("../escape.txt", "bad")));
        var e = Assert.Throws<DatasetFormatException>(() => Get(temp, handler, fname: "evil.tar", extract: true));
        Assert.Contains("'../escape.txt' contains '..'", e.Message);
        Assert.False(File.Exists(temp.Combine("datasets", "escape.txt")));
        Assert.False(File.Exists(temp.Combine("datasets", "evil_extracted", "ok.txt")));
    }

    [Fact]
    public void ZipSymbolicLinksAreRefused()
    {
        using var temp = new TempDirectory();
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            var link = zip.CreateEntry("link");
            link.ExternalAttributes = unchecked((int)(0xA1FFu << 16)); // S_IFLNK | 0777
            using (var writer = new StreamWriter(link.Open())) writer.Write("/etc/passwd");
        }
        var handler = new FakeHttpHandler().Serve(Url, memory.ToArray());
        var e = Assert.Throws<DatasetFormatException>(() => Get(temp, handler, fname: "link.zip", extract: true));
        Assert.Contains("symbolic link", e.Message);
    }

    [Fact]
    public void AnArchiveOfNoKnownFormatIsRefused()
    {
        using var temp = new TempDirectory();
        var handler = new FakeHttpHandler().Serve(Url, Content).Serve(Url + ".bz2", Encoding.ASCII.GetBytes("BZh91AY&SY"));
        Assert.Contains("neither a zip nor a tar", Assert.Throws<DatasetFormatException>(() => Get(temp, handler, fname: "x.zip", extract: true)).Message);
        Assert.Contains("bzip2", Assert.Throws<DatasetFormatException>(() => Get(temp, handler, fname: "y.tar.bz2", origin: Url + ".bz2", extract: true)).Message);
    }
}
