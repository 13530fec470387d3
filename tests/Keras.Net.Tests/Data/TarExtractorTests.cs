using System.Formats.Tar;
using System.IO.Compression;
using KerasNet.Datasets;

namespace KerasNet.Tests.Data;

public class TarExtractorTests
{
    private static byte[] Archive(Action<TarWriter> write)
    {
        using var memory = new MemoryStream();
        using (var gzip = new GZipStream(memory, CompressionLevel.Fastest, leaveOpen: true))
        using (var writer = new TarWriter(gzip, TarEntryFormat.Pax))
            write(writer);
        return memory.ToArray();
    }

    private static PaxTarEntry FileEntry(string name, string content) =>
        new(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(content)) };

    private static PaxTarEntry Link(TarEntryType type, string name, string target) => new(type, name) { LinkName = target };

    /// <summary>Extracts into temp/out/target and returns the exception (or null); nothing may appear outside target.</summary>
    private static DatasetFormatException? ExtractExpectingNoEscape(TempDirectory temp, byte[] archive, out string archivePath, out string target)
    {
        var outer = temp.Combine("out");
        target = Path.Combine(outer, "target");
        Directory.CreateDirectory(target);
        archivePath = temp.Combine("archive.tar.gz");
        File.WriteAllBytes(archivePath, archive);
        DatasetFormatException? error = null;
        try { TarExtractor.ExtractTarGz(archivePath, target); }
        catch (DatasetFormatException e) { error = e; }
        Assert.Equal(new[] { "target" }, Directory.GetFileSystemEntries(outer).Select(Path.GetFileName));
        Assert.Empty(Directory.GetDirectories(target, ".extract-*"));
        return error;
    }

    [Fact]
    public void ExtractsFilesFoldersAndInsideLinks()
    {
        using var temp = new TempDirectory();
        var archive = Archive(w =>
        {
            w.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "data/"));
            w.WriteEntry(FileEntry("data/a.txt", "alpha"));
            w.WriteEntry(FileEntry("./data/sub/b.txt", "beta"));
            w.WriteEntry(Link(TarEntryType.SymbolicLink, "data/link", "sub/b.txt"));
            w.WriteEntry(Link(TarEntryType.HardLink, "data/copy.txt", "data/a.txt"));
        });
        Assert.Null(ExtractExpectingNoEscape(temp, archive, out _, out var target));
        Assert.Equal("alpha", File.ReadAllText(Path.Combine(target, "data", "a.txt")));
        Assert.Equal("beta", File.ReadAllText(Path.Combine(target, "data", "sub", "b.txt")));
        Assert.Equal("beta", File.ReadAllText(Path.Combine(target, "data", "link")));
        Assert.Equal("alpha", File.ReadAllText(Path.Combine(target, "data", "copy.txt")));
    }

    [Theory]
    [InlineData("../evil.txt", "entry '../evil.txt' contains '..'; refusing to extract outside the target folder.")]
    [InlineData("data/../../evil.txt", "entry 'data/../../evil.txt' contains '..'; refusing to extract outside the target folder.")]
    [InlineData("/tmp/evil.txt", "entry '/tmp/evil.txt' is an absolute path; refusing to extract outside the target folder.")]
    public void EntryNamesThatEscapeAreRejected(string name, string message)
    {
        using var temp = new TempDirectory();
        var archive = Archive(w => { w.WriteEntry(FileEntry("ok.txt", "fine")); w.WriteEntry(FileEntry(name, "evil")); });
        var error = ExtractExpectingNoEscape(temp, archive, out var archivePath, out var target);
        Assert.NotNull(error);
        Assert.Equal($"{archivePath}: {message}", error!.Message);
        // A rejected archive leaves nothing behind, not even its valid entries.
        Assert.Empty(Directory.GetFileSystemEntries(target));
    }

    [Theory]
    [InlineData(TarEntryType.SymbolicLink, "../../outside", "symbolic link 'data/escape' -> '../../outside' contains '..'")]
    [InlineData(TarEntryType.SymbolicLink, "/etc/passwd", "symbolic link 'data/escape' -> '/etc/passwd' is an absolute path")]
    [InlineData(TarEntryType.HardLink, "../outside", "hard link 'data/escape' -> '../outside' contains '..'")]
    [InlineData(TarEntryType.HardLink, "/etc/passwd", "hard link 'data/escape' -> '/etc/passwd' is an absolute path")]
    public void LinksThatEscapeAreRejected(TarEntryType type, string linkTarget, string message)
    {
        using var temp = new TempDirectory();
        var archive = Archive(w => w.WriteEntry(Link(type, "data/escape", linkTarget)));
        var error = ExtractExpectingNoEscape(temp, archive, out var archivePath, out _);
        Assert.NotNull(error);
        Assert.StartsWith($"{archivePath}: {message}", error!.Message);
    }

    [Fact]
    public void SymlinkThenFileThroughItCannotEscape()
    {
        using var temp = new TempDirectory();
        // The classic two-step attack: a link to the parent, then a file written "through" it.
        var archive = Archive(w =>
        {
            w.WriteEntry(Link(TarEntryType.SymbolicLink, "up", ".."));
            w.WriteEntry(FileEntry("up/evil.txt", "evil"));
        });
        var error = ExtractExpectingNoEscape(temp, archive, out _, out _);
        Assert.NotNull(error);
        Assert.Contains("symbolic link 'up' -> '..' contains '..'", error!.Message);
    }

    [Fact]
    public void DevicesAndFifosAreRejected()
    {
        using var temp = new TempDirectory();
        var archive = Archive(w => w.WriteEntry(new PaxTarEntry(TarEntryType.Fifo, "pipe")));
        var error = ExtractExpectingNoEscape(temp, archive, out var archivePath, out _);
        Assert.Equal($"{archivePath}: entry 'pipe' is a Fifo entry; only files, folders and links inside the archive are extracted.", error!.Message);
    }

    [Fact]
    public void CorruptAndTruncatedArchivesRaiseFormatErrors()
    {
        using var temp = new TempDirectory();
        var valid = Archive(w => { w.WriteEntry(FileEntry("a.txt", new string('x', 5000))); w.WriteEntry(FileEntry("b.txt", "b")); });
        var error = ExtractExpectingNoEscape(temp, valid[..(valid.Length / 2)], out var archivePath, out _);
        Assert.NotNull(error);
        Assert.StartsWith($"{archivePath}: not a valid .tar.gz archive, or a truncated one (", error!.Message);

        error = ExtractExpectingNoEscape(new TempDirectory(), "plain text, not gzip"u8.ToArray(), out archivePath, out _);
        Assert.StartsWith($"{archivePath}: not a valid .tar.gz archive, or a truncated one (", error!.Message);
    }

    [Theory]
    [InlineData("clash/", "entry 'clash/' is a file but its name ends in a separator; the archive is corrupt.")]
    [InlineData("dir", "entry 'dir' is a file, but a folder of that name was extracted before it; the archive is corrupt.")]
    [InlineData("file.txt/inner.txt", "entry 'file.txt/inner.txt' needs the folder file.txt, but the archive extracted a file there; the archive is corrupt.")]
    [InlineData("link/inner.txt", "entry 'link/inner.txt' needs the folder link, but the archive extracted a symbolic link there; the archive is corrupt.")]
    public void EntriesThatClashWithEarlierOnesAreFormatErrors(string name, string message)
    {
        using var temp = new TempDirectory();
        var archive = Archive(w =>
        {
            w.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "dir/"));
            w.WriteEntry(FileEntry("file.txt", "text"));
            w.WriteEntry(Link(TarEntryType.SymbolicLink, "link", "dir"));
            w.WriteEntry(FileEntry(name, "clash"));
        });
        var error = ExtractExpectingNoEscape(temp, archive, out var archivePath, out var target);
        Assert.Equal($"{archivePath}: {message}", error?.Message);
        Assert.Empty(Directory.GetFileSystemEntries(target));
    }

    [Fact]
    public void FolderEntryOverAnExtractedFileIsAFormatError()
    {
        using var temp = new TempDirectory();
        var archive = Archive(w => { w.WriteEntry(FileEntry("x", "text")); w.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "x/")); });
        var error = ExtractExpectingNoEscape(temp, archive, out var archivePath, out _);
        Assert.Equal($"{archivePath}: entry 'x/' needs the folder x, but the archive extracted a file there; the archive is corrupt.", error?.Message);
    }

    [Fact]
    public void LaterEntryReplacesAnEarlierFileOfTheSameName()
    {
        using var temp = new TempDirectory();
        var archive = Archive(w => { w.WriteEntry(FileEntry("a.txt", "first")); w.WriteEntry(FileEntry("a.txt", "second")); });
        Assert.Null(ExtractExpectingNoEscape(temp, archive, out _, out var target));
        Assert.Equal("second", File.ReadAllText(Path.Combine(target, "a.txt")));
    }

    [Fact]
    public void FuzzedArchivesRaiseOnlyDatasetFormatException()
    {
        var random = new Random(1729);
        var tar = new MemoryStream();
        using (var writer = new TarWriter(tar, TarEntryFormat.Ustar, leaveOpen: true))
        {
            // A fixed time stamp keeps the archive bytes, and so the mutations, identical from run to run.
            var stamp = new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero);
            writer.WriteEntry(new UstarTarEntry(TarEntryType.Directory, "d/") { ModificationTime = stamp });
            writer.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, "d/f.bin") { DataStream = new MemoryStream(new byte[700]), ModificationTime = stamp });
            writer.WriteEntry(new UstarTarEntry(TarEntryType.SymbolicLink, "d/l") { LinkName = "f.bin", ModificationTime = stamp });
        }
        var plain = tar.ToArray();
        for (var iteration = 0; iteration < 300; iteration++)
        {
            using var temp = new TempDirectory();
            var target = temp.Combine("target");
            Directory.CreateDirectory(target);
            // Mutate the tar itself (headers, sizes, checksums) and compress it, or mutate the gzip bytes.
            byte[] bytes;
            if (iteration % 2 == 0)
            {
                var mutated = (byte[])plain.Clone();
                for (var m = random.Next(1, 8); m > 0; m--) mutated[random.Next(Math.Min(mutated.Length, 1536))] = (byte)random.Next(256);
                if (random.Next(3) == 0) mutated = mutated[..random.Next(mutated.Length)];
                bytes = DatasetFiles.Gzip(mutated);
            }
            else
            {
                bytes = DatasetFiles.Gzip(plain);
                for (var m = random.Next(1, 5); m > 0; m--) bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            }
            var archivePath = temp.Combine("a.tar.gz");
            File.WriteAllBytes(archivePath, bytes);
            try
            {
                TarExtractor.ExtractTarGz(archivePath, target);
            }
            catch (DatasetFormatException e)
            {
                Assert.Equal(archivePath, e.FilePath);
            }
            foreach (var path in Directory.GetFileSystemEntries(temp.Path, "*", SearchOption.AllDirectories))
                Assert.StartsWith(temp.Path, Path.GetFullPath(path));
            Assert.Equal(2, Directory.GetFileSystemEntries(temp.Path).Length); // a.tar.gz and target only
        }
    }
}
