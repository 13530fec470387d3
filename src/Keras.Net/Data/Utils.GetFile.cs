using System.Security.Cryptography;
using KerasNet.Datasets;

namespace KerasNet;

public static partial class Utils
{
    /// <summary>
    /// Keras's <c>get_file</c>: downloads <paramref name="origin"/> into <c>&lt;cacheDir&gt;/&lt;cacheSubdir&gt;/&lt;fname&gt;</c>
    /// unless it is already there, verifies its digest, and optionally extracts it. Returns the file's path, or with
    /// <paramref name="extract"/> the folder it was extracted into (Keras 3's names: <c>fname</c> with an extension
    /// extracts into <c>&lt;name before the first dot&gt;_extracted</c>; without one the archive is saved as
    /// <c>&lt;fname&gt;_archive</c> and extracted into <c>&lt;fname&gt;</c>).
    /// </summary>
    /// <param name="fname">The file name in the cache (no folders); null: the last part of the URL's path.</param>
    /// <param name="origin">The URL to download from.</param>
    /// <param name="fileHash">The expected SHA-256 (64 hex digits) or MD5 (32) of the file; null: not verified. A cached file whose digest differs is downloaded again.</param>
    /// <param name="cacheSubdir">The folder under the cache root.</param>
    /// <param name="hashAlgorithm">"auto" (by the digest's length), "sha256" or "md5".</param>
    /// <param name="extract">Extract the archive (tar, tar.gz or zip; see <paramref name="archiveFormat"/>).</param>
    /// <param name="archiveFormat">"auto" (tar or zip, recognised by content), "tar" or "zip".</param>
    /// <param name="cacheDir">The cache root; null: <c>$KERAS_NET_HOME</c>, default <c>~/.keras-net</c> (the data sets' cache).</param>
    /// <param name="forceDownload">Download even when the file is cached.</param>
    /// <remarks>
    /// Extraction is safe: an entry that is absolute, contains <c>..</c>, or is a link pointing outside the target
    /// folder (or any link in a zip) is refused, and a refused or corrupt archive leaves nothing extracted. A cached
    /// archive is extracted again only when it was downloaded or its folder does not exist. With
    /// <c>KERAS_NET_OFFLINE=1</c> nothing is downloaded: a missing file raises an exception saying where to put it.
    /// </remarks>
    /// <exception cref="ArgumentException">An argument is invalid (no origin, a folder in fname, a digest of the wrong length...).</exception>
    /// <exception cref="DatasetNotFoundException">The file is not cached and could not be downloaded (offline, network, wrong digest).</exception>
    /// <exception cref="DatasetFormatException">The archive is not a tar/zip archive, is corrupt, or has an entry that would land outside its folder.</exception>
    public static string GetFile(string? fname = null, string? origin = null, string? fileHash = null, string cacheSubdir = "datasets",
        string hashAlgorithm = "auto", bool extract = false, string archiveFormat = "auto", string? cacheDir = null, bool forceDownload = false) =>
        GetFile(fname, origin, fileHash, cacheSubdir, hashAlgorithm, extract, archiveFormat, cacheDir, forceDownload, DatasetSources.FromEnvironment());

    internal static string GetFile(string? fname, string? origin, string? fileHash, string cacheSubdir, string hashAlgorithm, bool extract,
        string archiveFormat, string? cacheDir, bool forceDownload, DatasetSources sources)
    {
        const string fn = "GetFile";
        if (string.IsNullOrWhiteSpace(origin))
            throw new ArgumentException($"{fn}: origin (the URL to download from) is required; received {(origin is null ? "null" : "an empty string")}.", nameof(origin));
        if (hashAlgorithm is not ("auto" or "sha256" or "md5"))
            throw new ArgumentException($"{fn}: hashAlgorithm received '{hashAlgorithm}'; expected \"auto\", \"sha256\" or \"md5\".", nameof(hashAlgorithm));
        if (archiveFormat is not ("auto" or "tar" or "zip"))
            throw new ArgumentException($"{fn}: archiveFormat received '{archiveFormat}'; expected \"auto\", \"tar\" or \"zip\".", nameof(archiveFormat));
        var digest = fileHash?.Trim().ToLowerInvariant();
        if (digest is not null)
        {
            var expectedLength = hashAlgorithm switch { "md5" => 32, "sha256" => 64, _ => digest.Length == 32 ? 32 : 64 };
            if (digest.Length != expectedLength || !digest.All(Uri.IsHexDigit))
                throw new ArgumentException(
                    $"{fn}: fileHash received '{fileHash}'; expected {expectedLength} hex digits ({(expectedLength == 32 ? "MD5" : "SHA-256")}, hashAlgorithm \"{hashAlgorithm}\").",
                    nameof(fileHash));
        }
        if (string.IsNullOrEmpty(cacheSubdir) || Path.IsPathRooted(cacheSubdir) || cacheSubdir.Split('/', '\\').Contains(".."))
            throw new ArgumentException($"{fn}: cacheSubdir received '{cacheSubdir}'; expected a relative folder name without '..', e.g. \"datasets\".", nameof(cacheSubdir));

        var given = !string.IsNullOrEmpty(fname);
        if (!given)
        {
            fname = Uri.TryCreate(origin, UriKind.Absolute, out var uri) ? Path.GetFileName(uri.AbsolutePath) : null;
            if (string.IsNullOrEmpty(fname) || fname is "." or "..")
                throw new ArgumentException($"{fn}: no file name can be taken from origin '{origin}'; pass fname.", nameof(fname));
        }
        else if (fname!.IndexOfAny(new[] { '/', '\\' }) >= 0 || fname is "." or "..")
            throw new ArgumentException($"{fn}: fname received '{fname}'; expected a file name without folders (use cacheDir and cacheSubdir for the folder).", nameof(fname));

        var folder = Path.GetFullPath(Path.Combine(cacheDir ?? sources.Home, cacheSubdir));
        string target, extractTo = "";
        if (!extract) target = Path.Combine(folder, fname!);
        else if (given && fname!.Contains('.'))
            (target, extractTo) = (Path.Combine(folder, fname), Path.Combine(folder, fname[..fname.IndexOf('.')] + "_extracted"));
        else
            (target, extractTo) = (Path.Combine(folder, fname + "_archive"), Path.Combine(folder, fname!));

        var download = forceDownload || !File.Exists(target);
        var progress = sources.Progress ?? Console.Out;
        if (!download && digest is not null && DatasetDownloader.ComputeHash(target, DatasetDownloader.AlgorithmOf(digest)) != digest)
        {
            progress.WriteLine($"{target} was found, but its {DatasetDownloader.NameOf(DatasetDownloader.AlgorithmOf(digest))} differs from {digest}; downloading it again.");
            download = true;
        }
        if (download) Download(target, origin, digest, sources);
        if (!extract) return target;
        if (download || !Directory.Exists(extractTo)) ArchiveExtractor.Extract(target, extractTo, archiveFormat);
        return extractTo;
    }

    private static void Download(string target, string origin, string? digest, DatasetSources sources)
    {
        var name = Path.GetFileName(target);
        var folder = Path.GetDirectoryName(target)!;
        var check = digest is null ? "" : $" ({DatasetDownloader.NameOf(DatasetDownloader.AlgorithmOf(digest))} {digest})";
        DatasetNotFoundException Missing(string reason, Exception? inner) => new(
            $"{name} is not in the cache, and {reason}{Environment.NewLine}Download {origin}{check} and save it as:{Environment.NewLine}  {target}",
            name, new[] { name }, new[] { folder }, inner);
        if (sources.Offline)
            throw Missing($"{DatasetSources.OfflineVariable} is set, so it was not downloaded.", null);
        try
        {
            Directory.CreateDirectory(folder);
            new DatasetDownloader(sources.HttpHandler, sources.Progress).Download(new RemoteFile(name, digest ?? "", new[] { origin }), folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw Missing($"the download failed.{Environment.NewLine}{e.Message}", e);
        }
    }
}
