using KerasNet.Activations;
using KerasNet.Constraints;
using KerasNet.Initializers;
using KerasNet.Regularizers;

namespace KerasNet.Layers;

/// <summary>
/// A separate spatial filter per input channel (<see cref="DepthMultiplier"/> of them): a grouped convolution with
/// groups = channels. The kernel is stored as PyTorch's (channels × multiplier, 1, kh, kw).
/// </summary>
public sealed class DepthwiseConv2D : Layer
{
    private readonly WeightOptions depthwiseOptions;
    private readonly WeightOptions biasOptions;
    private Conv2D? conv;
    /// <summary>True when no dataFormat was given: the layout came from the global setting, and a clearly mismatched first input is refused.</summary>
    private readonly bool formatFromSetting;

    /// <summary>Creates the layer.</summary>
    public DepthwiseConv2D(Dims kernelSize, Dims strides = default, string padding = "valid", long depthMultiplier = 1, string? dataFormat = null,
                           Dims dilationRate = default, ActivationFunction? activation = null, bool useBias = true,
                           Initializer? depthwiseInitializer = null, Initializer? biasInitializer = null, Regularizer? depthwiseRegularizer = null,
                           Regularizer? biasRegularizer = null, Constraint? depthwiseConstraint = null, Constraint? biasConstraint = null,
                           string? name = null, bool trainable = true)
        : base(name, trainable)
    {
        if (depthMultiplier < 1) throw new ArgumentOutOfRangeException(nameof(depthMultiplier), depthMultiplier, "DepthwiseConv2D: depthMultiplier must be positive.");
        KernelSize = kernelSize;
        Strides = strides;
        PaddingMode = Padding.Check(padding, nameof(DepthwiseConv2D));
        DepthMultiplier = depthMultiplier;
        Format = DataFormats.Resolve(dataFormat);
        formatFromSetting = dataFormat is null;
        DilationRate = dilationRate;
        Activation = activation ?? ActivationFunction.Get("linear");
        UseBias = useBias;
        depthwiseOptions = WeightOptions.Kernel(depthwiseInitializer, depthwiseRegularizer, depthwiseConstraint, key: "depthwise");
        biasOptions = WeightOptions.Bias(biasInitializer, biasRegularizer, biasConstraint);
        // Validate the per-dimension arguments now, with this layer's name in the message.
        _ = kernelSize.Expand(2, nameof(kernelSize), nameof(DepthwiseConv2D));
    }

    /// <summary>Kernel size.</summary>
    public Dims KernelSize { get; }
    /// <summary>Strides.</summary>
    public Dims Strides { get; }
    /// <summary>"valid" or "same".</summary>
    public string PaddingMode { get; }
    /// <summary>Filters per input channel.</summary>
    public long DepthMultiplier { get; }
    /// <summary>The layout.</summary>
    public ImageDataFormat Format { get; }
    /// <summary>Dilation.</summary>
    public Dims DilationRate { get; }
    /// <summary>The activation.</summary>
    public ActivationFunction Activation { get; }
    /// <summary>Whether a bias is added.</summary>
    public bool UseBias { get; }
    /// <summary>The depthwise kernel's initializer.</summary>
    public Initializer DepthwiseInitializer => depthwiseOptions.Initializer;
    /// <summary>The bias's initializer.</summary>
    public Initializer BiasInitializer => biasOptions.Initializer;
    /// <summary>The depthwise kernel's regularizer.</summary>
    public Regularizer? DepthwiseRegularizer => depthwiseOptions.Regularizer;
    /// <summary>The bias's regularizer.</summary>
    public Regularizer? BiasRegularizer => biasOptions.Regularizer;
    /// <summary>The depthwise kernel's constraint.</summary>
    public Constraint? DepthwiseConstraint => depthwiseOptions.Constraint;
    /// <summary>The bias's constraint.</summary>
    public Constraint? BiasConstraint => biasOptions.Constraint;

    /// <inheritdoc/>
    protected override void ValidateInput(TensorShape inputShape, int inputCount)
    {
        if (inputShape.Rank != 4 || inputShape[DataFormats.ChannelAxis(Format, 4)] is null)
            throw ShapeError($"input of rank 4 {DataFormats.Describe(2, Format)} with a known number of channels", inputShape);
        ImageLayout.CheckFirstInput(this, inputShape, Format, formatFromSetting);
        if (conv is not null && inputShape[DataFormats.ChannelAxis(Format, 4)] != conv.Groups)
            throw ShapeError($"input {DataFormats.Describe(2, Format)} with {conv.Groups} channels (it was built for them)", inputShape);
    }

    /// <inheritdoc/>
    protected override void Build(TensorShape inputShape)
    {
        var channels = inputShape[DataFormats.ChannelAxis(Format, 4)]!.Value;
        conv = new Conv2D(channels * DepthMultiplier, KernelSize, Strides, PaddingMode, DataFormats.Name(Format), DilationRate, channels, Activation, UseBias,
            DepthwiseInitializer, BiasInitializer, DepthwiseRegularizer, BiasRegularizer, DepthwiseConstraint, BiasConstraint, name: Name + "_depthwise");
        TrackLayer(conv);
        conv.BuildFor(inputShape);
    }

    /// <summary>The depthwise kernel, once built.</summary>
    public Variable Kernel => conv?.Kernel ?? throw new InvalidOperationException($"DepthwiseConv2D '{Name}' is not built yet.");

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, CallContext context) => conv!.CallWithChecks(new[] { inputs }, context)[0];

    /// <inheritdoc/>
    public override TensorShape ComputeOutputShape(TensorShape inputShape)
    {
        var channels = inputShape[DataFormats.ChannelAxis(Format, 4)];
        var probe = conv ?? new Conv2D(Math.Max(1, (channels ?? 1) * DepthMultiplier), KernelSize, Strides, PaddingMode, DataFormats.Name(Format), DilationRate, name: "probe");
        var shape = probe.ComputeOutputShape(inputShape);
        var dims = shape.Dims.ToArray();
        dims[DataFormats.ChannelAxis(Format, 4)] = channels * DepthMultiplier;
        return new TensorShape(dims);
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["kernel_size"] = KernelSize.Values.ToArray();
        config["strides"] = Strides.IsEmpty ? new long[] { 1 } : Strides.Values.ToArray();
        config["padding"] = PaddingMode;
        config["depth_multiplier"] = DepthMultiplier;
        config["data_format"] = DataFormats.Name(Format);
        config["dilation_rate"] = DilationRate.IsEmpty ? new long[] { 1 } : DilationRate.Values.ToArray();
        config["activation"] = Activation.Name;
        config["use_bias"] = UseBias;
        WeightOptions.Write(config, new[] { depthwiseOptions, biasOptions });
        return config;
    }
}
