using System.IO.Compression;
using System.Net;
using KerasNet.Datasets;

namespace KerasNet.Tests.Data;

/// <summary>A temporary folder removed at the end of a test.</summary>
internal sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "kerasnet-test-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine(new[] { Path }.Concat(parts).ToArray());

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>Writes files in the exact on-disk formats of the data sets.</summary>
internal static class DatasetFiles
{
    /// <summary>An IDX file of unsigned bytes: 0x00 0x00 0x08 rank, big-endian int32 dims, data.</summary>
    public static byte[] Idx(int[] dims, byte[] data)
    {
        var bytes = new byte[4 + 4 * dims.Length + data.Length];
        bytes[2] = 0x08;
        bytes[3] = (byte)dims.Length;
        for (var i = 0; i < dims.Length; i++)
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(bytes.AsSpan(4 + 4 * i), dims[i]);
        data.CopyTo(bytes, 4 + 4 * dims.Length);
        return bytes;
    }

    public static byte[] Gzip(byte[] content)
    {
        using var memory = new MemoryStream();
        using (var gzip = new GZipStream(memory, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(content);
        return memory.ToArray();
    }

    /// <summary>Image i has pixel p = (i * 31 + p) mod 256; its label is labels[i].</summary>
    public static byte[] Pixels(int count, int offset = 0)
    {
        var data = new byte[count * 784];
        for (var i = 0; i < count; i++)
            for (var p = 0; p < 784; p++) data[i * 784 + p] = (byte)(((i + offset) * 31 + p) % 256);
        return data;
    }

    /// <summary>Writes the four MNIST files into <paramref name="directory"/>: 3 train and 2 test images.</summary>
    public static void WriteMnist(string directory, bool gzip = true, byte[]? trainLabels = null)
    {
        Directory.CreateDirectory(directory);
        trainLabels ??= new byte[] { 5, 0, 9 };
        var train = trainLabels.Length;
        Write(directory, "train-images-idx3-ubyte", Idx(new[] { train, 28, 28 }, Pixels(train)), gzip);
        Write(directory, "train-labels-idx1-ubyte", Idx(new[] { train }, trainLabels), gzip);
        Write(directory, "t10k-images-idx3-ubyte", Idx(new[] { 2, 28, 28 }, Pixels(2, offset: 100)), gzip);
        Write(directory, "t10k-labels-idx1-ubyte", Idx(new[] { 2 }, new byte[] { 7, 1 }), gzip);
    }

    public static void Write(string directory, string rawName, byte[] content, bool gzip) =>
        File.WriteAllBytes(System.IO.Path.Combine(directory, gzip ? rawName + ".gz" : rawName), gzip ? Gzip(content) : content);

    /// <summary>Sources that see only the given folders: no repository walk, no system folders, offline unless a handler is given.</summary>
    public static DatasetSources Sources(string home, HttpMessageHandler? handler = null, TextWriter? progress = null,
        IReadOnlyList<string>? repositoryStarts = null, bool system = false) => new()
    {
        Home = home,
        Offline = handler is null,
        RepositorySearchStarts = repositoryStarts ?? Array.Empty<string>(),
        SearchSystemLocations = system,
        HttpHandler = handler,
        Progress = progress ?? TextWriter.Null,
    };
}

/// <summary>An in-process HTTP server stand-in: maps URLs to responses, records requests. No network.</summary>
internal sealed class FakeHttpHandler : HttpMessageHandler
{
    private readonly Dictionary<string, Func<HttpResponseMessage>> routes = new(StringComparer.Ordinal);

    public List<string> Requests { get; } = new();

    public FakeHttpHandler Serve(string url, byte[] body)
    {
        routes[url] = () => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(body) };
        return this;
    }

    public FakeHttpHandler Fail(string url, HttpStatusCode status)
    {
        routes[url] = () => new HttpResponseMessage(status);
        return this;
    }

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var url = request.RequestUri!.ToString();
        lock (Requests) Requests.Add(url);
        if (routes.TryGetValue(url, out var respond)) return Task.FromResult(respond());
        throw new HttpRequestException($"Connection refused ({request.RequestUri!.Host}:443)");
    }
}
