using KerasNet.Data;
using KerasNet.Layers;
using KerasNet.Models;
using KerasNet.Serialization;
using KerasNet.TestSupport;

namespace KerasNet.Tests.LayersTests;

/// <summary>
/// MixUp: a forced mixing gives hand-computed images and labels; random mixing keeps images and labels consistent
/// (labels are distinct one-hot rows, so each mixed row names the partner and λ that the image must show); seeding,
/// inference identity, layouts, bfloat16, the data-source form inside Fit, bad arguments and the config.
/// </summary>
public class MixUpTests
{
    internal static Tensor OneHot(int count) => torch.eye(count);

    /// <summary>Reads (partner, λ) of each row of labels mixed from eye(n) and checks the images were mixed alike.</summary>
    internal static void AssertConsistent(Tensor images, Tensor mixedImages, Tensor mixedLabels, double atol = 1e-5)
    {
        var n = (int)images.size(0);
        TestData.Close(torch.ones(n), mixedLabels.sum(dim: 1), "label rows sum to 1", atol: 1e-6);
        for (var i = 0; i < n; i++)
        {
            var row = TestData.Values(mixedLabels[i]);
            var lambda = row[i];
            var others = Enumerable.Range(0, n).Where(j => j != i && row[j] != 0).ToArray();
            Assert.True(others.Length <= 1, $"row {i} mixes more than two labels: [{string.Join(", ", row)}]");
            var partner = others.Length == 1 ? others[0] : i;
            TestData.Close(images[i] * lambda + images[partner] * (1 - lambda), mixedImages[i], $"image {i}", atol: atol);
        }
    }

    [Fact]
    public void AForcedMixingGivesTheComputedImagesAndLabels()
    {
        using var scope = torch.NewDisposeScope();
        using var layer = new MixUp(dataFormat: "channels_first");
        var images = TestData.Floats(new float[] { 0, 4, 8, 12, 1, 1, 1, 1, 10, 20, 30, 40 }, 3, 1, 2, 2);
        var labels = TestData.Floats(new float[] { 1, 0, 0, 0, 1, 0, 0, 0, 1 }, 3, 3);
        var (mixed, mixedLabels) = layer.MixBatch(images, labels, (_, _, _) => MixUp.Blend(new long[] { 2, 0, 1 }, new[] { 0.25f, 1f, 0.6f }));
        // Image 0: 0.25·(0, 4, 8, 12) + 0.75·(10, 20, 30, 40); image 1 keeps itself; image 2: 0.6·image 2 + 0.4·image 1.
        TestData.Close(TestData.Floats(new float[] { 7.5f, 16, 24.5f, 33, 1, 1, 1, 1, 6.4f, 12.4f, 18.4f, 24.4f }, 3, 1, 2, 2), mixed, "images");
        TestData.Close(TestData.Floats(new float[] { 0.25f, 0, 0.75f, 0, 1, 0, 0, 0.4f, 0.6f }, 3, 3), mixedLabels, "labels");

        using var last = new MixUp(dataFormat: "channels_last");
        var (mixedLast, _) = last.MixBatch(images.permute(0, 2, 3, 1), labels, (_, _, _) => MixUp.Blend(new long[] { 2, 0, 1 }, new[] { 0.25f, 1f, 0.6f }));
        TestData.Close(mixed, mixedLast.permute(0, 3, 1, 2), "channels_last");
    }

    [Fact]
    public void RandomMixingIsSeededAndMixesImagesAndLabelsAlike()
    {
        using var scope = torch.NewDisposeScope();
        var images = TestData.Rand(1, 6, 3, 4, 5);
        (Tensor, Tensor) Run(int seed) => new MixUp(alpha: 1, seed: seed, dataFormat: "channels_first").MixBatch(images, OneHot(6));
        var (a, labelsA) = Run(3);
        var (b, labelsB) = Run(3);
        TensorAssert.Equal(a, b);
        TensorAssert.Equal(labelsA, labelsB);
        Assert.False(a.allclose(Run(4).Item1));
        Assert.False(a.allclose(images));
        AssertConsistent(images, a, labelsA);
    }

    [Fact]
    public void AsALayerItMixesTrainingImagesOnlyAndLeavesInferenceAndSingleImages()
    {
        using var scope = torch.NewDisposeScope();
        var images = TestData.Rand(2, 4, 3, 4, 4);
        using var layer = new MixUp(alpha: 1, seed: 1, dataFormat: "channels_first");
        TensorAssert.Equal(images, layer.Apply(images));
        Assert.False(images.allclose(layer.Apply(images, training: true)));
        TensorAssert.Equal(images[0], layer.Apply(images[0], training: true));
        TensorAssert.Equal(images[..1], layer.Apply(images[..1], training: true));
        using var half = new MixUp(alpha: 1, seed: 1, dataFormat: "channels_first") { DtypePolicy = "mixed_bfloat16" };
        Assert.Equal(ScalarType.BFloat16, half.Apply(images, training: true).dtype);
        Assert.Equal(ScalarType.BFloat16, half.MixBatch(images, OneHot(4)).Images.dtype);
    }

    [Fact]
    public void ApplyToMixesEveryTrainingBatchReproduciblyAndFitTrainsOnIt()
    {
        using var scope = torch.NewDisposeScope();
        var x = TestData.Rand(3, 8, 1, 4, 4);
        var y = OneHot(8);
        var weights = torch.arange(8, ScalarType.Float32);
        var source = new TensorBatchSource(new[] { x }, new[] { y }, weights, batchSize: 4, shuffle: false);
        var mixed = new MixUp(alpha: 1, seed: 5, dataFormat: "channels_first").ApplyTo(source);
        Assert.Equal(2, mixed.BatchCount);
        var first = mixed.GetBatches(0).ToList();
        var again = mixed.GetBatches(0).ToList();
        var next = mixed.GetBatches(1).ToList();
        for (var b = 0; b < 2; b++)
        {
            TensorAssert.Equal(first[b].X[0], again[b].X[0]);
            TensorAssert.Equal(first[b].Y[0], again[b].Y[0]);
            TensorAssert.Equal(weights[(b * 4)..(b * 4 + 4)], first[b].SampleWeight!);
            var labels = first[b].Y[0][.., (b * 4)..(b * 4 + 4)];
            AssertConsistent(x[(b * 4)..(b * 4 + 4)], first[b].X[0], labels);
        }
        Assert.False(first[0].X[0].allclose(next[0].X[0]), "each epoch draws anew");

        var model = new Sequential(new Layer[] { Keras.Input(1, 4, 4), new Flatten(), new Dense(8, activation: "softmax") });
        model.Compile("adam", "categorical_crossentropy");
        var history = model.Fit(mixed, epochs: 2, verbose: Verbosity.Silent);
        Assert.True(double.IsFinite(history["loss"][1]));

        var wrongTarget = new MixUp(seed: 1, dataFormat: "channels_first").ApplyTo(source, target: 1);
        Assert.Contains("ApplyTo", Assert.Throws<ArgumentException>(() => wrongTarget.GetBatches(0).First()).Message);
    }

    [Fact]
    public void BadArgumentsAreTypedErrorsNamingTheLayer()
    {
        Assert.Contains("MixUp", Assert.Throws<ArgumentOutOfRangeException>(() => new MixUp(alpha: 0)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new MixUp(alpha: double.NaN));
        using var layer = new MixUp(dataFormat: "channels_first");
        var images = torch.rand(4, 3, 2, 2);
        Assert.Contains("one_hot", Assert.Throws<ArgumentException>(() => layer.MixBatch(images, torch.tensor(new long[] { 0, 1, 2, 1 }))).Message);
        Assert.Contains("(4, classes)", Assert.Throws<ArgumentException>(() => layer.MixBatch(images, OneHot(3))).Message);
        Assert.Contains("rank 4", Assert.Throws<ArgumentException>(() => layer.MixBatch(images[0], OneHot(4))).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => layer.ApplyTo(new TensorBatchSource(new[] { images }, Array.Empty<Tensor>(), null, 2, false), input: -1));
    }

    [Fact]
    public void ConfigRoundTrips()
    {
        using var layer = new MixUp(alpha: 0.4, seed: 7, dataFormat: "channels_last", name: "mix");
        var json = TestData.Json(layer.GetConfig());
        using var copy = (MixUp)KerasRegistry.FromConfig<Layer>("MixUp", TestData.ParseJson(json));
        Assert.Equal(json, TestData.Json(copy.GetConfig()));
        Assert.Equal((0.4, 7), (copy.Alpha, copy.Seed));
    }
}
