using KerasNet.Activations;
using KerasNet.Constraints;
using KerasNet.Initializers;
using KerasNet.Regularizers;

namespace KerasNet.Layers;

/// <summary>
/// Transposed 2-D convolution (learned up-sampling). "valid": output = (n − 1)·s + max(k_d, s) with k_d = (k − 1)·d + 1;
/// "same": output = n·s (as Keras).
/// The kernel is stored in PyTorch's layout (input channels, filters, kh, kw).
/// </summary>
public sealed class Conv2DTranspose : Layer
{
    private Variable? kernel;
    private Variable? bias;

    /// <summary>Creates the layer.</summary>
    public Conv2DTranspose(long filters, Dims kernelSize, Dims strides = default, string padding = "valid", Dims outputPadding = default,
                           string? dataFormat = null, Dims dilationRate = default, ActivationFunction? activation = null, bool useBias = true,
                           Initializer? kernelInitializer = null, Initializer? biasInitializer = null, Regularizer? kernelRegularizer = null,
                           Regularizer? biasRegularizer = null, Constraint? kernelConstraint = null, Constraint? biasConstraint = null,
                           string? name = null, bool trainable = true)
        : base(name, trainable)
    {
        const string layer = nameof(Conv2DTranspose);
        Filters = filters > 0 ? filters : throw new ArgumentOutOfRangeException(nameof(filters), filters, $"{layer}: filters must be positive.");
        KernelSize = kernelSize.Expand(2, nameof(kernelSize), layer);
        Strides = (strides.IsEmpty ? new Dims(1) : strides).Expand(2, nameof(strides), layer);
        PaddingMode = Padding.Check(padding, layer);
        OutputPadding = outputPadding.IsEmpty ? null : outputPadding.Expand(2, nameof(outputPadding), layer, allowZero: true);
        if (OutputPadding is not null && OutputPadding.Where((p, i) => p >= Strides[i]).Any())
            throw new ArgumentException($"{layer}: each outputPadding must be smaller than its stride; received {outputPadding} with strides ({string.Join(", ", Strides)}).", nameof(outputPadding));
        Format = DataFormats.Resolve(dataFormat);
        DilationRate = (dilationRate.IsEmpty ? new Dims(1) : dilationRate).Expand(2, nameof(dilationRate), layer);
        Activation = activation ?? ActivationFunction.Get("linear");
        UseBias = useBias;
        KernelInitializer = kernelInitializer ?? new GlorotUniform();
        BiasInitializer = biasInitializer ?? new Zeros();
        KernelRegularizer = kernelRegularizer;
        BiasRegularizer = biasRegularizer;
        KernelConstraint = kernelConstraint;
        BiasConstraint = biasConstraint;
    }

    /// <summary>Output channels.</summary>
    public long Filters { get; }
    /// <summary>Kernel size.</summary>
    public long[] KernelSize { get; }
    /// <summary>Strides (the up-sampling factor).</summary>
    public long[] Strides { get; }
    /// <summary>"valid" or "same".</summary>
    public string PaddingMode { get; }
    /// <summary>Extra rows/columns on the bottom/right of the output, if given.</summary>
    public long[]? OutputPadding { get; }
    /// <summary>The layout.</summary>
    public ImageDataFormat Format { get; }
    /// <summary>Dilation.</summary>
    public long[] DilationRate { get; }
    /// <summary>The activation.</summary>
    public ActivationFunction Activation { get; }
    /// <summary>Whether a bias is added.</summary>
    public bool UseBias { get; }
    /// <summary>The kernel's initializer.</summary>
    public Initializer KernelInitializer { get; }
    /// <summary>The bias's initializer.</summary>
    public Initializer BiasInitializer { get; }
    /// <summary>The kernel's regularizer.</summary>
    public Regularizer? KernelRegularizer { get; }
    /// <summary>The bias's regularizer.</summary>
    public Regularizer? BiasRegularizer { get; }
    /// <summary>The kernel's constraint.</summary>
    public Constraint? KernelConstraint { get; }
    /// <summary>The bias's constraint.</summary>
    public Constraint? BiasConstraint { get; }

    private int ChannelAxis => DataFormats.ChannelAxis(Format, 4);

    /// <inheritdoc/>
    protected override void ValidateInput(TensorShape inputShape, int inputCount)
    {
        if (inputShape.Rank != 4 || inputShape[ChannelAxis] is null)
            throw ShapeError($"input of rank 4 {DataFormats.Describe(2, Format)} with a known number of channels", inputShape);
        if (kernel is not null && inputShape[ChannelAxis] != kernel.Shape[0])
            throw ShapeError($"{kernel.Shape[0]} input channels (it was built for them)", inputShape);
    }

    /// <inheritdoc/>
    protected override void Build(TensorShape inputShape)
    {
        var channels = inputShape[ChannelAxis]!.Value;
        var receptive = KernelSize[0] * KernelSize[1];
        kernel = AddWeight("kernel", new[] { channels, Filters, KernelSize[0], KernelSize[1] }, KernelInitializer,
            regularizer: KernelRegularizer, constraint: KernelConstraint, fans: (channels * receptive, Filters * receptive));
        if (UseBias) bias = AddWeight("bias", new[] { Filters }, BiasInitializer, regularizer: BiasRegularizer, constraint: BiasConstraint);
    }

    /// <summary>
    /// Torch's (padding, output padding) for one axis that give Keras's output size (keras.src.utils
    /// deconv_output_length), with k the dilated kernel size: "valid" n·s + max(k − s, 0); "same" n·s; with an
    /// explicit output padding op, (n − 1)·s + k − 2·pad + op where pad is 0 ("valid") or k / 2 ("same").
    /// </summary>
    private (long Padding, long OutputPadding) TorchPadding(int axis)
    {
        var effective = DilationRate[axis] * (KernelSize[axis] - 1) + 1;
        if (PaddingMode == "valid") return (0, OutputPadding?[axis] ?? Math.Max(0, Strides[axis] - effective));
        if (OutputPadding is not null) return (effective / 2, OutputPadding[axis]);
        // "same": output = n·s, i.e. 2p − op = k − s.
        var total = effective - Strides[axis];
        var p = Math.Max(0, (total + 1) / 2);
        return (p, 2 * p - total);
    }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, CallContext context)
    {
        using var scope = torch.NewDisposeScope();
        var x = DataFormats.ToChannelsFirst(inputs, Format);
        var padding = new long[2];
        var outputPadding = new long[2];
        var crop = new long[2];
        for (var axis = 0; axis < 2; axis++)
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
        // A transposed convolution runs oneDNN's backward-data kernel, defective when it reduces over a channel count
        // that is not a multiple of 16 (OneDnnChannelPadding): pad the input channels with zeros (and zero kernel rows).
        var w = kernel!.Value;
        var extra = OneDnnChannelPadding.Needed(x, x.size(1), groups: 1);
        if (extra > 0)
        {
            x = OneDnnChannelPadding.Pad(x, 1, extra);
            w = OneDnnChannelPadding.Pad(w, 0, extra);
        }
        var y = F.conv_transpose2d(x, w, bias?.Value, Strides, padding, outputPadding, DilationRate, groups: 1);
        for (var axis = 0; axis < 2; axis++)
        {
            if (crop[axis] == 0) continue;
            var length = (x.size(axis + 2) - 1) * Strides[axis] - 2 * crop[axis] + DilationRate[axis] * (KernelSize[axis] - 1) + 1 + TorchPadding(axis).OutputPadding;
            y = y.narrow(axis + 2, crop[axis], length);
        }
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
            return n is null ? null : (long?)((n - 1) * Strides[i] - 2 * p + DilationRate[i] * (KernelSize[i] - 1) + op + 1);
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
        KernelBiasConfig.Write(config, KernelInitializer, BiasInitializer, KernelRegularizer, BiasRegularizer, KernelConstraint, BiasConstraint);
        return config;
    }
}
