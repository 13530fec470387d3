using System.Net;
using KerasNet.Applications;
using KerasNet.Datasets;
using KerasNet.TestSupport;

namespace KerasNet.Tests.ApplicationsTests;

public sealed class ApplicationTests : IDisposable
{
    private readonly string home = Directory.CreateTempSubdirectory("kn-pretrained-").FullName;

    public void Dispose() => Directory.Delete(home, recursive: true);

    [Fact]
    public void LayerNamesFollowTorchvisionModuleNames()
    {
        using var model = ResNet.ResNet18(inputShape: new long[] { 3, 32, 32 });
        var keys = KerasNet.Saving.StateDictMapping.TorchKeys(model).Select(k => k.Key).ToList();
        Assert.Contains("layer1.0.conv1.weight", keys);
        Assert.Contains("layer2.0.downsample.1.running_var", keys);
        Assert.Contains("fc.weight", keys);
        Assert.Equal(102, keys.Count); // torchvision's resnet18 state_dict has 122 entries, 20 of them num_batches_tracked
    }

    [Fact]
    public void WithoutTopTheOutputIsTheFeatureMapOrAPooledVector()
    {
        using var scope = torch.NewDisposeScope();
        var shape = new long[] { 3, 64, 64 };
        using var map = ResNet.ResNet18(includeTop: false, inputShape: shape);
        Assert.Equal(new long?[] { null, 512, 2, 2 }, map.Outputs![0].Shape.Dims);
        using var max = MobileNet.MobileNetV2(includeTop: false, inputShape: shape, pooling: "max", alpha: 0.35);
        Assert.Equal(new long?[] { null, 1280 }, max.Outputs![0].Shape.Dims);
        using var top = EfficientNet.EfficientNetB0(inputShape: shape, classes: 7);
        var probabilities = top.Apply(torch.randn(new long[] { 2, 3, 64, 64 }));
        Assert.Equal(new long[] { 2, 7 }, probabilities.shape);
        TensorAssert.Close(torch.ones(new long[] { 2 }), probabilities.sum(new long[] { 1 }), 1e-5, 1e-5);
    }

    [Fact]
    public void BadArgumentsSayWhatWasReceivedAndWhatIsExpected()
    {
        var e1 = Assert.Throws<ArgumentException>(() => ResNet.ResNet50(weights: "imagenet", classes: 10));
        Assert.Contains("needs classes: 1000 (received 10)", e1.Message);
        var e2 = Assert.Throws<ArgumentException>(() => Vgg.VGG16(includeTop: false, pooling: "mean"));
        Assert.Contains("pooling must be null, \"avg\" or \"max\"; received \"mean\"", e2.Message);
        var e3 = Assert.Throws<ArgumentException>(() => ResNet.ResNet18(inputShape: new long[] { 64, 64, 3 }));
        Assert.Contains("channels-first", e3.Message);
        Assert.Contains("(64, 64, 3)", e3.Message);
        var e4 = Assert.Throws<FileNotFoundException>(() => ResNet.ResNet18(weights: Path.Combine(home, "nope.pth")));
        Assert.Contains("nope.pth", e4.Message);
        var e5 = Assert.Throws<ArgumentException>(() => VisionTransformer.ViTB16(inputShape: new long[] { 3, 40, 40 }));
        Assert.Contains("multiple of the patch size 16", e5.Message);
        var e6 = Assert.Throws<ArgumentException>(() => MobileNet.MobileNetV2(weights: "imagenet", alpha: 0.5));
        Assert.Contains("alpha 1.0 only", e6.Message);
    }

    [Fact]
    public void PreprocessInputUsesTorchvisionMeanAndStd()
    {
        using var scope = torch.NewDisposeScope();
        var images = torch.ones(new long[] { 2, 3, 4, 4 });
        var x = ResNet.PreprocessInput(images);
        var expected = new[] { (1 - 0.485f) / 0.229f, (1 - 0.456f) / 0.224f, (1 - 0.406f) / 0.225f };
        for (var c = 0; c < 3; c++) Assert.Equal(expected[c], x.select(1, c).mean().item<float>(), 5);
        var error = Assert.Throws<ArgumentException>(() => ImageNet.PreprocessInput(torch.ones(new long[] { 2, 4, 4, 3 })));
        Assert.Contains("received shape [2, 4, 4, 3]", error.Message);
    }

    [Fact]
    public void DecodePredictionsReturnsTheTopClassesWithNames()
    {
        using var scope = torch.NewDisposeScope();
        Assert.Equal(1000, ImageNet.ClassNames.Count);
        Assert.Equal("tench", ImageNet.ClassNames[0]);
        var scores = new float[2000];
        scores[1] = 0.7f; scores[207] = 0.2f; scores[1000 + 999] = 0.9f;
        var decoded = ImageNet.DecodePredictions(torch.tensor(scores, new long[] { 2, 1000 }), top: 2);
        Assert.Equal(new ImageNetPrediction(1, "goldfish", 0.7f), decoded[0][0]);
        Assert.Equal(207, decoded[0][1].ClassIndex);
        Assert.Equal("toilet tissue", decoded[1][0].ClassName);
        Assert.Contains("(batch, 1000)", Assert.Throws<ArgumentException>(() => ImageNet.DecodePredictions(torch.zeros(new long[] { 2, 10 }))).Message);
    }

    private DatasetSources Sources(bool offline, HttpMessageHandler? handler = null) => new()
    {
        Home = home,
        Offline = offline,
        RepositorySearchStarts = Array.Empty<string>(),
        HttpHandler = handler,
        Progress = TextWriter.Null,
    };

    [Fact]
    public void OfflineImagenetWeightsErrorNamesTheFileAndWhereToPutIt()
    {
        var error = Assert.Throws<PretrainedWeightsNotFoundException>(() => PretrainedWeights.Resolve("resnet18", Sources(offline: true)));
        var expected = Path.Combine(home, "models", "resnet18-f37072fd.pth");
        Assert.Equal(expected, error.ExpectedPath);
        Assert.Contains("https://download.pytorch.org/models/resnet18-f37072fd.pth", error.Message);
        Assert.Contains($"place it at {expected}", error.Message);
        Assert.Contains("KERAS_NET_OFFLINE", error.Message);
    }

    [Fact]
    public void CachedWeightsAreUsedWithoutDownloading()
    {
        var path = Path.Combine(home, "models", "vgg16-397923af.pth");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, "cached");
        Assert.Equal(path, PretrainedWeights.Resolve("vgg16", Sources(offline: true)));
    }

    [Fact]
    public void ADownloadWhoseHashDoesNotStartWithTheFileNamePrefixIsDiscarded()
    {
        var error = Assert.Throws<PretrainedWeightsNotFoundException>(() =>
            PretrainedWeights.Resolve("mobilenet_v2", Sources(offline: false, new FixedResponse(new byte[] { 1, 2, 3 }))));
        Assert.Contains("SHA-256 mismatch: expected b0353104", error.Message);
        Assert.False(File.Exists(error.ExpectedPath));
        Assert.Empty(Directory.GetFiles(Path.Combine(home, "models")));
        Assert.Contains("'nope'", Assert.Throws<ArgumentException>(() => PretrainedWeights.Resolve("nope", Sources(true))).Message);
    }

    [Fact]
    public void HashPrefixesOfEightDigitsOrMoreMatch()
    {
        const string full = "f37072fd0123456789abcdef0123456789abcdef0123456789abcdef01234567";
        Assert.True(DatasetDownloader.HashMatches(full, "f37072fd"));
        Assert.True(DatasetDownloader.HashMatches(full, full.ToUpperInvariant()));
        Assert.False(DatasetDownloader.HashMatches(full, "f37072fe"));
        Assert.False(DatasetDownloader.HashMatches(full, "f3707"));
    }

    private sealed class FixedResponse : HttpMessageHandler
    {
        private readonly byte[] body;

        public FixedResponse(byte[] body) => this.body = body;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(body) });
    }
}
