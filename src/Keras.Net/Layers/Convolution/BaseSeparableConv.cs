using KerasNet.Activations;
using KerasNet.Constraints;
using KerasNet.Initializers;
using KerasNet.Regularizers;

namespace KerasNet.Layers;

/// <summary>
/// The shared separable convolution of SeparableConv1D and SeparableConv2D: a depthwise convolution (one filter per
/// channel × <see cref="DepthMultiplier"/>) followed by a pointwise (kernel size 1) convolution to <see cref="Filters"/> channels.
/// </summary>
public abstract class BaseSeparableConv : Layer
{
    private readonly WeightOptions depthwiseOptions;
    private readonly WeightOptions pointwiseOptions;
    private readonly WeightOptions biasOptions;
    /// <summary>True when no dataFormat was given to an image layer: a clearly mismatched first input is refused.</summary>
    private readonly bool formatFromSetting;
    private BaseDepthwiseConv? depthwise;
    private BaseConv? pointwise;

    /// <summary>Creates the layer for <paramref name="rank"/> spatial axes in the layout <paramref name="format"/>.</summary>
    private protected BaseSeparableConv(int rank, long filters, Dims kernelSize, Dims strides, string padding, ImageDataFormat format, bool formatFromSetting,
                                        Dims dilationRate, long depthMultiplier, ActivationFunction? activation, bool useBias,
                                        Initializer? depthwiseInitializer, Initializer? pointwiseInitializer, Initializer? biasInitializer,
                                        Regularizer? depthwiseRegularizer, Regularizer? pointwiseRegularizer, Regularizer? biasRegularizer,
                                        Constraint? depthwiseConstraint, Constraint? pointwiseConstraint, Constraint? biasConstraint,
                                        string? name, bool trainable)
        : base(name, trainable)
    {
        Rank = rank;
        Filters = filters > 0 ? filters : throw new ArgumentOutOfRangeException(nameof(filters), filters, $"{GetType().Name}: filters must be positive; received {filters}.");
        KernelSize = kernelSize;
        Strides = strides;
        PaddingMode = Padding.Check(padding, GetType().Name);
        Format = format;
        this.formatFromSetting = formatFromSetting;
        DilationRate = dilationRate;
        DepthMultiplier = depthMultiplier > 0 ? depthMultiplier : throw new ArgumentOutOfRangeException(nameof(depthMultiplier), depthMultiplier, $"{GetType().Name}: depthMultiplier must be positive; received {depthMultiplier}.");
        Activation = activation ?? ActivationFunction.Get("linear");
        UseBias = useBias;
        depthwiseOptions = WeightOptions.Kernel(depthwiseInitializer, depthwiseRegularizer, depthwiseConstraint, key: "depthwise");
        pointwiseOptions = WeightOptions.Kernel(pointwiseInitializer, pointwiseRegularizer, pointwiseConstraint, key: "pointwise");
        biasOptions = WeightOptions.Bias(biasInitializer, biasRegularizer, biasConstraint);
        _ = kernelSize.Expand(rank, nameof(kernelSize), GetType().Name);
    }

    /// <summary>Spatial dimensions.</summary>
    public int Rank { get; }
    /// <summary>Output channels.</summary>
    public long Filters { get; }
    /// <summary>Depthwise kernel size.</summary>
    public Dims KernelSize { get; }
    /// <summary>Strides.</summary>
    public Dims Strides { get; }
    /// <summary>"valid" or "same".</summary>
    public string PaddingMode { get; }
    /// <summary>The layout.</summary>
    public ImageDataFormat Format { get; }
    /// <summary>Dilation.</summary>
    public Dims DilationRate { get; }
    /// <summary>Depthwise filters per input channel.</summary>
    public long DepthMultiplier { get; }
    /// <summary>The activation.</summary>
    public ActivationFunction Activation { get; }
    /// <summary>Whether the pointwise convolution adds a bias.</summary>
    public bool UseBias { get; }
    /// <summary>Depthwise kernel initializer.</summary>
    public Initializer DepthwiseInitializer => depthwiseOptions.Initializer;
    /// <summary>Pointwise kernel initializer.</summary>
    public Initializer PointwiseInitializer => pointwiseOptions.Initializer;
    /// <summary>Bias initializer.</summary>
    public Initializer BiasInitializer => biasOptions.Initializer;
    /// <summary>Depthwise kernel regularizer.</summary>
    public Regularizer? DepthwiseRegularizer => depthwiseOptions.Regularizer;
    /// <summary>Pointwise kernel regularizer.</summary>
    public Regularizer? PointwiseRegularizer => pointwiseOptions.Regularizer;
    /// <summary>Bias regularizer.</summary>
    public Regularizer? BiasRegularizer => biasOptions.Regularizer;
    /// <summary>Depthwise kernel constraint.</summary>
    public Constraint? DepthwiseConstraint => depthwiseOptions.Constraint;
    /// <summary>Pointwise kernel constraint.</summary>
    public Constraint? PointwiseConstraint => pointwiseOptions.Constraint;
    /// <summary>Bias constraint.</summary>
    public Constraint? BiasConstraint => biasOptions.Constraint;

    private BaseDepthwiseConv NewDepthwise() => Rank == 1
        ? new DepthwiseConv1D(KernelSize, Strides, PaddingMode, DepthMultiplier, DataFormats.Name(Format), DilationRate, useBias: false,
            depthwiseInitializer: DepthwiseInitializer, depthwiseRegularizer: DepthwiseRegularizer, depthwiseConstraint: DepthwiseConstraint, name: Name + "_depthwise")
        : new DepthwiseConv2D(KernelSize, Strides, PaddingMode, DepthMultiplier, DataFormats.Name(Format), DilationRate, useBias: false,
            depthwiseInitializer: DepthwiseInitializer, depthwiseRegularizer: DepthwiseRegularizer, depthwiseConstraint: DepthwiseConstraint, name: Name + "_depthwise");

    private BaseConv NewPointwise() => Rank == 1
        ? new Conv1D(Filters, 1, 1, "valid", DataFormats.Name(Format), 1, 1, Activation, UseBias, PointwiseInitializer, BiasInitializer,
            PointwiseRegularizer, BiasRegularizer, PointwiseConstraint, BiasConstraint, name: Name + "_pointwise")
        : new Conv2D(Filters, 1, 1, "valid", DataFormats.Name(Format), 1, 1, Activation, UseBias, PointwiseInitializer, BiasInitializer,
            PointwiseRegularizer, BiasRegularizer, PointwiseConstraint, BiasConstraint, name: Name + "_pointwise");

    private int ChannelAxis => DataFormats.ChannelAxis(Format, Rank + 2);

    /// <inheritdoc/>
    protected override void ValidateInput(TensorShape inputShape, int inputCount)
    {
        if (inputShape.Rank != Rank + 2 || inputShape[ChannelAxis] is null)
            throw ShapeError($"input of rank {Rank + 2} {DataFormats.Describe(Rank, Format)} with a known number of channels", inputShape);
        ImageLayout.CheckFirstInput(this, inputShape, Format, formatFromSetting);
        if (depthwise?.BuiltInputShapes is { } built && inputShape[ChannelAxis] != built[0][ChannelAxis])
            throw ShapeError($"input {DataFormats.Describe(Rank, Format)} with {built[0][ChannelAxis]} channels (it was built for them)", inputShape);
    }

    /// <inheritdoc/>
    protected override void Build(TensorShape inputShape)
    {
        depthwise = TrackLayer(NewDepthwise());
        depthwise.BuildFor(inputShape);
        pointwise = TrackLayer(NewPointwise());
        pointwise.BuildFor(depthwise.ComputeOutputShape(inputShape));
    }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, CallContext context)
    {
        using var middle = depthwise!.CallWithChecks(new[] { inputs }, context)[0];
        return pointwise!.CallWithChecks(new[] { middle }, context)[0];
    }

    /// <inheritdoc/>
    public override TensorShape ComputeOutputShape(TensorShape inputShape)
    {
        var middle = (depthwise ?? NewDepthwise()).ComputeOutputShape(inputShape);
        var dims = middle.Dims.ToArray();
        dims[ChannelAxis] = Filters;
        return new TensorShape(dims);
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["filters"] = Filters;
        config["kernel_size"] = KernelSize.Values.ToArray();
        config["strides"] = Strides.IsEmpty ? new long[] { 1 } : Strides.Values.ToArray();
        config["padding"] = PaddingMode;
        config["data_format"] = DataFormats.Name(Format);
        config["dilation_rate"] = DilationRate.IsEmpty ? new long[] { 1 } : DilationRate.Values.ToArray();
        config["depth_multiplier"] = DepthMultiplier;
        config["activation"] = Activation.Name;
        config["use_bias"] = UseBias;
        WeightOptions.Write(config, new[] { depthwiseOptions, pointwiseOptions, biasOptions });
        return config;
    }
}
