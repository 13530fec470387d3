using KerasNet.Constraints;
using KerasNet.Layers;
using KerasNet.Regularizers;

namespace KerasNet.Tests.LayersTests;

/// <summary>
/// One row of the layer harness. Shapes leave out the batch axis and are written channels-first for image
/// layers; <see cref="Weights"/> is the number of scalars in all weights by Keras's formulas (e.g.
/// Conv2D(32, 3) on 1 channel: 3·3·1·32 + 32 = 320).
/// </summary>
/// <param name="Id">The row's name in test output.</param>
/// <param name="Create">Makes the layer; the argument is the data format to give it ("channels_first", "channels_last"), or null for the default.</param>
/// <param name="Inputs">The per-sample shape of each input.</param>
/// <param name="Output">The per-sample output shape.</param>
/// <param name="Weights">Scalars in all weights (trainable and not).</param>
/// <param name="SpatialRank">For image layers, the number of spatial axes: they are also run channels-last.</param>
/// <param name="Stochastic">True when training-mode outputs are random (dropout, noise).</param>
public sealed record LayerCase(string Id, Func<string?, Layer> Create, long[][] Inputs, long[] Output, long Weights,
                               int SpatialRank = 0, bool Stochastic = false)
{
    /// <summary>
    /// Sequence layers (one spatial axis) take (batch, steps, channels) when given no data format, whatever
    /// <see cref="Config.ImageDataFormat"/> says (DESIGN.md, "Layouts"); image layers follow the setting.
    /// </summary>
    public bool StepsFirstByDefault => SpatialRank == 1;

    /// <summary>The input shapes of the layer created with no data format.</summary>
    public long[][] DefaultInputs => StepsFirstByDefault ? Inputs.Select(ChannelsLast).ToArray() : Inputs;

    /// <summary>The output shape of the layer created with no data format.</summary>
    public long[] DefaultOutput => StepsFirstByDefault && Output.Length == Inputs[0].Length ? ChannelsLast(Output) : Output;

    /// <summary>A per-sample channels-first shape (channels, spatial...) as (spatial..., channels).</summary>
    public static long[] ChannelsLast(long[] shape) => shape.Skip(1).Append(shape[0]).ToArray();

    public override string ToString() => Id;
}

/// <summary>
/// The harness table: every layer of src/Keras.Net/Layers, most in several configurations. Each area adds its
/// rows in its own partial file (<c>LayerCases.&lt;Area&gt;.cs</c>) as a static field of type
/// <c>IReadOnlyList&lt;LayerCase&gt;</c> whose name ends in <c>Cases</c>; <see cref="All"/> collects them.
/// </summary>
public static partial class LayerCases
{
    public const string DoubleFunction = "harness_double";

    static LayerCases() => Lambda.Register(DoubleFunction, x => x * 2.0);

    private static long[] S(params long[] shape) => shape;

    private static LayerCase One(string id, Func<Layer> create, long[] input, long[] output, long weights = 0, bool stochastic = false) =>
        new(id, _ => create(), new[] { input }, output, weights, Stochastic: stochastic);

    private static LayerCase Image(string id, Func<string?, Layer> create, long[] input, long[] output, long weights = 0, bool stochastic = false) =>
        new(id, create, new[] { input }, output, weights, SpatialRank: input.Length - 1, Stochastic: stochastic);

    private static LayerCase Many(string id, Func<Layer> create, long[][] inputs, long[] output) => new(id, _ => create(), inputs, output, 0);

    /// <summary>The channel axis a normalization layer is given for a data format (null: its own default).</summary>
    public static int? ChannelAxis(string? dataFormat) => dataFormat switch
    {
        null => null,
        "channels_first" => 1,
        _ => -1,
    };

    private static readonly IReadOnlyList<LayerCase> CoreCases = new List<LayerCase>
    {
        // Core: Dense kernel (in, units) + bias.
        One("dense", () => new Dense(5), S(3), S(5), 3 * 5 + 5),
        One("dense_rank3_tanh", () => new Dense(5, activation: "tanh"), S(4, 3), S(4, 5), 3 * 5 + 5),
        One("dense_no_bias_regularized", () => new Dense(4, useBias: false, kernelRegularizer: new L2(0.01), kernelConstraint: new MaxNorm(2.0)), S(3), S(4), 3 * 4),
        One("activation", () => new Activation("tanh"), S(4), S(4)),
        One("dropout", () => new Dropout(0.5), S(6), S(6), stochastic: true),
        One("dropout_noise_shape", () => new Dropout(0.3, noiseShape: new long[] { -1, 1, 4 }, seed: 3), S(3, 4), S(3, 4), stochastic: true),
        One("flatten", () => new Flatten(), S(3, 4, 5), S(60)),
        One("flatten_channels_first", () => new Flatten(dataFormat: "channels_first"), S(3, 4, 5), S(60)),
        One("reshape", () => new Reshape(new long[] { 2, -1 }), S(3, 4), S(2, 6)),
        One("permute", () => new Permute(new long[] { 2, 1 }), S(3, 4), S(4, 3)),
        One("repeat_vector", () => new RepeatVector(3), S(4), S(3, 4)),
        One("lambda", () => new Lambda(DoubleFunction), S(4), S(4)),
        One("rescaling", () => new Rescaling(1.0 / 255, 0.5), S(4), S(4)),

        // Convolutions: kernel k^d · in/groups · filters + filters.
        Image("conv1d", f => new Conv1D(4, 3, dataFormat: f), S(3, 10), S(4, 8), 3 * 3 * 4 + 4),
        Image("conv1d_same_dilated", f => new Conv1D(4, 3, padding: "same", dilationRate: 2, dataFormat: f), S(3, 10), S(4, 10), 3 * 3 * 4 + 4),
        Image("conv1d_causal", f => new Conv1D(2, 3, padding: "causal", dataFormat: f), S(3, 10), S(2, 10), 3 * 3 * 2 + 2),
        Image("conv2d", f => new Conv2D(32, 3, dataFormat: f), S(1, 28, 28), S(32, 26, 26), 320),
        Image("conv2d_same_strided", f => new Conv2D(6, 3, strides: 2, padding: "same", dataFormat: f), S(3, 9, 9), S(6, 5, 5), 9 * 3 * 6 + 6),
        Image("conv2d_groups", f => new Conv2D(4, 3, groups: 2, dataFormat: f), S(4, 6, 6), S(4, 4, 4), 9 * 2 * 4 + 4),
        Image("conv2d_dilated", f => new Conv2D(4, 3, dilationRate: 2, dataFormat: f), S(3, 9, 9), S(4, 5, 5), 9 * 3 * 4 + 4),
        Image("conv2d_rect_kernel", f => new Conv2D(3, (2, 3), strides: (1, 2), dataFormat: f), S(2, 5, 9), S(3, 4, 4), 6 * 2 * 3 + 3),
        Image("conv3d", f => new Conv3D(2, 2, dataFormat: f), S(3, 4, 4, 4), S(2, 3, 3, 3), 8 * 3 * 2 + 2),
        Image("conv2d_transpose", f => new Conv2DTranspose(5, 3, strides: 2, dataFormat: f), S(2, 4, 4), S(5, 9, 9), 9 * 2 * 5 + 5),
        Image("conv2d_transpose_same", f => new Conv2DTranspose(5, 3, strides: 2, padding: "same", dataFormat: f), S(2, 4, 4), S(5, 8, 8), 9 * 2 * 5 + 5),
        Image("conv2d_transpose_same_even_kernel", f => new Conv2DTranspose(3, 2, padding: "same", dataFormat: f), S(2, 4, 5), S(3, 4, 5), 4 * 2 * 3 + 3),
        Image("conv2d_transpose_same_stride3", f => new Conv2DTranspose(2, 4, strides: 3, padding: "same", dataFormat: f), S(2, 3, 3), S(2, 9, 9), 16 * 2 * 2 + 2),
        Image("conv2d_transpose_output_padding", f => new Conv2DTranspose(2, 3, strides: 2, outputPadding: 1, dataFormat: f), S(2, 3, 3), S(2, 8, 8), 9 * 2 * 2 + 2),
        Image("conv2d_transpose_kernel_below_stride", f => new Conv2DTranspose(2, 1, strides: 2, dataFormat: f), S(2, 3, 3), S(2, 6, 6), 1 * 2 * 2 + 2),
        Image("conv2d_transpose_same_output_padding", f => new Conv2DTranspose(2, 4, strides: 2, padding: "same", outputPadding: 1, dataFormat: f), S(2, 3, 3), S(2, 5, 5), 16 * 2 * 2 + 2),
        Image("conv1d_transpose", f => new Conv1DTranspose(4, 3, strides: 2, dataFormat: f), S(3, 5), S(4, 11), 3 * 3 * 4 + 4),
        Image("conv1d_transpose_same", f => new Conv1DTranspose(4, 3, strides: 2, padding: "same", dataFormat: f), S(3, 5), S(4, 10), 3 * 3 * 4 + 4),
        Image("conv1d_transpose_output_padding", f => new Conv1DTranspose(2, 3, strides: 2, outputPadding: 1, dataFormat: f), S(2, 4), S(2, 10), 3 * 2 * 2 + 2),
        Image("conv3d_transpose", f => new Conv3DTranspose(2, 2, strides: 2, dataFormat: f), S(3, 2, 3, 3), S(2, 4, 6, 6), 8 * 3 * 2 + 2),
        Image("conv3d_transpose_same", f => new Conv3DTranspose(2, 3, strides: (1, 2, 2), padding: "same", dataFormat: f), S(2, 3, 4, 4), S(2, 3, 8, 8), 27 * 2 * 2 + 2),
        Image("conv3d_transpose_same_output_padding", f => new Conv3DTranspose(2, 3, strides: 2, padding: "same", outputPadding: 1, dataFormat: f), S(2, 2, 2, 2), S(2, 4, 4, 4), 27 * 2 * 2 + 2),
        Image("depthwise_conv2d", f => new DepthwiseConv2D(3, depthMultiplier: 2, dataFormat: f), S(3, 8, 8), S(6, 6, 6), 9 * 3 * 2 + 6),
        Image("separable_conv2d", f => new SeparableConv2D(4, 3, dataFormat: f), S(3, 8, 8), S(4, 6, 6), 9 * 3 + 3 * 4 + 4),

        // Pooling (no weights).
        Image("max_pooling1d", f => new MaxPooling1D(2, dataFormat: f), S(3, 10), S(3, 5)),
        Image("average_pooling1d_same", f => new AveragePooling1D(3, 2, "same", dataFormat: f), S(3, 10), S(3, 5)),
        Image("max_pooling2d", f => new MaxPooling2D(2, dataFormat: f), S(3, 7, 7), S(3, 3, 3)),
        Image("max_pooling2d_same", f => new MaxPooling2D(2, padding: "same", dataFormat: f), S(3, 7, 7), S(3, 4, 4)),
        Image("average_pooling2d", f => new AveragePooling2D((2, 3), dataFormat: f), S(3, 6, 7), S(3, 3, 2)),
        Image("average_pooling2d_same", f => new AveragePooling2D(3, 2, "same", dataFormat: f), S(3, 7, 7), S(3, 4, 4)),
        Image("global_average_pooling1d", f => new GlobalAveragePooling1D(f), S(3, 10), S(3)),
        Image("global_max_pooling1d", f => new GlobalMaxPooling1D(f), S(3, 10), S(3)),
        Image("global_average_pooling2d", f => new GlobalAveragePooling2D(f), S(3, 5, 5), S(3)),
        Image("global_max_pooling2d_keepdims", f => new GlobalMaxPooling2D(f, keepdims: true), S(3, 5, 5), S(3, 1, 1)),

        // Image reshaping.
        Image("zero_padding2d", f => new ZeroPadding2D((1, 2), f), S(3, 4, 4), S(3, 6, 8)),
        Image("zero_padding2d_four_sides", f => new ZeroPadding2D(new long[] { 1, 0, 2, 3 }, f), S(3, 4, 4), S(3, 5, 9)),
        Image("cropping2d", f => new Cropping2D((1, 2), f), S(3, 6, 7), S(3, 4, 3)),
        Image("up_sampling2d", f => new UpSampling2D(2, f), S(3, 4, 5), S(3, 8, 10)),
        Image("up_sampling2d_bilinear", f => new UpSampling2D((2, 3), f, interpolation: "bilinear"), S(3, 4, 5), S(3, 8, 15)),

        // Normalization: gamma and beta trainable, BatchNormalization's moving mean and variance not.
        Image("batch_normalization_image", f => new BatchNormalization(axis: ChannelAxis(f)), S(3, 5, 5), S(3, 5, 5), 4 * 3),
        One("batch_normalization_features", () => new BatchNormalization(), S(6), S(6), 4 * 6),
        One("layer_normalization", () => new LayerNormalization(), S(4, 6), S(4, 6), 2 * 6),
        One("layer_normalization_two_axes", () => new LayerNormalization(axis: new long[] { 1, 2 }), S(3, 4), S(3, 4), 2 * 12),
        One("layer_normalization_leading_axis", () => new LayerNormalization(axis: new long[] { 1 }), S(3, 4), S(3, 4), 2 * 3),
        Image("group_normalization", f => new GroupNormalization(groups: 2, axis: ChannelAxis(f)), S(4, 5, 5), S(4, 5, 5), 2 * 4),
        Image("spatial_dropout2d", f => new SpatialDropout2D(0.5, f), S(3, 4, 4), S(3, 4, 4), stochastic: true),
        One("gaussian_noise", () => new GaussianNoise(0.1, seed: 5), S(4), S(4), stochastic: true),

        // Merging.
        Many("add", () => new Add(), new[] { S(4), S(4) }, S(4)),
        Many("add_three_inputs", () => new Add(), new[] { S(4), S(4), S(4) }, S(4)),
        Many("add_broadcast", () => new Add(), new[] { S(3, 4), S(1, 4) }, S(3, 4)),
        Many("subtract", () => new Subtract(), new[] { S(4), S(4) }, S(4)),
        Many("multiply", () => new Multiply(), new[] { S(2, 3), S(2, 3) }, S(2, 3)),
        Many("average", () => new Average(), new[] { S(4), S(4), S(4) }, S(4)),
        Many("maximum", () => new Maximum(), new[] { S(4), S(4) }, S(4)),
        Many("minimum", () => new Minimum(), new[] { S(4), S(4) }, S(4)),
        Many("concatenate", () => new Concatenate(), new[] { S(3), S(5) }, S(8)),
        Many("concatenate_axis1", () => new Concatenate(axis: 1), new[] { S(2, 3), S(4, 3) }, S(6, 3)),
        Many("dot", () => new Dot(new long[] { 1 }), new[] { S(4), S(4) }, S(1)),
        Many("dot_normalized", () => new Dot(new long[] { 2, 2 }, normalize: true), new[] { S(3, 4), S(5, 4) }, S(3, 5)),
    };

    private static IReadOnlyList<LayerCase>? all;

    /// <summary>Every row of every area's table, areas in name order.</summary>
    public static IReadOnlyList<LayerCase> All => all ??= typeof(LayerCases)
        .GetFields(System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Public)
        .Where(f => f.Name.EndsWith("Cases", StringComparison.Ordinal) && f.FieldType == typeof(IReadOnlyList<LayerCase>))
        .OrderBy(f => f.Name, StringComparer.Ordinal)
        .SelectMany(f => (IReadOnlyList<LayerCase>)f.GetValue(null)!)
        .ToList();

    private static IReadOnlyDictionary<string, LayerCase>? byId;

    /// <summary>The rows by id.</summary>
    public static IReadOnlyDictionary<string, LayerCase> ById => byId ??= All.ToDictionary(c => c.Id);

    public static IEnumerable<object[]> Ids() => All.Select(c => new object[] { c.Id });

    public static IEnumerable<object[]> ImageIds() => All.Where(c => c.SpatialRank > 0).Select(c => new object[] { c.Id });

    public static IEnumerable<object[]> SequenceIds() => All.Where(c => c.StepsFirstByDefault).Select(c => new object[] { c.Id });
}
