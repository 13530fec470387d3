using KerasNet.Layers;

namespace KerasNet.Applications;

/// <summary>
/// Builds torchvision's building blocks with Keras layers named like torchvision's modules, so that the state_dict
/// keys map one to one (<c>layer1.0.conv1</c> → <c>layer1.0.conv1.weight</c>). All layers are channels-first, as
/// torchvision's weights; BatchNormalization uses PyTorch's defaults (epsilon 1e-5, momentum 0.1, i.e. Keras 0.9).
/// </summary>
internal static class TorchBlocks
{
    private const string ChannelsFirst = "channels_first";

    /// <summary>
    /// A convolution with PyTorch's symmetric zero padding: "same" where Keras pads the same way (stride 1, odd kernel),
    /// otherwise an explicit ZeroPadding2D (named <c>&lt;name&gt;_pad</c>) before a "valid" convolution.
    /// </summary>
    internal static KerasTensor Conv(KerasTensor x, string name, long filters, int kernel, int stride = 1, int padding = 0, long groups = 1,
                                     bool bias = false, string? activation = null)
    {
        string mode = "valid";
        if (padding > 0)
        {
            if (stride == 1 && 2 * padding == kernel - 1) mode = "same";
            else x = new ZeroPadding2D(padding, dataFormat: ChannelsFirst, name: name + "_pad").Apply(x);
        }
        return new Conv2D(filters, kernel, stride, mode, ChannelsFirst, groups: groups, useBias: bias, activation: activation ?? "linear", name: name).Apply(x);
    }

    /// <summary>BatchNormalization over the channel axis with PyTorch's defaults.</summary>
    internal static KerasTensor BatchNorm(KerasTensor x, string name, double epsilon = 1e-5) =>
        new BatchNormalization(axis: 1, momentum: 0.9, epsilon: epsilon, name: name).Apply(x);

    /// <summary>An activation layer.</summary>
    internal static KerasTensor Act(KerasTensor x, string activation, string name) => new Activation(activation, name: name).Apply(x);

    /// <summary>torchvision's Conv2dNormActivation: <c>&lt;prefix&gt;.0</c> convolution (padding (k-1)/2), <c>&lt;prefix&gt;.1</c> BatchNorm, then the activation.</summary>
    internal static KerasTensor ConvNormAct(KerasTensor x, string prefix, long filters, int kernel, int stride = 1, long groups = 1, string? activation = "relu",
                                            double epsilon = 1e-5)
    {
        x = Conv(x, prefix + ".0", filters, kernel, stride, (kernel - 1) / 2, groups);
        x = BatchNorm(x, prefix + ".1", epsilon);
        return activation is null ? x : Act(x, activation, prefix + "." + activation);
    }

    /// <summary>torchvision's <c>_make_divisible</c>: rounds channels to a multiple of <paramref name="divisor"/>, never down by more than 10%.</summary>
    internal static long MakeDivisible(double value, long divisor = 8)
    {
        var rounded = Math.Max(divisor, (long)(value + divisor / 2.0) / divisor * divisor);
        if (rounded < 0.9 * value) rounded += divisor;
        return rounded;
    }
}
