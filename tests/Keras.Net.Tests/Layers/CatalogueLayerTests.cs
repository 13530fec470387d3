using KerasNet.Layers;

namespace KerasNet.Tests.LayersTests;

/// <summary>
/// The catalogue layers' behaviour beyond PyTorch parity: SpectralNormalization against a float64 power iteration,
/// the dropout family's masks and statistics, and the errors of bad arguments and bad inputs.
/// </summary>
public class CatalogueLayerTests
{
    private static Tensor NormalizeAll(Tensor x) => x / x.square().sum().sqrt();

    [Fact]
    public void SpectralNormalizationDividesTheKernelBySigmaFromOnePowerIterationInFloat64()
    {
        using var scope = torch.NewDisposeScope();
        var dense = new Dense(3);
        using var layer = new SpectralNormalization(dense);
        var x = TestData.Randn(1, 2, 4);
        layer.Apply(x);
        var kernel = TestData.Randn(2, 4, 3);
        var u0 = TestData.Randn(3, 1, 3);
        using (torch.no_grad())
        {
            dense.Kernel.Value.copy_(kernel);
            dense.Bias!.Value.fill_(0.25);
            layer.VectorU.Value.copy_(u0);
        }
        TestData.Close(x.matmul(kernel) + 0.25, layer.Apply(x), "inference uses the kernel as it is");
        TestData.Close(kernel, dense.Kernel.Value, "inference leaves the kernel");

        var w = kernel.to(ScalarType.Float64);
        var v = NormalizeAll(u0.to(ScalarType.Float64).matmul(w.t()));
        var u = NormalizeAll(v.matmul(w));
        var sigma = v.matmul(w).matmul(u.t());
        var expectedKernel = w / sigma;
        var y = layer.Apply(x, training: true);
        TestData.Close(expectedKernel.to(ScalarType.Float32), dense.Kernel.Value, "normalized kernel");
        TestData.Close(u.to(ScalarType.Float32), layer.VectorU.Value, "vector_u");
        TestData.Close((x.to(ScalarType.Float64).matmul(expectedKernel) + 0.25).to(ScalarType.Float32), y, "output");
    }

    [Theory]
    [InlineData("dense")]
    [InlineData("conv2d")]
    [InlineData("conv2d_transpose")]
    [InlineData("embedding")]
    public void SpectralNormalizationWithManyIterationsGivesAKernelOfSpectralNormOne(string kind)
    {
        using var scope = torch.NewDisposeScope();
        Layer inner = kind switch
        {
            "dense" => new Dense(5),
            "conv2d" => new Conv2D(4, 3, dataFormat: "channels_first"),
            "conv2d_transpose" => new Conv2DTranspose(4, 3, dataFormat: "channels_first"),
            _ => new Embedding(7, 5),
        };
        using var layer = new SpectralNormalization(inner, powerIterations: 200);
        var x = kind == "embedding" ? torch.tensor(new long[] { 0, 3, 6, 2 }).reshape(2, 2) : TestData.Randn(1, kind == "dense" ? new long[] { 2, 6 } : new long[] { 2, 3, 6, 6 });
        layer.Apply(x, training: true);
        var kernel = inner.Weights[0].Value.detach().to(ScalarType.Float64);
        var matrix = kernel.dim() > 2 ? kernel.reshape(kernel.size(0), -1) : kernel;
        var top = torch.linalg.svdvals(matrix).max().ToDouble();
        Assert.InRange(top, 1 - 1e-5, 1 + 1e-5);
    }

    [Fact]
    public void SpatialDropoutDropsWholeChannelsInBothLayouts()
    {
        using var scope = torch.NewDisposeScope();
        using var sequence = new SpatialDropout1D(0.5, seed: 5);
        var y = sequence.Apply(torch.ones(8, 20, 6), training: true);
        // (batch, steps, features): every step of a (sample, feature) pair is dropped or kept together, kept ones scaled by 2.
        Assert.True(y.amax(1).equal(y.amin(1)).all().item<bool>(), "SpatialDropout1D: a feature differs between steps");
        var values = TestData.Values(y.amax(1));
        Assert.All(values, v => Assert.True(v == 0 || Math.Abs(v - 2) < 1e-6, $"unexpected value {v}"));
        Assert.Contains(0.0, values);
        Assert.Contains(values, v => v > 0);

        using var volume = new SpatialDropout3D(0.5, dataFormat: "channels_last", seed: 6);
        var z = volume.Apply(torch.ones(new long[] { 4, 3, 3, 3, 8 }), training: true).reshape(4, 27, 8);
        Assert.True(z.amax(1).equal(z.amin(1)).all().item<bool>(), "SpatialDropout3D: a channel differs between positions");
    }

    [Fact]
    public void SeededDropoutsRepeatTheirSequenceOfMasks()
    {
        using var scope = torch.NewDisposeScope();
        var x = TestData.Randn(4, 3, 10, 5);
        foreach (var make in new Func<Layer>[] { () => new SpatialDropout1D(0.3, seed: 9), () => new GaussianDropout(0.3, seed: 9), () => new AlphaDropout(0.3, seed: 9) })
        {
            using var a = make();
            using var b = make();
            var first = a.Apply(x, training: true);
            TestData.Close(first, b.Apply(x, training: true), $"{a.GetType().Name}: first call");
            Assert.False(first.equal(a.Apply(x, training: true)).all().item<bool>(), $"{a.GetType().Name}: the second call drew the same mask");
        }
    }

    [Fact]
    public void GaussianDropoutNoiseHasMeanOneAndTheKerasStandardDeviation()
    {
        using var scope = torch.NewDisposeScope();
        using var layer = new GaussianDropout(0.2, seed: 11);
        var y = layer.Apply(torch.ones(400_000), training: true).to(ScalarType.Float64);
        // Standard errors for 4e5 samples: mean 8e-4, std about 6e-4; bounds at about 6 of them.
        Assert.InRange(y.mean().ToDouble(), 1 - 5e-3, 1 + 5e-3);
        Assert.InRange(y.std().ToDouble(), 0.5 - 4e-3, 0.5 + 4e-3);
    }

    [Fact]
    public void AlphaDropoutKeepsMeanAndVarianceAndSetsDroppedValuesToOneConstant()
    {
        using var scope = torch.NewDisposeScope();
        const double rate = 0.2, saturation = -1.6732632423543772 * 1.0507009873554805;
        var a = 1 / Math.Sqrt((1 - rate) * (1 + rate * saturation * saturation));
        var b = -a * saturation * rate;
        using var layer = new AlphaDropout(rate, seed: 12);
        var x = TestData.Randn(13, 400_000);
        var y = layer.Apply(x, training: true);
        var kept = (y - (a * x + b)).abs().lt(1e-5);
        var dropped = (y - (a * saturation + b)).abs().lt(1e-5);
        Assert.True(kept.logical_or(dropped).all().item<bool>(), "a value is neither a·x + b nor the dropped constant");
        Assert.InRange(dropped.to(ScalarType.Float64).mean().ToDouble(), rate - 5e-3, rate + 5e-3);
        var y64 = y.to(ScalarType.Float64);
        Assert.InRange(y64.mean().ToDouble(), -1e-2, 1e-2);
        Assert.InRange(y64.var().ToDouble(), 1 - 2e-2, 1 + 2e-2);
    }

    [Fact]
    public void RandomInvertAndRandomGrayscaleTransformChosenImagesExactly()
    {
        using var scope = torch.NewDisposeScope();
        var x = TestData.Rand(21, 20, 3, 4, 5) * 255;
        using var invert = new RandomInvert(dataFormat: "channels_first");
        TestData.Close(255 - x, invert.Apply(x, training: true), "RandomInvert with factor 1");

        using var gray = new RandomGrayscale(factor: 0.5, dataFormat: "channels_first", seed: 3);
        var y = gray.Apply(x, training: true);
        var luma = (x * torch.tensor(new[] { 0.2989f, 0.5870f, 0.1140f }).reshape(1, 3, 1, 1)).sum(new long[] { 1 }, keepdim: true).expand_as(x);
        var converted = 0;
        for (var i = 0; i < 20; i++)
        {
            var isGray = (y[i] - luma[i]).abs().max().ToDouble() < 1e-3;
            Assert.True(isGray || y[i].equal(x[i]).all().item<bool>(), $"image {i} is neither unchanged nor its grayscale");
            if (isGray) converted++;
        }
        Assert.InRange(converted, 3, 17);
    }

    public static IEnumerable<object[]> BadArguments() => new (string Id, Func<Layer> Create, string Expected)[]
    {
        ("relu_max", () => new ReLU(maxValue: -1), "maxValue must be >= 0"),
        ("relu_slope", () => new ReLU(negativeSlope: -0.1), "negativeSlope must be >= 0"),
        ("leaky_relu_slope", () => new LeakyReLU(-1), "negativeSlope must be a finite number >= 0"),
        ("elu_alpha", () => new ELU(double.NaN), "alpha must be a finite number"),
        ("softmax_batch_axis", () => new Softmax(axis: 0), "axis 0 is the batch axis"),
        ("unit_normalization_batch_axis", () => new UnitNormalization(axis: 0), "axis 0 is the batch axis"),
        ("prelu_shared_batch", () => new PReLU(sharedAxes: new long[] { 0 }), "after the batch axis"),
        ("spatial_dropout_rate", () => new SpatialDropout1D(1.0), "rate must be in [0, 1)"),
        ("gaussian_dropout_rate", () => new GaussianDropout(-0.1), "rate must be in [0, 1)"),
        ("alpha_dropout_rate", () => new AlphaDropout(1.5), "rate must be in [0, 1)"),
        ("up_sampling_1d_size", () => new UpSampling1D(0), "size must be a positive integer"),
        ("up_sampling_3d_size", () => new UpSampling3D(new long[] { 2, 2 }), "size must be one number or 3 numbers"),
        ("zero_padding_3d_count", () => new ZeroPadding3D(new long[] { 1, 2, 3, 4 }), "1, 3 or 6 values"),
        ("cropping_1d_count", () => new Cropping1D(new long[] { 1, 2, 3 }), "1 or 2 values"),
        ("cropping_3d_negative", () => new Cropping3D(-1), "must be >= 0"),
        ("adaptive_output_size", () => new AdaptiveAveragePooling3D(0), "outputSize value must be positive"),
        ("adaptive_output_count", () => new AdaptiveMaxPooling2D(new long[] { 1, 2, 3 }), "outputSize must be one number or 2 numbers"),
        ("max_pooling_3d_pool", () => new MaxPooling3D(new long[] { 2, 2 }), "poolSize must be one number or 3 numbers"),
        ("depthwise_1d_multiplier", () => new DepthwiseConv1D(3, depthMultiplier: 0), "depthMultiplier must be positive"),
        ("separable_1d_filters", () => new SeparableConv1D(0, 3), "filters must be positive"),
        ("separable_1d_kernel", () => new SeparableConv1D(4, new long[] { 3, 3 }), "kernelSize must be one number or 1 numbers"),
        ("random_invert_factor", () => new RandomInvert(1.5), "factor is a probability"),
        ("random_grayscale_factor", () => new RandomGrayscale(-0.5), "factor is a probability"),
        ("spectral_normalization_layer", () => new SpectralNormalization(new Dropout(0.5)), "must have a kernel"),
        ("spectral_normalization_iterations", () => new SpectralNormalization(new Dense(2), powerIterations: 0), "powerIterations must be >= 1"),
    }.Select(c => new object[] { c.Id, c.Create, c.Expected });

    [Theory]
    [MemberData(nameof(BadArguments))]
    public void BadArgumentsRaiseTypedErrorsNamingTheLayerAndTheValue(string id, Func<Layer> create, string expected)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => create());
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.True(error.Message.Contains("received", StringComparison.Ordinal) || error.Message.Contains("batch axis", StringComparison.Ordinal), $"{id}: {error.Message}");
    }

    public static IEnumerable<object[]> BadInputs() => new (string Id, Func<Layer> Create, long[]? Good, long[] Bad, string Expected)[]
    {
        ("max_pooling_3d_rank", () => new MaxPooling3D(), null, new long[] { 2, 3, 8, 8 }, "rank 5 (batch, channels, depth, height, width)"),
        ("adaptive_1d_rank", () => new AdaptiveAveragePooling1D(2), null, new long[] { 2, 3, 8, 8 }, "rank 3 (batch, steps, channels)"),
        ("adaptive_3d_empty", () => new AdaptiveMaxPooling3D(2), null, new long[] { 2, 3, 0, 4, 4 }, "non-empty spatial axes"),
        ("up_sampling_1d_rank", () => new UpSampling1D(), null, new long[] { 2, 8 }, "rank 3 (batch, steps, channels)"),
        ("cropping_1d_too_much", () => new Cropping1D(new long[] { 2, 2 }), null, new long[] { 2, 4, 3 }, "longer than the cropping"),
        ("cropping_3d_too_much", () => new Cropping3D(2), null, new long[] { 1, 2, 4, 8, 8 }, "larger than the cropping"),
        ("softmax_axis_missing", () => new Softmax(axis: 3), null, new long[] { 2, 3, 4 }, "axis 3"),
        ("prelu_size_changed", () => new PReLU(), new long[] { 3, 4 }, new long[] { 2, 3, 5 }, "size 4 on axis 2"),
        ("prelu_rank", () => new PReLU(), null, new long[] { 5 }, "rank >= 2"),
        ("spatial_dropout_3d_rank", () => new SpatialDropout3D(0.5), null, new long[] { 2, 3, 4, 4 }, "rank 5"),
        ("depthwise_1d_channels", () => new DepthwiseConv1D(3), new long[] { 9, 3 }, new long[] { 2, 9, 4 }, "3 channels"),
        ("separable_1d_rank", () => new SeparableConv1D(4, 3), null, new long[] { 2, 3, 9, 1 }, "rank 3 (batch, steps, channels)"),
        ("random_grayscale_channels", () => new RandomGrayscale(dataFormat: "channels_first"), null, new long[] { 2, 1, 4, 4 }, "3 channels"),
        ("alpha_dropout_noise_rank", () => new AlphaDropout(0.2, noiseShape: new long[] { -1, 1 }), null, new long[] { 2, 3, 4 }, "rank of noiseShape"),
    }.Select(c => new object[] { c.Id, c.Create, c.Good!, c.Bad, c.Expected });

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void BadInputsRaiseShapeErrorsNamingTheLayerAndTheShape(string id, Func<Layer> create, long[]? good, long[] bad, string expected)
    {
        using var scope = torch.NewDisposeScope();
        using var layer = create();
        if (good is not null) layer.Apply(torch.zeros(new long[] { 2 }.Concat(good).ToArray()));
        var error = Assert.ThrowsAny<ArgumentException>(() => layer.Apply(torch.zeros(bad), training: true));
        Assert.Contains($"'{layer.Name}'", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains(TensorShape.Of(bad).ToString(), error.Message, StringComparison.Ordinal);
        _ = id;
    }
}
