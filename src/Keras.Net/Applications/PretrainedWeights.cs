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
        ["resnet101"] = "https://download.pytorch.org/models/resnet101-63fe2227.pth",
        ["resnet152"] = "https://download.pytorch.org/models/resnet152-394f9c45.pth",
        ["resnext50_32x4d"] = "https://download.pytorch.org/models/resnext50_32x4d-7cdf4587.pth",
        ["resnext101_32x8d"] = "https://download.pytorch.org/models/resnext101_32x8d-8ba56ff5.pth",
        ["resnext101_64x4d"] = "https://download.pytorch.org/models/resnext101_64x4d-173b62eb.pth",
        ["wide_resnet50_2"] = "https://download.pytorch.org/models/wide_resnet50_2-95faca4d.pth",
        ["wide_resnet101_2"] = "https://download.pytorch.org/models/wide_resnet101_2-32ee1156.pth",
        ["vgg11"] = "https://download.pytorch.org/models/vgg11-8a719046.pth",
        ["vgg13"] = "https://download.pytorch.org/models/vgg13-19584684.pth",
        ["vgg19"] = "https://download.pytorch.org/models/vgg19-dcbb9e9d.pth",
        ["vgg11_bn"] = "https://download.pytorch.org/models/vgg11_bn-6002323d.pth",
        ["vgg13_bn"] = "https://download.pytorch.org/models/vgg13_bn-abd245e5.pth",
        ["vgg16_bn"] = "https://download.pytorch.org/models/vgg16_bn-6c64b313.pth",
        ["vgg19_bn"] = "https://download.pytorch.org/models/vgg19_bn-c79401a0.pth",
        ["mobilenet_v3_small"] = "https://download.pytorch.org/models/mobilenet_v3_small-047dcff4.pth",
        ["mobilenet_v3_large"] = "https://download.pytorch.org/models/mobilenet_v3_large-8738ca79.pth",
        ["alexnet"] = "https://download.pytorch.org/models/alexnet-owt-7be5be79.pth",
        ["googlenet"] = "https://download.pytorch.org/models/googlenet-1378be20.pth",
        ["inception_v3"] = "https://download.pytorch.org/models/inception_v3_google-0cc3c7bd.pth",
        ["convnext_tiny"] = "https://download.pytorch.org/models/convnext_tiny-983f1562.pth",
        ["convnext_small"] = "https://download.pytorch.org/models/convnext_small-0c510722.pth",
        ["convnext_base"] = "https://download.pytorch.org/models/convnext_base-6075fbad.pth",
        ["convnext_large"] = "https://download.pytorch.org/models/convnext_large-ea097f82.pth",
        ["efficientnet_v2_s"] = "https://download.pytorch.org/models/efficientnet_v2_s-dd5fe13b.pth",
        ["efficientnet_v2_m"] = "https://download.pytorch.org/models/efficientnet_v2_m-dc08266a.pth",
        ["efficientnet_v2_l"] = "https://download.pytorch.org/models/efficientnet_v2_l-59c71312.pth",
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
