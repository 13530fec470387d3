using System.Formats.Tar;
using System.IO.Compression;

namespace KerasNet.Datasets;

/// <summary>
/// Extracts a .tar.gz archive so that nothing lands outside the target folder: entry names that are absolute or
/// contain <c>..</c> are rejected, as are links that are absolute, contain <c>..</c> or point outside, and
/// device or FIFO entries. Entries are first written to a staging folder inside the target and moved into place
/// once the whole archive has been read, so a corrupt archive leaves no partial files behind.
/// </summary>
internal static class TarExtractor
{
    /// <summary>Extracts <paramref name="archivePath"/> (gzip-compressed tar) into <paramref name="targetDirectory"/>.</summary>
    internal static void ExtractTarGz(string archivePath, string targetDirectory) =>
        ExtractStaged(archivePath, targetDirectory, ".tar.gz", staging =>
        {
            using var file = new FileStream(archivePath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            using var gzip = new GZipStream(file, CompressionMode.Decompress);
            Extract(gzip, archivePath, staging);
        });

    /// <summary>
    /// Runs <paramref name="extract"/> into a staging folder inside <paramref name="targetDirectory"/>, then moves what it
    /// wrote into place (replacing earlier files of the same names). A malformed archive becomes a
    /// <see cref="DatasetFormatException"/> naming <paramref name="formatName"/>, and leaves nothing behind.
    /// </summary>
    internal static void ExtractStaged(string archivePath, string targetDirectory, string formatName, Action<string> extract)
    {
        var target = Path.GetFullPath(targetDirectory);
        Directory.CreateDirectory(target);
        var staging = Path.Combine(target, $".extract-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        try
        {
            extract(staging);
            foreach (var entry in new DirectoryInfo(staging).EnumerateFileSystemInfos())
            {
                var destination = Path.Combine(target, entry.Name);
                if (Directory.Exists(destination) && !File.GetAttributes(destination).HasFlag(FileAttributes.ReparsePoint))
                    Directory.Delete(destination, recursive: true);
                else if (File.Exists(destination) || Directory.Exists(destination))
                    File.Delete(destination);
                if (entry is DirectoryInfo directory && !entry.Attributes.HasFlag(FileAttributes.ReparsePoint))
                    directory.MoveTo(destination);
                else
                    File.Move(entry.FullName, destination);
            }
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or FormatException or ArgumentException
                                      or NotSupportedException or OverflowException)
        {
            throw new DatasetFormatException(archivePath,
                $"not a valid {formatName} archive, or a truncated one ({e.Message}). Delete it and download it again.", e);
        }
        finally
        {
            try { Directory.Delete(staging, recursive: true); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>What an already extracted path is, so later entries cannot clash with it.</summary>
    private enum ExtractedKind { Folder, File, Link }

    /// <summary>Extracts the tar stream <paramref name="tar"/> into <paramref name="root"/>, which must exist.</summary>
    internal static void Extract(Stream tar, string archivePath, string root)
    {
        root = Path.GetFullPath(root);
        var extracted = new Dictionary<string, ExtractedKind>(StringComparer.Ordinal);
        using var reader = new TarReader(tar, leaveOpen: true);
        while (reader.GetNextEntry(copyData: false) is { } entry)
        {
            switch (entry.EntryType)
            {
                case TarEntryType.Directory:
                {
                    var path = Resolve(root, entry.Name, archivePath, "entry");
                    PrepareFolder(path, root, entry.Name, archivePath, extracted);
                    break;
                }
                case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                {
                    var path = PrepareFile(root, entry.Name, archivePath, extracted, ExtractedKind.File);
                    using var output = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
                    entry.DataStream?.CopyTo(output);
                    break;
                }
                case TarEntryType.SymbolicLink:
                {
                    var path = PrepareFile(root, entry.Name, archivePath, extracted, ExtractedKind.Link);
                    var linkTarget = Resolve(Path.GetDirectoryName(path)!, entry.LinkName, archivePath, $"symbolic link '{entry.Name}' ->", root);
                    File.CreateSymbolicLink(path, Path.GetRelativePath(Path.GetDirectoryName(path)!, linkTarget));
                    break;
                }
                case TarEntryType.HardLink:
                {
                    var source = Resolve(root, entry.LinkName, archivePath, $"hard link '{entry.Name}' ->");
                    if (!extracted.TryGetValue(source, out var sourceKind) || sourceKind != ExtractedKind.File)
                        throw new DatasetFormatException(archivePath,
                            $"hard link '{entry.Name}' points to '{entry.LinkName}', which is not a file extracted before it; the archive is corrupt.");
                    var path = PrepareFile(root, entry.Name, archivePath, extracted, ExtractedKind.File);
                    File.Copy(source, path);
                    break;
                }
                case TarEntryType.GlobalExtendedAttributes or TarEntryType.ExtendedAttributes:
                    break; // metadata only
                default:
                    throw new DatasetFormatException(archivePath,
                        $"entry '{entry.Name}' is a {entry.EntryType} entry; only files, folders and links inside the archive are extracted.");
            }
        }
    }

    /// <summary>
    /// Resolves a file or link entry, creates its parent folders and removes an earlier file or link of the same
    /// name (a later tar entry replaces an earlier one). Raises <see cref="DatasetFormatException"/> when the name
    /// ends in a separator, names a folder extracted before, or passes through an extracted file or link.
    /// </summary>
    private static string PrepareFile(string root, string name, string archivePath, Dictionary<string, ExtractedKind> extracted, ExtractedKind kind)
    {
        if (name.EndsWith('/') || name.EndsWith('\\'))
            throw new DatasetFormatException(archivePath, $"entry '{name}' is a {Describe(kind)} but its name ends in a separator; the archive is corrupt.");
        var path = Resolve(root, name, archivePath, "entry");
        if (path == root || extracted.TryGetValue(path, out var earlier) && earlier == ExtractedKind.Folder)
            throw new DatasetFormatException(archivePath, $"entry '{name}' is a {Describe(kind)}, but a folder of that name was extracted before it; the archive is corrupt.");
        PrepareFolder(Path.GetDirectoryName(path)!, root, name, archivePath, extracted);
        if (extracted.ContainsKey(path))
            File.Delete(path);
        extracted[path] = kind;
        return path;
    }

    /// <summary>Creates <paramref name="folder"/> and its missing parents under <paramref name="root"/>, refusing to pass through extracted files or links.</summary>
    private static void PrepareFolder(string folder, string root, string name, string archivePath, Dictionary<string, ExtractedKind> extracted)
    {
        var missing = new Stack<string>();
        for (var current = Path.TrimEndingDirectorySeparator(folder); current.Length > root.Length; current = Path.GetDirectoryName(current)!)
        {
            if (extracted.TryGetValue(current, out var kind))
            {
                if (kind != ExtractedKind.Folder)
                    throw new DatasetFormatException(archivePath,
                        $"entry '{name}' needs the folder {Path.GetRelativePath(root, current)}, but the archive extracted a {Describe(kind)} there; the archive is corrupt.");
                break;
            }
            missing.Push(current);
        }
        foreach (var path in missing)
        {
            Directory.CreateDirectory(path);
            extracted[path] = ExtractedKind.Folder;
        }
    }

    private static string Describe(ExtractedKind kind) => kind switch
    {
        ExtractedKind.Folder => "folder",
        ExtractedKind.File => "file",
        _ => "symbolic link",
    };

    /// <summary>
    /// The full path of <paramref name="name"/> under <paramref name="directory"/>, or a
    /// <see cref="DatasetFormatException"/> when it is absolute, contains <c>..</c> or falls outside <paramref name="root"/>.
    /// </summary>
    internal static string Resolve(string directory, string name, string archivePath, string what, string? root = null)
    {
        root ??= directory;
        if (string.IsNullOrEmpty(name))
            throw new DatasetFormatException(archivePath, $"{what} '' has an empty name; the archive is corrupt.");
        if (name.Contains('\0'))
            throw new DatasetFormatException(archivePath, $"{what} '{name.Replace("\0", "\\0")}' contains a NUL character; the archive is corrupt.");
        if (Path.IsPathRooted(name) || name.StartsWith('/') || name.StartsWith('\\'))
            throw new DatasetFormatException(archivePath,
                $"{what} '{name}' is an absolute path; refusing to extract outside the target folder.");
        if (name.Split('/', '\\').Any(part => part == ".."))
            throw new DatasetFormatException(archivePath,
                $"{what} '{name}' contains '..'; refusing to extract outside the target folder.");
        var full = Path.GetFullPath(Path.Combine(directory, name));
        var rootWithSeparator = Path.EndsInDirectorySeparator(root) ? root : root + Path.DirectorySeparatorChar;
        if (!full.StartsWith(rootWithSeparator, StringComparison.Ordinal) && full != root)
            throw new DatasetFormatException(archivePath,
                $"{what} '{name}' resolves to {full}, outside the target folder; refusing to extract it.");
        return full;
    }
}
