using System.IO.Compression;

namespace KerasNet.Datasets;

/// <summary>
/// Extracts tar (plain or gzip-compressed) and zip archives so that nothing lands outside the target folder:
/// the tar rules of <see cref="TarExtractor"/>, and for zip archives the same refusal of absolute names and
/// <c>..</c>, plus a refusal of symbolic-link entries. Every refusal is a <see cref="DatasetFormatException"/>
/// naming the entry; an archive that fails leaves nothing in the target.
/// </summary>
internal static class ArchiveExtractor
{
    private const int SymbolicLinkMode = 0xA000, FileTypeMask = 0xF000;

    /// <summary>
    /// Extracts <paramref name="archivePath"/> into <paramref name="targetDirectory"/>. <paramref name="format"/> is
    /// "auto" (tar or zip, recognised by content), "tar" or "zip". Returns the format extracted.
    /// </summary>
    internal static string Extract(string archivePath, string targetDirectory, string format = "auto")
    {
        var kind = Detect(archivePath);
        var allowed = format == "auto" ? new[] { "tar", "zip" } : new[] { format };
        var actual = kind switch
        {
            Kind.Zip => "zip",
            Kind.Tar or Kind.TarGz => "tar",
            Kind.Bzip2 or Kind.Xz => throw new DatasetFormatException(archivePath,
                $"is {(kind == Kind.Bzip2 ? "bzip2" : "xz")}-compressed; tar archives are extracted plain or gzip-compressed only. " +
                "Decompress it (bunzip2 / unxz) and extract the .tar, or extract it by hand."),
            _ => throw new DatasetFormatException(archivePath,
                $"is neither a zip nor a tar archive (checked its first bytes); archive format '{format}' was asked for."),
        };
        if (!allowed.Contains(actual))
            throw new DatasetFormatException(archivePath, $"is a {actual} archive, but archive format '{format}' was asked for.");
        if (kind == Kind.Zip) ExtractZip(archivePath, targetDirectory);
        else
            TarExtractor.ExtractStaged(archivePath, targetDirectory, kind == Kind.TarGz ? ".tar.gz" : ".tar", staging =>
            {
                using var file = new FileStream(archivePath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
                using Stream tar = kind == Kind.TarGz ? new GZipStream(file, CompressionMode.Decompress) : file;
                TarExtractor.Extract(tar, archivePath, staging);
            });
        return actual;
    }

    private enum Kind { Unknown, Zip, Tar, TarGz, Bzip2, Xz }

    private static Kind Detect(string path)
    {
        var head = new byte[512];
        int read;
        using (var file = File.OpenRead(path)) read = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        if (read >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] is 3 or 5 && head[3] is 4 or 6) return Kind.Zip;
        if (read >= 2 && head[0] == 0x1F && head[1] == 0x8B) return Kind.TarGz;
        if (read >= 3 && head[0] == 'B' && head[1] == 'Z' && head[2] == 'h') return Kind.Bzip2;
        if (read >= 6 && head[0] == 0xFD && head[1] == '7' && head[2] == 'z' && head[3] == 'X' && head[4] == 'Z' && head[5] == 0) return Kind.Xz;
        if (read >= 262 && head.AsSpan(257, 5).SequenceEqual("ustar"u8)) return Kind.Tar;
        return Kind.Unknown;
    }

    private static void ExtractZip(string archivePath, string targetDirectory) =>
        TarExtractor.ExtractStaged(archivePath, targetDirectory, "zip", staging =>
        {
            using var zip = ZipFile.OpenRead(archivePath);
            foreach (var entry in zip.Entries)
            {
                if (((entry.ExternalAttributes >> 16) & FileTypeMask) == SymbolicLinkMode)
                    throw new DatasetFormatException(archivePath,
                        $"entry '{entry.FullName}' is a symbolic link; links in zip archives are not extracted (they could point outside the target folder).");
                var isFolder = entry.FullName.EndsWith('/') || entry.FullName.EndsWith('\\');
                var path = TarExtractor.Resolve(staging, isFolder ? entry.FullName.TrimEnd('/', '\\') : entry.FullName, archivePath, "entry");
                if (isFolder)
                {
                    Directory.CreateDirectory(path);
                    continue;
                }
                if (Directory.Exists(path))
                    throw new DatasetFormatException(archivePath, $"entry '{entry.FullName}' is a file, but a folder of that name was extracted before it; the archive is corrupt.");
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                using var input = entry.Open();
                using var output = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
                input.CopyTo(output);
            }
        });
}
