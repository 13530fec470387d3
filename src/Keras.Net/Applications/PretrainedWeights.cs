using KerasNet.Datasets;

namespace KerasNet.Applications;

/// <summary>
/// The torchvision ImageNet weight files behind <c>weights: "imagenet"</c>: each is downloaded once from
/// download.pytorch.org into <c>$KERAS_NET_HOME/models</c> (default <c>~/.keras-net/models</c>) and reused from there.
/// torchvision names its files <c>&lt;model&gt;-&lt;first 8 hex digits of the file's SHA-256&gt;.pth</c>; a download
/// is kept only if its SHA-256 starts with those digits (what torch.hub's <c>check_hash=True</c> checks; torchvision's
/// own loader leaves that check off by default). Eight hex digits detect corruption and mix-ups, not a deliberate
/// forgery. A file already in the cache is trusted as it is. With <c>KERAS_NET_OFFLINE=1</c>, or when the download
/// fails, the error names the file, its URL and where to put it.
/// </summary>
public static class PretrainedWeights
{
    /// <summary>The canonical torchvision URL of each application's ImageNet weights (torchvision 0.14's IMAGENET1K_V1).</summary>
    public static IReadOnlyDictionary<string, string> Urls { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["resnet18"] = "https://download.pytorch.org/models/resnet18-f37072fd.pth",
        ["resnet34"] = "https://download.pytorch.org/models/resnet34-b627a593.pth",
        ["resnet50"] = "https://download.pytorch.org/models/resnet50-0676ba61.pth",
        ["vgg16"] = "https://download.pytorch.org/models/vgg16-397923af.pth",
        ["mobilenet_v2"] = "https://download.pytorch.org/models/mobilenet_v2-b0353104.pth",
        ["efficientnet_b0"] = "https://download.pytorch.org/models/efficientnet_b0_rwightman-3dd342df.pth",
        ["vit_b_16"] = "https://download.pytorch.org/models/vit_b_16-c867db91.pth",
    };

    /// <summary>The folder weight files are cached in.</summary>
    public static string CacheDirectory => CacheDirectoryOf(DatasetSources.FromEnvironment());

    /// <summary>The local path of <paramref name="model"/>'s ImageNet weights, downloading them first if needed.</summary>
    /// <exception cref="ArgumentException">No ImageNet weights are known for <paramref name="model"/>.</exception>
    /// <exception cref="PretrainedWeightsNotFoundException">The file is not cached and cannot be downloaded (offline, or the download failed).</exception>
    public static string Resolve(string model) => Resolve(model, DatasetSources.FromEnvironment());

    internal static string CacheDirectoryOf(DatasetSources sources) => Path.GetFullPath(Path.Combine(sources.Home, "models"));

    internal static string Resolve(string model, DatasetSources sources)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!Urls.TryGetValue(model, out var url))
            throw new ArgumentException($"No ImageNet weights are known for '{model}'. Known: {string.Join(", ", Urls.Keys)}.", nameof(model));
        var fileName = url[(url.LastIndexOf('/') + 1)..];
        var hashPrefix = Path.GetFileNameWithoutExtension(fileName)[(fileName.LastIndexOf('-') + 1)..];
        var directory = CacheDirectoryOf(sources);
        var path = Path.Combine(directory, fileName);
        if (File.Exists(path)) return path;
        var advice = $"Download {url} and place it at {path} (or pass the file's path as weights:).";
        if (sources.Offline)
            throw new PretrainedWeightsNotFoundException(
                $"The ImageNet weights for {model} ({fileName}) are not in the cache and {DatasetSources.OfflineVariable} forbids downloading. {advice}", path, url);
        try
        {
            return new DatasetDownloader(sources.HttpHandler, sources.Progress).Download(new RemoteFile(fileName, hashPrefix, new[] { url }), directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new PretrainedWeightsNotFoundException(
                $"The ImageNet weights for {model} ({fileName}) are not in the cache and could not be downloaded: {e.Message} {advice}", path, url, e);
        }
    }
}
