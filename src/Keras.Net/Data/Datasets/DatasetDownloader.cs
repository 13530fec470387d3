using System.Net;
using System.Security.Cryptography;

namespace KerasNet.Datasets;

/// <summary>
/// A file of a data set as published: its name, its SHA-256 and the URLs (mirrors) it can be fetched from. As in
/// Keras's <c>get_file</c>, a 32-digit digest is an MD5 (for files Keras publishes only an MD5 of).
/// </summary>
internal sealed record RemoteFile(string Name, string Sha256, IReadOnlyList<string> Urls)
{
    /// <summary>The digest's algorithm: MD5 for 32 hex digits, SHA-256 otherwise.</summary>
    internal HashAlgorithmName Algorithm => DatasetDownloader.AlgorithmOf(Sha256);

    /// <summary>The algorithm's name for messages: <c>SHA-256</c> or <c>MD5</c>.</summary>
    internal string AlgorithmName => DatasetDownloader.NameOf(Algorithm);
}

/// <summary>
/// Downloads data set files: a short connect timeout, a stall timeout between chunks, progress on standard error,
/// SHA-256 verification while writing, and a temporary file renamed into place only once verified, so an
/// interrupted or corrupted download never leaves a file that looks complete.
/// </summary>
internal sealed class DatasetDownloader
{
    private static readonly TimeSpan DefaultConnectTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan DefaultStallTimeout = TimeSpan.FromSeconds(60);

    private readonly HttpMessageHandler? handler;
    private readonly TextWriter progress;
    private readonly bool progressIsTerminal;

    internal DatasetDownloader(HttpMessageHandler? handler = null, TextWriter? progress = null)
    {
        this.handler = handler;
        this.progress = progress ?? Console.Error;
        progressIsTerminal = progress is null && !Console.IsErrorRedirected;
    }

    /// <summary>The stall timeout: the longest wait for the next chunk of a response.</summary>
    internal TimeSpan StallTimeout { get; init; } = DefaultStallTimeout;

    /// <summary>
    /// Fetches <paramref name="file"/> into <paramref name="directory"/>, trying its URLs in order. Returns the path.
    /// Throws <see cref="IOException"/> describing every attempt when none succeeded.
    /// </summary>
    internal string Download(RemoteFile file, string directory)
    {
        var destination = Path.Combine(directory, file.Name);
        var failures = new List<string>();
        foreach (var url in file.Urls)
        {
            try
            {
                // The whole transfer runs on the thread pool so that a caller's synchronization context cannot deadlock it.
                Task.Run(() => DownloadOneAsync(url, destination, file.Sha256)).GetAwaiter().GetResult();
                return destination;
            }
            catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException or OperationCanceledException
                                          or DatasetFormatException or UnauthorizedAccessException)
            {
                progress.WriteLine($"  failed: {Describe(e)}");
                failures.Add($"{url}: {Describe(e)}");
            }
        }
        throw new IOException($"Could not download {file.Name}:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", failures));
    }

    private async Task DownloadOneAsync(string url, string destination, string expectedSha256)
    {
        using var client = CreateClient();
        using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"HTTP {(int)response.StatusCode} {response.ReasonPhrase}", null, response.StatusCode);
        var total = response.Content.Headers.ContentLength;
        var name = Path.GetFileName(destination);
        var directory = Path.GetDirectoryName(destination)!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{name}.{Environment.ProcessId}.{Guid.NewGuid():N}.part");
        progress.WriteLine($"Downloading {name} from {url}{(total is long t ? $" ({FormatBytes(t)})" : "")}");
        try
        {
            using var hash = IncrementalHash.CreateHash(AlgorithmOf(expectedSha256));
            long received = 0;
            await using (var source = await response.Content.ReadAsStreamAsync().ConfigureAwait(false))
            await using (var target = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                var buffer = new byte[1 << 16];
                var reported = -1;
                while (true)
                {
                    int n;
                    using (var stall = new CancellationTokenSource(StallTimeout))
                    {
                        try
                        {
                            n = await source.ReadAsync(buffer, stall.Token).ConfigureAwait(false);
                        }
                        catch (OperationCanceledException) when (stall.IsCancellationRequested)
                        {
                            throw new IOException($"no data arrived for {StallTimeout.TotalSeconds:0} s after {FormatBytes(received)}; the connection stalled.");
                        }
                    }
                    if (n == 0) break;
                    hash.AppendData(buffer, 0, n);
                    await target.WriteAsync(buffer.AsMemory(0, n)).ConfigureAwait(false);
                    received += n;
                    reported = ReportProgress(name, received, total, reported);
                }
                await target.FlushAsync().ConfigureAwait(false);
                target.Flush(flushToDisk: true);
            }
            if (progressIsTerminal) progress.WriteLine();
            if (total is long expectedLength && received != expectedLength)
                throw new IOException($"the server announced {expectedLength} bytes but sent {received}; the transfer was cut short.");
            var actual = Convert.ToHexStringLower(hash.GetHashAndReset());
            // An empty digest (Utils.GetFile without a fileHash) means the file is not verified.
            if (expectedSha256.Length > 0 && !HashMatches(actual, expectedSha256))
                throw ChecksumMismatch(destination, expectedSha256, actual, received);
            File.Move(temporary, destination, overwrite: true);
            progress.WriteLine(expectedSha256.Length > 0 ? $"Saved {destination} ({NameOf(AlgorithmOf(expectedSha256))} verified)" : $"Saved {destination}");
        }
        finally
        {
            TryDelete(temporary);
        }
    }

    private HttpClient CreateClient()
    {
        var inner = handler ?? new SocketsHttpHandler
        {
            ConnectTimeout = DefaultConnectTimeout,
            AutomaticDecompression = DecompressionMethods.None,
            AllowAutoRedirect = true,
        };
        // Headers must arrive within the stall timeout; the body is guarded chunk by chunk.
        return new HttpClient(inner, disposeHandler: handler is null) { Timeout = StallTimeout };
    }

    private int ReportProgress(string name, long received, long? total, int reported)
    {
        if (total is not long all || all <= 0) return reported;
        var percent = (int)(received * 100 / all);
        var step = progressIsTerminal ? 1 : 10;
        if (percent / step == reported / step) return reported;
        if (progressIsTerminal)
            progress.Write($"\r  {name}: {FormatBytes(received)} / {FormatBytes(all)} ({percent}%)");
        else
            progress.WriteLine($"  {name}: {FormatBytes(received)} / {FormatBytes(all)} ({percent}%)");
        return percent;
    }

    /// <summary>The SHA-256 of a file, as lower-case hex.</summary>
    internal static string ComputeSha256(string path) => ComputeHash(path, HashAlgorithmName.SHA256);

    /// <summary>The digest of a file by <paramref name="algorithm"/> (SHA-256 or MD5), as lower-case hex.</summary>
    internal static string ComputeHash(string path, HashAlgorithmName algorithm)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Convert.ToHexStringLower(algorithm == HashAlgorithmName.MD5 ? MD5.HashData(stream) : SHA256.HashData(stream));
    }

    /// <summary>Throws <see cref="DatasetFormatException"/> unless the file's SHA-256 is <paramref name="expectedSha256"/>.</summary>
    internal static void VerifySha256(string path, string expectedSha256)
    {
        var actual = ComputeSha256(path);
        if (!HashMatches(actual, expectedSha256))
            throw ChecksumMismatch(path, expectedSha256, actual, new FileInfo(path).Length);
    }

    /// <summary>
    /// True when <paramref name="actual"/> equals <paramref name="expected"/>, or starts with it when only a prefix of at
    /// least 8 hex digits is known (torchvision's weight files publish the first 8 digits in their names).
    /// </summary>
    internal static bool HashMatches(string actual, string expected) =>
        expected.Length >= 8 && actual.StartsWith(expected, StringComparison.OrdinalIgnoreCase);
    /// <summary>MD5 for a 32-digit digest, SHA-256 otherwise.</summary>
    internal static HashAlgorithmName AlgorithmOf(string digest) => digest.Length == 32 ? HashAlgorithmName.MD5 : HashAlgorithmName.SHA256;

    internal static string NameOf(HashAlgorithmName algorithm) => algorithm == HashAlgorithmName.MD5 ? "MD5" : "SHA-256";

    private static DatasetFormatException ChecksumMismatch(string path, string expected, string actual, long bytes) =>
        new(path, $"{NameOf(AlgorithmOf(expected))} mismatch: expected {expected.ToLowerInvariant()}, got {actual} ({bytes} bytes). " +
                  "The download is corrupt or the server sent another file; it was discarded.");

    private static string Describe(Exception e) => e switch
    {
        TaskCanceledException or OperationCanceledException => "timed out (no response)",
        DatasetFormatException f when f.Message.StartsWith(f.FilePath + ": ", StringComparison.Ordinal) => f.Message[(f.FilePath.Length + 2)..],
        HttpRequestException h when h.InnerException is not null && !h.Message.Contains(h.InnerException.Message, StringComparison.Ordinal)
            => $"{h.Message} ({h.InnerException.Message})",
        _ => e.Message,
    };

    internal static string FormatBytes(long bytes) => bytes switch
    {
        >= 1 << 20 => $"{bytes / 1048576.0:0.0} MB",
        >= 1 << 10 => $"{bytes / 1024.0:0.0} KB",
        _ => $"{bytes} B",
    };

    private static void TryDelete(string path)
    {
        try { if (File.Exists(path)) File.Delete(path); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
