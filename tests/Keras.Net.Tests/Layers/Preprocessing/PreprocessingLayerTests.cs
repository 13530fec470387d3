using KerasNet.Data;
using KerasNet.Layers;
using KerasNet.Models;
using KerasNet.TestSupport;

namespace KerasNet.Tests.LayersTests;

public class PreprocessingLayerTests
{
    private static Tensor Batch(int n, int c, int h, int w) => torch.arange(n * c * h * w).reshape(n, c, h, w).to(ScalarType.Float32);

    [Fact]
    public void RandomFlipGivesEachImageEitherItselfOrItsMirror()
    {
        using var scope = torch.NewDisposeScope();
        var x = Batch(16, 2, 3, 4);
        var y = new RandomFlip("horizontal", seed: 1, dataFormat: "channels_first").Apply(x, training: true);
        var flipped = 0;
        for (var i = 0; i < 16; i++)
        {
            var same = y.select(0, i).data<float>().ToArray().SequenceEqual(x.select(0, i).data<float>().ToArray());
            var mirror = y.select(0, i).data<float>().ToArray().SequenceEqual(x.select(0, i).flip(-1).data<float>().ToArray());
            Assert.True(same || mirror, $"image {i} is neither itself nor its mirror");
            if (mirror) flipped++;
        }
        Assert.InRange(flipped, 1, 15);
    }

    [Fact]
    public void AQuarterTurnRotatesCounterClockwiseExactly()
    {
        using var scope = torch.NewDisposeScope();
        var x = Batch(2, 1, 5, 5);
        var layer = new KerasNet.Layers.RandomRotation(0.25, factorLower: 0.25, interpolation: "nearest", dataFormat: "channels_first");
        var y = layer.Apply(x, training: true);
        // Counter-clockwise: the right column becomes the top row.
        TensorAssert.Equal(x.transpose(-2, -1).flip(-2), y);
        TensorAssert.Equal(x, layer.Apply(x, training: false));
    }

    [Fact]
    public void TranslationByWholePixelsShiftsAndFillsWithTheConstant()
    {
        using var scope = torch.NewDisposeScope();
        var x = Batch(1, 1, 8, 4) + 1;
        var layer = new RandomTranslation(0.25, 0, heightFactorLower: 0.25, fillMode: "constant", fillValue: -1, dataFormat: "channels_first");
        var y = layer.Apply(x, training: true);
        TensorAssert.Close(torch.full(new long[] { 1, 1, 2, 4 }, -1.0), y.narrow(2, 0, 2));
        TensorAssert.Close(x.narrow(2, 0, 6), y.narrow(2, 2, 6));
    }

    [Fact]
    public void ZoomOfZeroIsTheIdentityAndZoomOutShrinksTheContent()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.ones(1, 1, 8, 8);
        TensorAssert.Close(x, new RandomZoom(0, dataFormat: "channels_first").Apply(x, training: true));
        var zoomedOut = new RandomZoom(1, heightFactorLower: 1, fillMode: "constant", dataFormat: "channels_first").Apply(x, training: true);
        Assert.Equal(0f, zoomedOut.data<float>().ToArray()[0]);
        Assert.Equal(1f, zoomedOut.data<float>().ToArray()[4 * 8 + 4]);
    }

    [Fact]
    public void BrightnessAndContrastUseTheirFactorsAndClipToTheValueRange()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(new float[] { 0, 100, 200, 250 }, new long[] { 1, 1, 2, 2 });
        var brighter = new RandomBrightness(0.1, factorLower: 0.1, dataFormat: "channels_first").Apply(x, training: true);
        TensorAssert.Close(torch.tensor(new float[] { 25.5f, 125.5f, 225.5f, 255 }, new long[] { 1, 1, 2, 2 }), brighter);
        var flat = new RandomContrast(1, factorLower: 1, dataFormat: "channels_first").Apply(x, training: true); // factor in [0, 2]
        var mean = 137.5f;
        foreach (var v in flat.data<float>().ToArray()) Assert.InRange(v, 0f, 255f);
        var same = new RandomContrast(0, dataFormat: "channels_first").Apply(x, training: true);
        TensorAssert.Close(x, same);
        Assert.Equal(mean, x.mean().item<float>());
    }

    [Fact]
    public void SeededLayersRepeatTheirSequenceOfDraws()
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.rand(4, 3, 6, 6) * 255;
        Tensor Run() => new KerasNet.Layers.RandomRotation(0.3, seed: 9, dataFormat: "channels_first").Apply(x, training: true);
        TensorAssert.Equal(Run(), Run());
    }

    [Fact]
    public void NormalizationAdaptsToTensorsAndLoadersAndInverts()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(3);
        var data = torch.randn(50, 3, 4, 4) * torch.tensor(new float[] { 1, 2, 3 }, new long[] { 1, 3, 1, 1 }) + torch.tensor(new float[] { 5, -1, 0 }, new long[] { 1, 3, 1, 1 });
        var layer = new Normalization(axis: new long[] { 1 });
        layer.Adapt(data);
        var expectedMean = data.mean(new long[] { 0, 2, 3 });
        TensorAssert.Close(expectedMean, layer.CurrentMean!, rtol: 1e-5, atol: 1e-5);
        var normalized = layer.Apply(data);
        TensorAssert.Close(torch.zeros(3), normalized.mean(new long[] { 0, 2, 3 }), atol: 1e-5);
        TensorAssert.Close(torch.ones(3), normalized.var(new long[] { 0, 2, 3 }, unbiased: false), rtol: 1e-4, atol: 1e-4);

        var fromLoader = new Normalization(axis: new long[] { 1 });
        fromLoader.Adapt(new DataLoader(new TensorDataset(data), batchSize: 7, numWorkers: 2));
        TensorAssert.Close(layer.CurrentMean!, fromLoader.CurrentMean!, rtol: 1e-5, atol: 1e-5);
        TensorAssert.Close(layer.CurrentVariance!, fromLoader.CurrentVariance!, rtol: 1e-5, atol: 1e-5);

        var invert = new Normalization(axis: new long[] { 1 }, mean: expectedMean.data<float>().ToArray().Select(v => (double)v).ToArray(),
            variance: layer.CurrentVariance!.data<float>().ToArray().Select(v => (double)v).ToArray(), invert: true);
        TensorAssert.Close(data, invert.Apply(normalized), rtol: 1e-4, atol: 1e-4);
    }

    [Fact]
    public void BadArgumentsNameTheLayerAndArgument()
    {
        Assert.Contains("fillMode must be 'reflect', 'constant' or 'nearest' ('wrap' is not supported); received 'wrap'",
            Assert.Throws<ArgumentException>(() => new KerasNet.Layers.RandomRotation(0.1, fillMode: "wrap")).Message);
        Assert.Contains("RandomFlip: mode must be", Assert.Throws<ArgumentException>(() => new RandomFlip("diagonal")).Message);
        Assert.Contains("give both mean and variance", Assert.Throws<ArgumentException>(() => new Normalization(mean: new[] { 1.0 })).Message);
        Assert.Contains("RandomBrightness: factors must be in [-1, 1]", Assert.Throws<ArgumentOutOfRangeException>(() => new RandomBrightness(1.5)).Message);
        using var layer = new Resizing(4, 4);
        var error = Assert.Throws<ArgumentException>(() => layer.Apply(torch.zeros(2, 3), training: false));
        Assert.Contains("rank 4", error.Message);
    }

    [Fact]
    public void AugmentationLayersTrainInsideAModelAndAreInactiveInPredict()
    {
        torch.manual_seed(5);
        using var x = torch.rand(32, 3, 8, 8) * 255;
        using var y = torch.randint(0, 2, new long[] { 32 });
        var model = new Sequential(new Layer[]
        {
            Keras.Input(3, 8, 8),
            new Rescaling(1.0 / 255),
            new RandomFlip(seed: 1),
            new KerasNet.Layers.RandomRotation(0.1, seed: 2),
            new RandomZoom(0.1, seed: 3),
            new Flatten(),
            new Dense(2, activation: "softmax"),
        });
        model.Compile("adam", "sparse_categorical_crossentropy");
        var history = model.Fit(x, y, batchSize: 8, epochs: 2, verbose: Verbosity.Silent);
        Assert.True(double.IsFinite(history["loss"][1]));
        using var first = model.Predict(x, verbose: Verbosity.Silent);
        using var second = model.Predict(x, verbose: Verbosity.Silent);
        TensorAssert.Equal(first, second);
    }
}
