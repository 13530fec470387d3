using KerasNet.Activations;
using KerasNet.Constraints;
using KerasNet.Initializers;
using KerasNet.Regularizers;

namespace KerasNet.Layers;

/// <summary>
/// A 1-D convolutional LSTM over sequences of 1-D signals: (batch, time, channels, steps) channels-first, (batch, time, steps, channels) channels-last; see <see cref="BaseConvLSTM"/>.
/// </summary>
public sealed class ConvLSTM1D : BaseConvLSTM
{
    /// <summary>Creates the layer.</summary>
    /// <param name="filters">The channels of the output and of the states.</param>
    /// <param name="kernelSize">The convolution window (one size, or one per spatial axis).</param>
    /// <param name="strides">The input convolution's strides (1).</param>
    /// <param name="padding">"valid" (default) or "same" for the input convolution.</param>
    /// <param name="dataFormat">"channels_first" or "channels_last"; null for <see cref="Config.ImageDataFormat"/>.</param>
    /// <param name="dilationRate">The input convolution's dilation (1).</param>
    /// <param name="activation">The cell and output activation (tanh).</param>
    /// <param name="recurrentActivation">The gates' activation (sigmoid).</param>
    /// <param name="useBias">Whether to add a bias.</param>
    /// <param name="kernelInitializer">The input kernel's initializer (glorot_uniform).</param>
    /// <param name="recurrentInitializer">The recurrent kernel's initializer (orthogonal).</param>
    /// <param name="biasInitializer">The bias's initializer (zeros).</param>
    /// <param name="unitForgetBias">Initialize the forget gate's bias to ones (Keras's default).</param>
    /// <param name="kernelRegularizer">The input kernel's regularizer.</param>
    /// <param name="recurrentRegularizer">The recurrent kernel's regularizer.</param>
    /// <param name="biasRegularizer">The bias's regularizer.</param>
    /// <param name="kernelConstraint">The input kernel's constraint.</param>
    /// <param name="recurrentConstraint">The recurrent kernel's constraint.</param>
    /// <param name="biasConstraint">The bias's constraint.</param>
    /// <param name="dropout">Fraction of the inputs dropped in training (one mask per sequence).</param>
    /// <param name="recurrentDropout">Fraction of the recurrent state dropped in training (one mask per sequence).</param>
    /// <param name="seed">Seed of the dropout masks.</param>
    /// <param name="returnSequences">Return every step's output.</param>
    /// <param name="returnState">Also return the final h and c.</param>
    /// <param name="goBackwards">Process the sequence backwards.</param>
    /// <param name="stateful">Carry the final states to the next batch.</param>
    /// <param name="name">The layer's name.</param>
    /// <param name="trainable">Whether the weights are trained.</param>
    public ConvLSTM1D(long filters, Dims kernelSize, Dims strides = default, string padding = "valid", string? dataFormat = null,
                      Dims dilationRate = default, ActivationFunction? activation = null, ActivationFunction? recurrentActivation = null,
                      bool useBias = true, Initializer? kernelInitializer = null, Initializer? recurrentInitializer = null,
                      Initializer? biasInitializer = null, bool unitForgetBias = true, Regularizer? kernelRegularizer = null,
                      Regularizer? recurrentRegularizer = null, Regularizer? biasRegularizer = null, Constraint? kernelConstraint = null,
                      Constraint? recurrentConstraint = null, Constraint? biasConstraint = null, double dropout = 0.0,
                      double recurrentDropout = 0.0, int? seed = null, bool returnSequences = false, bool returnState = false,
                      bool goBackwards = false, bool stateful = false, string? name = null, bool trainable = true)
        : base(1, filters, kernelSize, strides, padding, dataFormat, dilationRate, activation, recurrentActivation, useBias,
               kernelInitializer, recurrentInitializer, biasInitializer, unitForgetBias, kernelRegularizer, recurrentRegularizer,
               biasRegularizer, kernelConstraint, recurrentConstraint, biasConstraint, dropout, recurrentDropout, seed,
               returnSequences, returnState, goBackwards, stateful, name, trainable, nameof(ConvLSTM1D))
    {
    }
}
