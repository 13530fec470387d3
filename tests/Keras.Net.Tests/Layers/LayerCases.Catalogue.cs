using KerasNet.Layers;

namespace KerasNet.Tests.LayersTests;

public static partial class LayerCases
{
    // The catalogue layers (issue 16). 1-D rows appear twice: One(...) for their default (batch, steps, features), and
    // Image(...) in the table's channels-first shapes, which the harness runs in both layouts and, with no data format,
    // steps-first (LayerCase.StepsFirstByDefault).
    private static readonly IReadOnlyList<LayerCase> CatalogueCases = new List<LayerCase>
    {
        One("relu_layer", () => new ReLU(), S(3, 4), S(3, 4)),
        One("relu_layer_all_options", () => new ReLU(maxValue: 4, negativeSlope: 0.2, threshold: 0.5), S(3, 4), S(3, 4)),
        One("leaky_relu", () => new LeakyReLU(), S(5), S(5)),
        One("prelu", () => new PReLU(), S(3, 4), S(3, 4), 12),
        One("prelu_shared_spatial", () => new PReLU(sharedAxes: new long[] { 2, 3 }), S(3, 4, 5), S(3, 4, 5), 3),
        One("elu", () => new ELU(0.5), S(5), S(5)),
        One("softmax_layer", () => new Softmax(), S(3, 4), S(3, 4)),
        One("softmax_layer_axis1", () => new Softmax(axis: 1), S(3, 4), S(3, 4)),
        One("identity", () => new Identity(), S(3, 4), S(3, 4)),

        Image("max_pooling_3d", f => new MaxPooling3D(2, dataFormat: f), S(2, 4, 5, 6), S(2, 2, 2, 3)),
        Image("average_pooling_3d_same", f => new AveragePooling3D((2, 2, 3), strides: 2, padding: "same", dataFormat: f), S(2, 3, 5, 5), S(2, 2, 3, 3)),
        Image("global_average_pooling_3d", f => new GlobalAveragePooling3D(dataFormat: f), S(3, 2, 4, 4), S(3)),
        Image("global_max_pooling_3d_keepdims", f => new GlobalMaxPooling3D(dataFormat: f, keepdims: true), S(3, 2, 4, 4), S(3, 1, 1, 1)),
        One("adaptive_average_pooling_1d", () => new AdaptiveAveragePooling1D(4), S(11, 3), S(4, 3)),
        Image("adaptive_average_pooling_1d_formats", f => new AdaptiveAveragePooling1D(4, dataFormat: f), S(3, 11), S(3, 4)),
        One("adaptive_max_pooling_1d", () => new AdaptiveMaxPooling1D(3), S(7, 2), S(3, 2)),
        Image("adaptive_max_pooling_1d_formats", f => new AdaptiveMaxPooling1D(3, dataFormat: f), S(2, 7), S(2, 3)),
        Image("adaptive_average_pooling_2d_rect", f => new AdaptiveAveragePooling2D(new long[] { 3, 2 }, dataFormat: f), S(3, 4, 5), S(3, 3, 2)),
        Image("adaptive_max_pooling_2d", f => new AdaptiveMaxPooling2D(2, dataFormat: f), S(3, 5, 5), S(3, 2, 2)),
        Image("adaptive_average_pooling_3d", f => new AdaptiveAveragePooling3D(new long[] { 2, 4, 3 }, dataFormat: f), S(2, 5, 6, 7), S(2, 2, 4, 3)),
        Image("adaptive_max_pooling_3d", f => new AdaptiveMaxPooling3D(2, dataFormat: f), S(2, 3, 4, 5), S(2, 2, 2, 2)),

        One("up_sampling_1d", () => new UpSampling1D(), S(5, 3), S(10, 3)),
        Image("up_sampling_1d_formats", f => new UpSampling1D(3, dataFormat: f), S(3, 5), S(3, 15)),
        Image("up_sampling_3d", f => new UpSampling3D(new long[] { 1, 2, 3 }, dataFormat: f), S(2, 2, 3, 4), S(2, 2, 6, 12)),
        One("zero_padding_1d", () => new ZeroPadding1D(), S(5, 3), S(7, 3)),
        Image("zero_padding_1d_formats", f => new ZeroPadding1D(new long[] { 1, 2 }, dataFormat: f), S(3, 5), S(3, 8)),
        Image("zero_padding_3d", f => new ZeroPadding3D(new long[] { 1, 2, 2, 1, 0, 3 }, dataFormat: f), S(2, 2, 3, 4), S(2, 5, 6, 7)),
        Image("zero_padding_3d_per_axis", f => new ZeroPadding3D(new long[] { 1, 0, 2 }, dataFormat: f), S(2, 2, 3, 4), S(2, 4, 3, 8)),
        One("cropping_1d", () => new Cropping1D(), S(5, 3), S(3, 3)),
        Image("cropping_1d_formats", f => new Cropping1D(new long[] { 2, 1 }, dataFormat: f), S(3, 6), S(3, 3)),
        Image("cropping_3d", f => new Cropping3D(dataFormat: f), S(2, 4, 5, 6), S(2, 2, 3, 4)),
        Image("cropping_3d_asymmetric", f => new Cropping3D(new long[] { 1, 2, 0, 1, 2, 1 }, dataFormat: f), S(2, 4, 5, 6), S(2, 1, 4, 3)),

        One("spatial_dropout_1d", () => new SpatialDropout1D(0.5, seed: 1), S(5, 3), S(5, 3), stochastic: true),
        Image("spatial_dropout_1d_formats", f => new SpatialDropout1D(0.5, dataFormat: f), S(3, 5), S(3, 5), stochastic: true),
        Image("spatial_dropout_3d", f => new SpatialDropout3D(0.3, dataFormat: f, seed: 2), S(3, 2, 3, 4), S(3, 2, 3, 4), stochastic: true),
        One("gaussian_dropout", () => new GaussianDropout(0.4, seed: 3), S(6), S(6), stochastic: true),
        One("alpha_dropout", () => new AlphaDropout(0.2, seed: 4), S(6), S(6), stochastic: true),
        One("alpha_dropout_noise_shape", () => new AlphaDropout(0.2, noiseShape: new long[] { -1, 1, 4 }), S(3, 4), S(3, 4), stochastic: true),
        // SpectralNormalization: the wrapped layer's weights + vector_u (1, kernel columns). Channels-first only: a training
        // call changes the kernel, so the layout test's copied weights would be normalized twice.
        One("spectral_normalization_dense", () => new SpectralNormalization(new Dense(3)), S(4), S(3), 4 * 3 + 3 + 3),
        One("spectral_normalization_conv2d", () => new SpectralNormalization(new Conv2D(4, 3, dataFormat: "channels_first"), powerIterations: 2), S(2, 5, 5), S(4, 3, 3), 9 * 2 * 4 + 4 + 4),
        One("unit_normalization", () => new UnitNormalization(), S(3, 4), S(3, 4)),
        One("unit_normalization_axis1", () => new UnitNormalization(axis: 1), S(3, 4), S(3, 4)),

        Image("random_invert", f => new RandomInvert(valueRange: new double[] { -1, 1 }, dataFormat: f), S(3, 4, 5), S(3, 4, 5), stochastic: true),
        Image("random_grayscale", f => new RandomGrayscale(dataFormat: f, seed: 2), S(3, 4, 5), S(3, 4, 5), stochastic: true),

        // Depthwise: k · channels · multiplier + channels · multiplier. Separable: that without bias, then channels · multiplier · filters + filters.
        One("depthwise_conv_1d", () => new DepthwiseConv1D(3, depthMultiplier: 2), S(9, 3), S(7, 6), 3 * 3 * 2 + 6),
        Image("depthwise_conv_1d_formats", f => new DepthwiseConv1D(3, padding: "same", dataFormat: f), S(3, 9), S(3, 9), 3 * 3 + 3),
        One("separable_conv_1d", () => new SeparableConv1D(4, 3, strides: 2, depthMultiplier: 2), S(9, 3), S(4, 4), 3 * 3 * 2 + 6 * 4 + 4),
        Image("separable_conv_1d_formats", f => new SeparableConv1D(4, 3, padding: "same", dataFormat: f), S(3, 9), S(4, 9), 3 * 3 + 3 * 4 + 4),
    };
}
