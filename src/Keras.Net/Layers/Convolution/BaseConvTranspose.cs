using KerasNet.Activations;
using KerasNet.Constraints;
using KerasNet.Initializers;
using KerasNet.Regularizers;

namespace KerasNet.Layers;

/// <summary>
/// The shared transposed convolution (learned up-sampling) of Conv1DTranspose, Conv2DTranspose and Conv3DTranspose,
/// with Keras's output sizes: "valid" gives (n − 1)·s + max(k_d, s) per axis, with k_d = (k − 1)·d + 1 the dilated
/// kernel size; "same" gives n·s; an explicit output padding op gives (n − 1)·s + k_d − 2·pad + op, where pad is 0
/// ("valid") or k_d / 2 ("same"). Kernels are stored in PyTorch's layout (input channels, filters, *kernel size).
/// </summary>
public abstract class BaseConvTranspose : KernelBiasLayer
{
    private Variable? kernel;
    private Variable? bias;

    /// <summary>True when no dataFormat was given: the layout came from the global setting, and a clearly mismatched first input is refused.</summary>
    private readonly bool formatFromSetting;

    /// <summary>Creates the layer for <paramref name="rank"/> spatial dimensions.</summary>
    protected BaseConvTranspose(int rank, long filters, Dims kernelSize, Dims strides, string padding, Dims outputPadding, string? dataFormat,
                                Dims dilationRate, ActivationFunction? activation, bool useBias, Initializer? kernelInitializer,
                                Initializer? biasInitializer, Regularizer? kernelRegularizer, Regularizer? biasRegularizer,
                                Constraint? kernelConstraint, Constraint? biasConstraint, string? name, bool trainable)
        : base(useBias, WeightOptions.Kernel(kernelInitializer, kernelRegularizer, kernelConstraint),
               WeightOptions.Bias(biasInitializer, biasRegularizer, biasConstraint), name, trainable)
    {
        var layer = GetType().Name;
        if (filters < 1) throw new ArgumentOutOfRangeException(nameof(filters), filters, $"{layer}: filters must be a positive integer; received {filters}.");
        Rank = rank;
        Filters = filters;
        KernelSize = kernelSize.Expand(rank, nameof(kernelSize), layer);
        Strides = (strides.IsEmpty ? new Dims(1) : strides).Expand(rank, nameof(strides), layer);
        PaddingMode = Padding.Check(padding, layer);
        OutputPadding = outputPadding.IsEmpty ? null : outputPadding.Expand(rank, nameof(outputPadding), layer, allowZero: true);
        if (OutputPadding is not null && OutputPadding.Where((p, i) => p >= Strides[i]).Any())
            throw new ArgumentException($"{layer}: each outputPadding must be smaller than its stride; received {outputPadding} with strides ({string.Join(", ", Strides)}).", nameof(outputPadding));
        Format = DataFormats.Resolve(dataFormat, rank);
        formatFromSetting = dataFormat is null;
        DilationRate = (dilationRate.IsEmpty ? new Dims(1) : dilationRate).Expand(rank, nameof(dilationRate), layer);
        Activation = activation ?? ActivationFunction.Get("linear");
    }

    /// <summary>Spatial dimensions (1, 2 or 3).</summary>
    public int Rank { get; }
    /// <summary>Output channels.</summary>
    public long Filters { get; }
    /// <summary>Kernel size per spatial dimension.</summary>
    public long[] KernelSize { get; }
    /// <summary>Strides per spatial dimension (the up-sampling factors).</summary>
    public long[] Strides { get; }
    /// <summary>"valid" or "same".</summary>
    public string PaddingMode { get; }
    /// <summary>Extra steps at the end of each spatial dimension of the output, if given.</summary>
    public long[]? OutputPadding { get; }
    /// <summary>The layout of inputs and outputs.</summary>
    public ImageDataFormat Format { get; }
    /// <summary>Dilation per spatial dimension.</summary>
    public long[] DilationRate { get; }
    /// <summary>The activation applied to the output.</summary>
    public ActivationFunction Activation { get; }

    /// <summary>The kernel (input channels, filters, *kernel size), once built.</summary>
    public Variable Kernel => kernel ?? throw new InvalidOperationException($"{GetType().Name} '{Name}' is not built yet.");
    /// <summary>The bias, if any, once built.</summary>
    public Variable? Bias => bias;

    private int ChannelAxis => DataFormats.ChannelAxis(Format, Rank + 2);

    /// <inheritdoc/>
    protected override void ValidateInput(TensorShape inputShape, int inputCount)
    {
        if (inputShape.Rank != Rank + 2 || inputShape[ChannelAxis] is null)
            throw ShapeError($"input of rank {Rank + 2} {DataFormats.Describe(Rank, Format)} with a known number of channels", inputShape);
        ImageLayout.CheckFirstInput(this, inputShape, Format, formatFromSetting);
        if (kernel is not null && inputShape[ChannelAxis] != kernel.Shape[0])
            throw ShapeError($"{kernel.Shape[0]} input channels (it was built for them)", inputShape);
    }

    /// <inheritdoc/>
    protected override void Build(TensorShape inputShape)
    {
        var channels = inputShape[ChannelAxis]!.Value;
        var receptive = KernelSize.Aggregate(1L, (a, b) => a * b);
        var shape = new[] { channels, Filters }.Concat(KernelSize).ToArray();
        kernel = AddKernel("kernel", shape, fans: (channels * receptive, Filters * receptive));
        if (UseBias) bias = AddBias("bias", new[] { Filters });
    }

    /// <summary>
    /// Torch's (padding, output padding) for one axis that give Keras's output size (see the class summary): "valid"
    /// pads nothing and adds max(k_d − s, 0) at the end; "same" solves 2·pad − op = k_d − s.
    /// </summary>
    internal (long Padding, long OutputPadding) TorchPadding(int axis)
    {
        var effective = DilationRate[axis] * (KernelSize[axis] - 1) + 1;
        if (PaddingMode == "valid") return (0, OutputPadding?[axis] ?? Math.Max(0, Strides[axis] - effective));
        if (OutputPadding is not null) return (effective / 2, OutputPadding[axis]);
        var total = effective - Strides[axis];
        var p = Math.Max(0, (total + 1) / 2);
        return (p, 2 * p - total);
    }

    private long OutputLength(long input, int axis, long padding, long outputPadding) =>
        (input - 1) * Strides[axis] - 2 * padding + DilationRate[axis] * (KernelSize[axis] - 1) + 1 + outputPadding;

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, CallContext context)
    {
        using var scope = torch.NewDisposeScope();
        var x = DataFormats.ToChannelsFirst(inputs, Format);
        var padding = new long[Rank];
        var outputPadding = new long[Rank];
        var crop = new long[Rank];
        for (var axis = 0; axis < Rank; axis++)
        {
            (padding[axis], outputPadding[axis]) = TorchPadding(axis);
            // libtorch takes an output padding only below the stride or the dilation (a stride-1 "same" transposed
            // convolution with an even kernel needs 1): compute the unpadded output and crop its start instead.
            if (outputPadding[axis] > 0 && outputPadding[axis] >= Math.Max(Strides[axis], DilationRate[axis]) && padding[axis] >= outputPadding[axis])
            {
                crop[axis] = padding[axis];
                padding[axis] = outputPadding[axis] = 0;
            }
        }
        var y = OneDnnConvolution.ConvolveTransposed(x, kernel!.Value, bias?.Value, Strides, padding, outputPadding, DilationRate);
        for (var axis = 0; axis < Rank; axis++)
            if (crop[axis] > 0)
                y = y.narrow(axis + 2, crop[axis], OutputLength(x.size(axis + 2), axis, crop[axis], TorchPadding(axis).OutputPadding));
        if (!Activation.IsLinear) y = Activation.Call(y);
        return DataFormats.FromChannelsFirst(y, Format).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public override TensorShape ComputeOutputShape(TensorShape inputShape)
    {
        var spatial = DataFormats.Spatial(inputShape, Format);
        var output = spatial.Select((n, i) =>
        {
            var (p, op) = TorchPadding(i);
            return n is null ? null : (long?)OutputLength(n.Value, i, p, op);
        });
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
        config["output_padding"] = OutputPadding;
        config["data_format"] = DataFormats.Name(Format);
        config["dilation_rate"] = DilationRate;
        config["activation"] = Activation.Name;
        config["use_bias"] = UseBias;
        WriteKernelBiasConfig(config);
        return config;
    }
}
