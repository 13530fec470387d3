using KerasNet.Activations;
using KerasNet.Constraints;
using KerasNet.Initializers;
using KerasNet.Regularizers;

namespace KerasNet.Layers;

/// <summary>A depthwise convolution (one filter per channel × <see cref="DepthMultiplier"/>) followed by a 1×1 pointwise convolution to <see cref="Filters"/> channels.</summary>
public sealed class SeparableConv2D : Layer
{
    private readonly WeightOptions depthwiseOptions;
    private readonly WeightOptions pointwiseOptions;
    private readonly WeightOptions biasOptions;
    private DepthwiseConv2D? depthwise;
    private Conv2D? pointwise;
    /// <summary>True when no dataFormat was given: the layout came from the global setting, and a clearly mismatched first input is refused.</summary>
    private readonly bool formatFromSetting;

    /// <summary>Creates the layer.</summary>
    public SeparableConv2D(long filters, Dims kernelSize, Dims strides = default, string padding = "valid", string? dataFormat = null,
                           Dims dilationRate = default, long depthMultiplier = 1, ActivationFunction? activation = null, bool useBias = true,
                           Initializer? depthwiseInitializer = null, Initializer? pointwiseInitializer = null, Initializer? biasInitializer = null,
                           Regularizer? depthwiseRegularizer = null, Regularizer? pointwiseRegularizer = null, Regularizer? biasRegularizer = null,
                           Constraint? depthwiseConstraint = null, Constraint? pointwiseConstraint = null, Constraint? biasConstraint = null,
                           string? name = null, bool trainable = true)
        : base(name, trainable)
    {
        Filters = filters > 0 ? filters : throw new ArgumentOutOfRangeException(nameof(filters), filters, "SeparableConv2D: filters must be positive.");
        KernelSize = kernelSize;
        Strides = strides;
        PaddingMode = Padding.Check(padding, nameof(SeparableConv2D));
        Format = DataFormats.Resolve(dataFormat);
        formatFromSetting = dataFormat is null;
        DilationRate = dilationRate;
        DepthMultiplier = depthMultiplier > 0 ? depthMultiplier : throw new ArgumentOutOfRangeException(nameof(depthMultiplier), depthMultiplier, "depthMultiplier must be positive.");
        Activation = activation ?? ActivationFunction.Get("linear");
        UseBias = useBias;
        depthwiseOptions = WeightOptions.Kernel(depthwiseInitializer, depthwiseRegularizer, depthwiseConstraint, key: "depthwise");
        pointwiseOptions = WeightOptions.Kernel(pointwiseInitializer, pointwiseRegularizer, pointwiseConstraint, key: "pointwise");
        biasOptions = WeightOptions.Bias(biasInitializer, biasRegularizer, biasConstraint);
        _ = kernelSize.Expand(2, nameof(kernelSize), nameof(SeparableConv2D));
    }

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

    private DepthwiseConv2D NewDepthwise() => new(KernelSize, Strides, PaddingMode, DepthMultiplier, DataFormats.Name(Format), DilationRate, useBias: false,
        depthwiseInitializer: DepthwiseInitializer, depthwiseRegularizer: DepthwiseRegularizer, depthwiseConstraint: DepthwiseConstraint, name: Name + "_depthwise");

    /// <inheritdoc/>
    protected override void ValidateInput(TensorShape inputShape, int inputCount)
    {
        if (inputShape.Rank != 4 || inputShape[DataFormats.ChannelAxis(Format, 4)] is null)
            throw ShapeError($"input of rank 4 {DataFormats.Describe(2, Format)} with a known number of channels", inputShape);
        ImageLayout.CheckFirstInput(this, inputShape, Format, formatFromSetting);
        if (depthwise?.BuiltInputShapes is { } built && inputShape[DataFormats.ChannelAxis(Format, 4)] != built[0][DataFormats.ChannelAxis(Format, 4)])
            throw ShapeError($"input {DataFormats.Describe(2, Format)} with {built[0][DataFormats.ChannelAxis(Format, 4)]} channels (it was built for them)", inputShape);
    }

    /// <inheritdoc/>
    protected override void Build(TensorShape inputShape)
    {
        depthwise = TrackLayer(NewDepthwise());
        depthwise.BuildFor(inputShape);
        pointwise = TrackLayer(new Conv2D(Filters, 1, 1, "valid", DataFormats.Name(Format), 1, 1, Activation, UseBias, PointwiseInitializer, BiasInitializer,
            PointwiseRegularizer, BiasRegularizer, PointwiseConstraint, BiasConstraint, name: Name + "_pointwise"));
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
        dims[DataFormats.ChannelAxis(Format, 4)] = Filters;
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
