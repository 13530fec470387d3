using KerasNet;
using KerasNet.Layers;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

// Usage: Keras.Net.ConvolutionProbe layers|raw
// Runs a grid of float32 convolutions (1D to 3D, plain, transposed and depthwise; 1 to 40 input channels; strides 1
// and 2) and compares each output, input gradient and kernel gradient with the same convolution in float64, which
// oneDNN does not run. "layers" goes through Keras.Net's layers, "raw" calls libtorch's functions on contiguous
// tensors. Prints each wrong case and a last line "<mode>: <wrong> of <total> wrong".
if (args.Length != 1 || args[0] is not ("layers" or "raw"))
{
    Console.Error.WriteLine("usage: Keras.Net.ConvolutionProbe layers|raw");
    return 2;
}
var viaLayers = args[0] == "layers";
torch.set_num_threads(2);
torch.manual_seed(11);
int wrong = 0, total = 0;

foreach (var rank in new[] { 1, 2, 3 })
foreach (var channels in new[] { 1, 3, 12, 20, 40 })
foreach (var filters in new[] { 4, 16, 24 })
foreach (var kernel in new[] { 1, 3 })
foreach (var stride in new[] { 1, 2 })
{
    Check($"conv{rank}d", rank, channels, filters, kernel, stride, Kind.Plain);
    // Keras's "valid" transposed output is longer than libtorch's where the kernel is shorter than the stride.
    if (kernel >= stride) Check($"conv_transpose{rank}d", rank, channels, filters, kernel, stride, Kind.Transposed);
}
// Shapes of the deep layers of image networks: many channels on small maps.
foreach (var (channels, filters, kernel, stride, size) in new[] { (256, 512, 1, 2, 4), (512, 512, 1, 1, 2), (64, 512, 1, 1, 6), (256, 512, 3, 2, 6), (512, 512, 3, 1, 4), (32, 64, 3, 1, 13), (64, 64, 3, 1, 8) })
    Check("conv2d", 2, channels, filters, kernel, stride, Kind.Plain, size);
foreach (var channels in new[] { 3, 20 })
foreach (var multiplier in new[] { 1, 2 })
foreach (var stride in new[] { 1, 2 })
    Check("depthwise_conv2d", 2, channels, channels * multiplier, 3, stride, Kind.Depthwise);

Console.WriteLine($"{args[0]}: {wrong} of {total} wrong");
return 0;

void Check(string name, int rank, int channels, int filters, int kernel, int stride, Kind kind, int? mapSize = null)
{
    using var scope = torch.NewDisposeScope();
    var size = mapSize ?? (rank == 3 ? 6 : 9);
    var x = torch.randn(new long[] { 3, channels }.Concat(Enumerable.Repeat((long)size, rank)).ToArray()).requires_grad_();
    var (y, weight) = viaLayers ? ThroughLayer(x, rank, filters, kernel, stride, kind) : Raw(x, rank, filters, kernel, stride, kind);
    var upstream = torch.randn(y.shape);
    (y * upstream).sum().backward();

    var x64 = x.detach().to(ScalarType.Float64).requires_grad_();
    var w64 = weight.detach().to(ScalarType.Float64).requires_grad_();
    var y64 = Reference(x64, w64, rank, stride, kind);
    (y64 * upstream.to(ScalarType.Float64)).sum().backward();

    total++;
    var errors = new[] { Error(y.detach(), y64.detach()), Error(x.grad!, x64.grad!), Error(weight.grad!, w64.grad!) };
    // float32 sums of at most 512·9 products of terms near 1 stay within about 1e-4 of float64; the defects are off
    // by the size of the values (or NaN).
    if (errors.All(e => e <= 1e-3)) return;
    wrong++;
    Console.WriteLine($"{name} channels {channels} filters {filters} kernel {kernel} stride {stride}: output {errors[0]:G3}, input gradient {errors[1]:G3}, kernel gradient {errors[2]:G3}");
}

static double Error(Tensor actual, Tensor expected) => (actual.to(ScalarType.Float64) - expected).abs().max().ToDouble() is var e && double.IsNaN(e) ? double.PositiveInfinity : e;

static (Tensor Output, Tensor Kernel) ThroughLayer(Tensor x, int rank, int filters, int kernel, int stride, Kind kind)
{
    Layer layer = (kind, rank) switch
    {
        (Kind.Depthwise, _) => new DepthwiseConv2D(kernel, stride, depthMultiplier: filters / x.size(1), dataFormat: "channels_first", useBias: false),
        (Kind.Transposed, 1) => new Conv1DTranspose(filters, kernel, stride, dataFormat: "channels_first", useBias: false),
        (Kind.Transposed, 2) => new Conv2DTranspose(filters, kernel, stride, dataFormat: "channels_first", useBias: false),
        (Kind.Transposed, _) => new Conv3DTranspose(filters, kernel, stride, dataFormat: "channels_first", useBias: false),
        (_, 1) => new Conv1D(filters, kernel, stride, dataFormat: "channels_first", useBias: false),
        (_, 2) => new Conv2D(filters, kernel, stride, dataFormat: "channels_first", useBias: false),
        _ => new Conv3D(filters, kernel, stride, dataFormat: "channels_first", useBias: false),
    };
    var y = layer.Apply(x, training: true);
    return (y, layer.Weights[0].Value);
}

static (Tensor Output, Tensor Kernel) Raw(Tensor x, int rank, int filters, int kernel, int stride, Kind kind)
{
    var channels = x.size(1);
    var shape = kind switch
    {
        Kind.Transposed => new long[] { channels, filters },
        Kind.Depthwise => new long[] { filters, 1 },
        _ => new long[] { filters, channels },
    };
    var w = (torch.randn(shape.Concat(Enumerable.Repeat((long)kernel, rank)).ToArray()) * 0.3).requires_grad_();
    return (Reference(x, w, rank, stride, kind), w);
}

static Tensor Reference(Tensor x, Tensor w, int rank, int stride, Kind kind)
{
    var strides = Enumerable.Repeat((long)stride, rank).ToArray();
    var groups = kind == Kind.Depthwise ? x.size(1) : 1;
    return (kind, rank) switch
    {
        (Kind.Transposed, 1) => F.conv_transpose1d(x, w, stride: stride),
        (Kind.Transposed, 2) => F.conv_transpose2d(x, w, strides: strides),
        (Kind.Transposed, _) => F.conv_transpose3d(x, w, strides: strides),
        (_, 1) => F.conv1d(x, w, stride: stride, groups: groups),
        (_, 2) => F.conv2d(x, w, strides: strides, groups: groups),
        _ => F.conv3d(x, w, strides: strides, groups: groups),
    };
}

internal enum Kind { Plain, Transposed, Depthwise }
