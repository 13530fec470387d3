using KerasNet.Activations;
using KerasNet.Constraints;
using KerasNet.Initializers;
using KerasNet.Regularizers;

namespace KerasNet.Layers;

/// <summary>
/// The shared convolution of Conv1D, Conv2D and Conv3D. Kernels are stored in PyTorch's layout
/// (filters, input channels / groups, *kernel size), so torchvision weights load as they are.
/// </summary>
public abstract class BaseConv : KernelBiasLayer
{
    private Variable? kernel;
    private Variable? bias;

    /// <summary>True when no dataFormat was given: the layout came from the global setting, and a clearly mismatched first input is refused.</summary>
    private readonly bool formatFromSetting;

    /// <summary>Creates the layer for <paramref name="rank"/> spatial dimensions.</summary>
    protected BaseConv(int rank, long filters, Dims kernelSize, Dims strides, string padding, string? dataFormat, Dims dilationRate, long groups,
                       ActivationFunction? activation, bool useBias, Initializer? kernelInitializer, Initializer? biasInitializer,
                       Regularizer? kernelRegularizer, Regularizer? biasRegularizer, Constraint? kernelConstraint, Constraint? biasConstraint,
                       string? name, bool trainable)
        : base(useBias, WeightOptions.Kernel(kernelInitializer, kernelRegularizer, kernelConstraint),
               WeightOptions.Bias(biasInitializer, biasRegularizer, biasConstraint), name, trainable)
    {
        var layer = GetType().Name;
        if (filters < 1) throw new ArgumentOutOfRangeException(nameof(filters), filters, $"{layer}: filters must be a positive integer; received {filters}.");
        if (groups < 1 || filters % groups != 0)
            throw new ArgumentException($"{layer}: groups must be a positive divisor of filters ({filters}); received {groups}.", nameof(groups));
        Rank = rank;
        Filters = filters;
        KernelSize = kernelSize.Expand(rank, nameof(kernelSize), layer);
        Strides = (strides.IsEmpty ? new Dims(1) : strides).Expand(rank, nameof(strides), layer);
        PaddingMode = Padding.Check(padding, layer, allowCausal: rank == 1);
        Format = DataFormats.Resolve(dataFormat, rank);
        formatFromSetting = dataFormat is null;
        DilationRate = (dilationRate.IsEmpty ? new Dims(1) : dilationRate).Expand(rank, nameof(dilationRate), layer);
        if (Strides.Any(s => s > 1) && DilationRate.Any(d => d > 1))
            throw new ArgumentException($"{layer}: strides > 1 cannot be combined with dilationRate > 1.", nameof(dilationRate));
        Groups = groups;
        Activation = activation ?? ActivationFunction.Get("linear");
    }

    /// <summary>Spatial dimensions (1, 2 or 3).</summary>
    public int Rank { get; }
    /// <summary>Output channels.</summary>
    public long Filters { get; }
    /// <summary>Kernel size per spatial dimension.</summary>
    public long[] KernelSize { get; }
    /// <summary>Strides per spatial dimension.</summary>
    public long[] Strides { get; }
    /// <summary>"valid", "same" or (Conv1D) "causal".</summary>
    public string PaddingMode { get; }
    /// <summary>The layout of inputs and outputs.</summary>
    public ImageDataFormat Format { get; }
    /// <summary>Dilation per spatial dimension.</summary>
    public long[] DilationRate { get; }
    /// <summary>Channel groups.</summary>
    public long Groups { get; }
    /// <summary>The activation applied to the output.</summary>
    public ActivationFunction Activation { get; }

    /// <summary>The kernel (filters, channels / groups, *kernel size), once built.</summary>
    public Variable Kernel => kernel ?? throw new InvalidOperationException($"{GetType().Name} '{Name}' is not built yet.");
    /// <summary>The bias, if any, once built.</summary>
    public Variable? Bias => bias;

    private int ChannelAxis => DataFormats.ChannelAxis(Format, Rank + 2);

    // libtorch 2.10's CPU bfloat16 grouped 1-D convolutions give wrong input gradients (measured for
    // SeparableConv1D: off by the gradient's whole size), and the channel padding that fixes ungrouped ones does not
    // apply to groups: grouped 1-D convolutions compute in float32 under mixed policies.
    internal override MixedPrecision.AutocastMode AutocastMode => Rank == 1 && Groups > 1 ? MixedPrecision.AutocastMode.Float32 : base.AutocastMode;

    /// <inheritdoc/>
    protected override void ValidateInput(TensorShape inputShape, int inputCount)
    {
        var layout = DataFormats.Describe(Rank, Format);
        if (inputShape.Rank != Rank + 2)
        {
            var fix = inputShape.Rank == Rank + 1
                ? $"Add a channel axis, e.g. x.unsqueeze({(Format == ImageDataFormat.ChannelsFirst ? 1 : -1)})."
                : null;
            throw ShapeError($"input of rank {Rank + 2} {layout}", inputShape, fix);
        }
        ImageLayout.CheckFirstInput(this, inputShape, Format, formatFromSetting);
        var channels = inputShape[ChannelAxis];
        if (channels is null) throw ShapeError($"a known number of channels {layout}", inputShape);
        if (channels % Groups != 0) throw ShapeError($"a number of channels divisible by groups ({Groups}) {layout}", inputShape);
        if (kernel is not null && channels != kernel.Shape[1] * Groups)
            throw ShapeError($"input {layout} with {kernel.Shape[1] * Groups} channels (it was built for them)", inputShape,
                Format == ImageDataFormat.ChannelsFirst && inputShape[-1] == kernel.Shape[1] * Groups ? "The input looks channels-last: pass dataFormat: \"channels_last\"." : null);
    }

    /// <inheritdoc/>
    protected override void Build(TensorShape inputShape)
    {
        var channels = inputShape[ChannelAxis]!.Value;
        var shape = new[] { Filters, channels / Groups }.Concat(KernelSize).ToArray();
        kernel = AddKernel("kernel", shape);
        if (UseBias) bias = AddBias("bias", new[] { Filters });
    }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, CallContext context)
    {
        using var scope = torch.NewDisposeScope();
        var x = DataFormats.ToChannelsFirst(inputs, Format);
        // Numeric padding wherever it is symmetric: libtorch's string-padding path costs extra per call.
        var convPadding = new long[Rank];
        if (PaddingMode == "causal")
            x = F.pad(x, new[] { (KernelSize[0] - 1) * DilationRate[0], 0L });
        else if (PaddingMode == "same")
        {
            var spatial = x.shape.Skip(2).ToArray();
            var pads = spatial.Select((n, i) => Padding.Same(n, KernelSize[i], Strides[i], DilationRate[i])).ToArray();
            if (pads.All(p => p.Before == p.After)) convPadding = pads.Select(p => p.Before).ToArray();
            else x = F.pad(x, Padding.PadArgument(pads));
        }
        var y = OneDnnConvolution.Convolve(x, kernel!.Value, bias?.Value, Strides, convPadding, DilationRate, Groups);
        if (!Activation.IsLinear) y = Activation.CallOnFreshOutput(y);
        return DataFormats.FromChannelsFirst(y, Format).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public override TensorShape ComputeOutputShape(TensorShape inputShape)
    {
        var spatial = DataFormats.Spatial(inputShape, Format);
        var mode = PaddingMode == "causal" ? "same" : PaddingMode;
        var output = spatial.Select((n, i) => Padding.OutputLength(n, KernelSize[i], Strides[i], DilationRate[i], mode));
        return DataFormats.Compose(inputShape[0], Filters, output, Format);
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["filters"] = Filters;
        config["kernel_size"] = KernelSize;
        config["strides"] = Strides;
        config["padding"] = PaddingMode;
        config["data_format"] = DataFormats.Name(Format);
        config["dilation_rate"] = DilationRate;
        config["groups"] = Groups;
        config["activation"] = Activation.Name;
        config["use_bias"] = UseBias;
        WriteKernelBiasConfig(config);
        return config;
    }
}
