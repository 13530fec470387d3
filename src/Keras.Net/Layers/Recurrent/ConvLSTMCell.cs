using KerasNet.Activations;
using KerasNet.Constraints;
using KerasNet.Initializers;
using KerasNet.Regularizers;

namespace KerasNet.Layers;

/// <summary>
/// The step of <see cref="ConvLSTM1D"/>, <see cref="ConvLSTM2D"/> and <see cref="ConvLSTM3D"/>: an LSTM whose input
/// and recurrent products are convolutions. The input convolution has the layer's strides, padding and dilation; the
/// recurrent one has stride 1 and "same" padding (as Keras). Kernels are in PyTorch's layout: <c>kernel</c>
/// (4·filters, channels, *kernel size), <c>recurrent_kernel</c> (4·filters, filters, *kernel size), <c>bias</c>
/// (4·filters), gate blocks input, forget, cell, output along the first axis.
/// </summary>
internal sealed class ConvLSTMCell : RecurrentCell
{
    private readonly WeightOptions kernelOptions;
    private readonly WeightOptions recurrentOptions;
    private readonly WeightOptions biasOptions;
    private readonly string layer;
    private Variable? kernel;
    private Variable? recurrentKernel;
    private Variable? bias;

    internal ConvLSTMCell(string layer, int rank, long filters, Dims kernelSize, Dims strides, string padding, string? dataFormat, Dims dilationRate,
                          ActivationFunction? activation, ActivationFunction? recurrentActivation, bool useBias,
                          Initializer? kernelInitializer, Initializer? recurrentInitializer, Initializer? biasInitializer, bool unitForgetBias,
                          Regularizer? kernelRegularizer, Regularizer? recurrentRegularizer, Regularizer? biasRegularizer,
                          Constraint? kernelConstraint, Constraint? recurrentConstraint, Constraint? biasConstraint,
                          double dropout, double recurrentDropout, int? seed, string? name, bool trainable)
        : base(name, trainable)
    {
        this.layer = layer;
        RecurrentArguments.CheckUnits(layer, filters, nameof(filters));
        RecurrentArguments.CheckDropouts(layer, dropout, recurrentDropout);
        Rank = rank;
        Filters = filters;
        KernelSize = kernelSize.Expand(rank, nameof(kernelSize), layer);
        Strides = (strides.IsEmpty ? new Dims(1) : strides).Expand(rank, nameof(strides), layer);
        PaddingMode = Padding.Check(padding, layer);
        Format = DataFormats.Resolve(dataFormat);
        DilationRate = (dilationRate.IsEmpty ? new Dims(1) : dilationRate).Expand(rank, nameof(dilationRate), layer);
        if (Strides.Any(s => s > 1) && DilationRate.Any(d => d > 1))
            throw new ArgumentException($"{layer}: strides > 1 cannot be combined with dilationRate > 1; received strides ({string.Join(", ", Strides)}) and dilationRate ({string.Join(", ", DilationRate)}).", nameof(dilationRate));
        Activation = activation ?? ActivationFunction.Get("tanh");
        RecurrentActivation = recurrentActivation ?? ActivationFunction.Get("sigmoid");
        (UseBias, UnitForgetBias, Dropout, RecurrentDropout, Seed) = (useBias, unitForgetBias, dropout, recurrentDropout, seed);
        kernelOptions = WeightOptions.Kernel(kernelInitializer, kernelRegularizer, kernelConstraint);
        recurrentOptions = new WeightOptions("recurrent", recurrentInitializer ?? new Orthogonal(), recurrentRegularizer, recurrentConstraint);
        biasOptions = WeightOptions.Bias(biasInitializer, biasRegularizer, biasConstraint);
        StateSize = new[] { filters, filters };
    }

    internal int Rank { get; }
    internal long Filters { get; }
    internal long[] KernelSize { get; }
    internal long[] Strides { get; }
    internal string PaddingMode { get; }
    internal ImageDataFormat Format { get; }
    internal long[] DilationRate { get; }
    internal ActivationFunction Activation { get; }
    internal ActivationFunction RecurrentActivation { get; }
    internal bool UseBias { get; }
    internal bool UnitForgetBias { get; }
    internal double Dropout { get; }
    internal double RecurrentDropout { get; }
    internal int? Seed { get; }
    internal IReadOnlyList<WeightOptions> Options => new[] { kernelOptions, recurrentOptions, biasOptions };
    internal Variable? Kernel => kernel;

    public override IReadOnlyList<long> StateSize { get; }

    public override IReadOnlyList<TensorShape> StateShapes(TensorShape stepInputShape)
    {
        var spatial = DataFormats.Spatial(stepInputShape, Format)
            .Select((n, i) => Padding.OutputLength(n, KernelSize[i], Strides[i], DilationRate[i], PaddingMode)).ToArray();
        var shape = DataFormats.Compose(stepInputShape[0], Filters, spatial, Format);
        return new[] { shape, shape };
    }

    public override TensorShape StepOutputShape(TensorShape stepInputShape) => StateShapes(stepInputShape)[0];

    protected override void Build(TensorShape inputShape)
    {
        var channels = inputShape[DataFormats.ChannelAxis(Format, Rank + 2)]!.Value;
        var window = KernelSize;
        kernel = AddWeight("kernel", new[] { 4 * Filters, channels }.Concat(window).ToArray(), kernelOptions.Initializer,
                           regularizer: kernelOptions.Regularizer, constraint: kernelOptions.Constraint);
        recurrentKernel = AddWeight("recurrent_kernel", new[] { 4 * Filters, Filters }.Concat(window).ToArray(), recurrentOptions.Initializer,
                                    regularizer: recurrentOptions.Regularizer, constraint: recurrentOptions.Constraint);
        if (!UseBias) return;
        bias = AddWeight("bias", new[] { 4 * Filters }, biasOptions.Initializer, regularizer: biasOptions.Regularizer, constraint: biasOptions.Constraint);
        if (!UnitForgetBias) return;
        using var noGrad = torch.no_grad();
        using var forget = bias.Value.narrow(0, Filters, Filters);
        forget.fill_(1.0);
    }

    public override (Tensor Output, Tensor[] States) Step(Tensor input, IReadOnlyList<Tensor> states, bool training)
    {
        var x = DataFormats.ToChannelsFirst(DropInput(input, Dropout, Seed, training), Format);
        var h = DataFormats.ToChannelsFirst(DropRecurrent(states[0], RecurrentDropout, Seed, training), Format);
        var cPrev = DataFormats.ToChannelsFirst(states[1], Format);
        if (PaddingMode == "same")
        {
            var pads = x.shape.Skip(2).Select((n, i) => Padding.Same(n, KernelSize[i], Strides[i], DilationRate[i])).ToArray();
            x = F.pad(x, Padding.PadArgument(pads));
        }
        var z = Convolve(x, kernel!.Value, bias?.Value, Strides, DilationRate);
        var recurrentPads = KernelSize.Select(k => Padding.Same(1, k, 1, 1)).ToArray();
        z = z + Convolve(F.pad(h, Padding.PadArgument(recurrentPads)), recurrentKernel!.Value, null, Ones, Ones);
        var (hNext, c) = RecurrentMath.Lstm(z, cPrev, Filters, Activation, RecurrentActivation);
        hNext = DataFormats.FromChannelsFirst(hNext, Format);
        return (hNext, new[] { hNext, DataFormats.FromChannelsFirst(c, Format) });
    }

    private long[] Ones => Enumerable.Repeat(1L, Rank).ToArray();

    private Tensor Convolve(Tensor x, Tensor w, Tensor? b, long[] strides, long[] dilation) =>
        OneDnnConvolution.Convolve(x, w, b, strides, new long[Rank], dilation, groups: 1);
}
