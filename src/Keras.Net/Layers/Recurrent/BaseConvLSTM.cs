using KerasNet.Activations;
using KerasNet.Constraints;
using KerasNet.Initializers;
using KerasNet.Regularizers;
using KerasNet.Serialization;

namespace KerasNet.Layers;

/// <summary>
/// The shared machinery of <see cref="ConvLSTM1D"/>, <see cref="ConvLSTM2D"/> and <see cref="ConvLSTM3D"/>: an
/// <see cref="RNN"/> whose cell is an LSTM with convolutions for its input and recurrent products (Shi et al., 2015),
/// with Keras's semantics. Inputs are (batch, time, channels, *spatial) channels-first, the default image layout, or
/// (batch, time, *spatial, channels) with <c>dataFormat: "channels_last"</c>; states and outputs are images of
/// <c>filters</c> channels in the same layout.
/// </summary>
public abstract class BaseConvLSTM : RNN
{
    // Under mixed policies ConvLSTM computes in float32: in bfloat16 it was 0.2 beyond the bfloat16 tolerance when
    // measured, before its convolutions went through OneDnnConvolution's channel padding.
    internal override MixedPrecision.AutocastMode AutocastMode => MixedPrecision.AutocastMode.Float32;

    private readonly ConvLSTMCell convCell;

    private protected BaseConvLSTM(int rank, long filters, Dims kernelSize, Dims strides, string padding, string? dataFormat, Dims dilationRate,
                                   ActivationFunction? activation, ActivationFunction? recurrentActivation, bool useBias,
                                   Initializer? kernelInitializer, Initializer? recurrentInitializer, Initializer? biasInitializer, bool unitForgetBias,
                                   Regularizer? kernelRegularizer, Regularizer? recurrentRegularizer, Regularizer? biasRegularizer,
                                   Constraint? kernelConstraint, Constraint? recurrentConstraint, Constraint? biasConstraint,
                                   double dropout, double recurrentDropout, int? seed, bool returnSequences, bool returnState,
                                   bool goBackwards, bool stateful, string? name, bool trainable, string layer)
        : base(new ConvLSTMCell(layer, rank, filters, kernelSize, strides, padding, dataFormat, dilationRate, activation, recurrentActivation, useBias,
                                kernelInitializer, recurrentInitializer, biasInitializer, unitForgetBias, kernelRegularizer, recurrentRegularizer,
                                biasRegularizer, kernelConstraint, recurrentConstraint, biasConstraint, dropout, recurrentDropout, seed,
                                name: null, trainable: trainable),
               returnSequences, returnState, goBackwards, stateful, name: name, trainable: trainable)
    {
        convCell = (ConvLSTMCell)Cell;
    }

    /// <summary>Spatial dimensions (1, 2 or 3).</summary>
    public int Rank => convCell.Rank;
    /// <summary>The channels of the output and of each state.</summary>
    public long Filters => convCell.Filters;
    /// <summary>Kernel size per spatial dimension (both convolutions).</summary>
    public IReadOnlyList<long> KernelSize => convCell.KernelSize;
    /// <summary>Strides of the input convolution per spatial dimension.</summary>
    public IReadOnlyList<long> Strides => convCell.Strides;
    /// <summary>"valid" or "same" for the input convolution (the recurrent one is always "same").</summary>
    public string PaddingMode => convCell.PaddingMode;
    /// <summary>The layout of inputs, states and outputs.</summary>
    public ImageDataFormat Format => convCell.Format;
    /// <summary>Dilation of the input convolution per spatial dimension.</summary>
    public IReadOnlyList<long> DilationRate => convCell.DilationRate;
    /// <summary>The input kernel (4·filters, channels, *kernel size), once built.</summary>
    public Variable Kernel => convCell.Kernel ?? throw new InvalidOperationException($"{GetType().Name} '{Name}' is not built yet.");

    private int ChannelAxis => Format == ImageDataFormat.ChannelsFirst ? 2 : Rank + 2;

    private string Layout => DataFormats.Describe(Rank, Format).Replace("(batch, ", "(batch, time, ", StringComparison.Ordinal);

    /// <inheritdoc/>
    protected override void ValidateInput(TensorShape inputShape, int inputCount)
    {
        if (inputCount > 1 && inputShape.Rank == Rank + 2) return;
        if (inputShape.Rank != Rank + 3)
        {
            var fix = inputShape.Rank == Rank + 2
                ? $"A sequence needs a time axis after the batch (x.unsqueeze(1) for one step), and each step a channel axis ({(Format == ImageDataFormat.ChannelsFirst ? "channels first" : "channels last")})."
                : null;
            throw ShapeError($"input of rank {Rank + 3} {Layout}", inputShape, fix);
        }
        if (inputShape[ChannelAxis] is not { } channels) throw ShapeError($"a known number of channels {Layout}", inputShape);
        if (convCell.Kernel is { } k && channels != k.Shape[1])
            throw ShapeError($"{k.Shape[1]} channels {Layout} (it was built for them)", inputShape,
                Format == ImageDataFormat.ChannelsFirst ? "If the channels are on the last axis, pass dataFormat: \"channels_last\"." : null);
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = LayerConfig();
        config["filters"] = Filters;
        config["kernel_size"] = KernelSize.ToArray();
        config["strides"] = Strides.ToArray();
        config["padding"] = PaddingMode;
        config["data_format"] = DataFormats.Name(Format);
        config["dilation_rate"] = DilationRate.ToArray();
        config["activation"] = convCell.Activation.Name;
        config["recurrent_activation"] = convCell.RecurrentActivation.Name;
        config["use_bias"] = convCell.UseBias;
        WeightOptions.Write(config, convCell.Options, c => c["unit_forget_bias"] = convCell.UnitForgetBias);
        config["dropout"] = convCell.Dropout;
        config["recurrent_dropout"] = convCell.RecurrentDropout;
        config["seed"] = convCell.Seed;
        config["return_sequences"] = ReturnSequences;
        config["return_state"] = ReturnState;
        config["go_backwards"] = GoBackwards;
        config["stateful"] = Stateful;
        return config;
    }
}
