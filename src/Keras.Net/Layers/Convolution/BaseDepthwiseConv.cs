using KerasNet.Activations;
using KerasNet.Constraints;
using KerasNet.Initializers;
using KerasNet.Regularizers;

namespace KerasNet.Layers;

/// <summary>
/// The shared depthwise convolution of DepthwiseConv1D and DepthwiseConv2D: a separate spatial filter per input channel
/// (<see cref="DepthMultiplier"/> of them), i.e. a grouped convolution with groups = channels. The kernel is stored as
/// PyTorch's (channels × multiplier, 1, *kernel size).
/// </summary>
public abstract class BaseDepthwiseConv : Layer
{
    private readonly WeightOptions depthwiseOptions;
    private readonly WeightOptions biasOptions;
    /// <summary>True when no dataFormat was given to an image layer: a clearly mismatched first input is refused.</summary>
    private readonly bool formatFromSetting;
    private BaseConv? conv;

    /// <summary>Creates the layer for <paramref name="rank"/> spatial axes in the layout <paramref name="format"/>.</summary>
    private protected BaseDepthwiseConv(int rank, Dims kernelSize, Dims strides, string padding, long depthMultiplier, ImageDataFormat format, bool formatFromSetting,
                                        Dims dilationRate, ActivationFunction? activation, bool useBias,
                                        Initializer? depthwiseInitializer, Initializer? biasInitializer, Regularizer? depthwiseRegularizer,
                                        Regularizer? biasRegularizer, Constraint? depthwiseConstraint, Constraint? biasConstraint,
                                        string? name, bool trainable)
        : base(name, trainable)
    {
        if (depthMultiplier < 1) throw new ArgumentOutOfRangeException(nameof(depthMultiplier), depthMultiplier, $"{GetType().Name}: depthMultiplier must be positive; received {depthMultiplier}.");
        Rank = rank;
        KernelSize = kernelSize;
        Strides = strides;
        PaddingMode = Padding.Check(padding, GetType().Name);
        DepthMultiplier = depthMultiplier;
        Format = format;
        this.formatFromSetting = formatFromSetting;
        DilationRate = dilationRate;
        Activation = activation ?? ActivationFunction.Get("linear");
        UseBias = useBias;
        depthwiseOptions = WeightOptions.Kernel(depthwiseInitializer, depthwiseRegularizer, depthwiseConstraint, key: "depthwise");
        biasOptions = WeightOptions.Bias(biasInitializer, biasRegularizer, biasConstraint);
        // Validate the per-dimension arguments now, with this layer's name in the message.
        _ = kernelSize.Expand(rank, nameof(kernelSize), GetType().Name);
    }

    /// <summary>Spatial dimensions.</summary>
    public int Rank { get; }
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

    private int ChannelAxis => DataFormats.ChannelAxis(Format, Rank + 2);

    private BaseConv NewConv(long filters, long groups, string name) => Rank == 1
        ? new Conv1D(filters, KernelSize, Strides, PaddingMode, DataFormats.Name(Format), DilationRate, groups, Activation, UseBias,
            DepthwiseInitializer, BiasInitializer, DepthwiseRegularizer, BiasRegularizer, DepthwiseConstraint, BiasConstraint, name)
        : new Conv2D(filters, KernelSize, Strides, PaddingMode, DataFormats.Name(Format), DilationRate, groups, Activation, UseBias,
            DepthwiseInitializer, BiasInitializer, DepthwiseRegularizer, BiasRegularizer, DepthwiseConstraint, BiasConstraint, name);

    /// <inheritdoc/>
    protected override void ValidateInput(TensorShape inputShape, int inputCount)
    {
        if (inputShape.Rank != Rank + 2 || inputShape[ChannelAxis] is null)
            throw ShapeError($"input of rank {Rank + 2} {DataFormats.Describe(Rank, Format)} with a known number of channels", inputShape);
        ImageLayout.CheckFirstInput(this, inputShape, Format, formatFromSetting);
        if (conv is not null && inputShape[ChannelAxis] != conv.Groups)
            throw ShapeError($"input {DataFormats.Describe(Rank, Format)} with {conv.Groups} channels (it was built for them)", inputShape);
    }

    /// <inheritdoc/>
    protected override void Build(TensorShape inputShape)
    {
        var channels = inputShape[ChannelAxis]!.Value;
        conv = NewConv(channels * DepthMultiplier, channels, Name + "_depthwise");
        TrackLayer(conv);
        conv.BuildFor(inputShape);
    }

    /// <summary>The depthwise kernel, once built.</summary>
    public Variable Kernel => conv?.Kernel ?? throw new InvalidOperationException($"{GetType().Name} '{Name}' is not built yet.");

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, CallContext context) => conv!.CallWithChecks(new[] { inputs }, context)[0];

    /// <inheritdoc/>
    public override TensorShape ComputeOutputShape(TensorShape inputShape)
    {
        var channels = inputShape[ChannelAxis];
        var probe = conv ?? NewConv(Math.Max(1, (channels ?? 1) * DepthMultiplier), 1, "probe");
        var shape = probe.ComputeOutputShape(inputShape);
        var dims = shape.Dims.ToArray();
        dims[ChannelAxis] = channels * DepthMultiplier;
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
