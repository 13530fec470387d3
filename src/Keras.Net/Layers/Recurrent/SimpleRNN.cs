using KerasNet.Activations;
using KerasNet.Constraints;
using KerasNet.Initializers;
using KerasNet.Regularizers;

namespace KerasNet.Layers;

/// <summary>A fully connected recurrent layer: <c>h = activation(x · kernel + h · recurrent_kernel + bias)</c>, as Keras's SimpleRNN.</summary>
public sealed class SimpleRNN : BaseRNN
{
    /// <summary>Creates the layer.</summary>
    /// <param name="units">The size of the output and of the state.</param>
    /// <param name="activation">The activation (tanh; tanh and relu run on the fused kernel).</param>
    /// <param name="useBias">Whether to add a bias.</param>
    /// <param name="kernelInitializer">The input kernel's initializer (glorot_uniform).</param>
    /// <param name="recurrentInitializer">The recurrent kernel's initializer (orthogonal).</param>
    /// <param name="biasInitializer">The bias's initializer (zeros).</param>
    /// <param name="kernelRegularizer">The input kernel's regularizer.</param>
    /// <param name="recurrentRegularizer">The recurrent kernel's regularizer.</param>
    /// <param name="biasRegularizer">The bias's regularizer.</param>
    /// <param name="kernelConstraint">The input kernel's constraint.</param>
    /// <param name="recurrentConstraint">The recurrent kernel's constraint.</param>
    /// <param name="biasConstraint">The bias's constraint.</param>
    /// <param name="dropout">Fraction of the inputs dropped in training.</param>
    /// <param name="recurrentDropout">Fraction of the recurrent state dropped in training.</param>
    /// <param name="seed">Seed of the dropout masks.</param>
    /// <param name="returnSequences">Return every step's output.</param>
    /// <param name="returnState">Also return the final state.</param>
    /// <param name="goBackwards">Process the sequence backwards.</param>
    /// <param name="stateful">Carry the final state to the next batch.</param>
    /// <param name="name">The layer's name.</param>
    /// <param name="trainable">Whether the weights are trained.</param>
    public SimpleRNN(long units, ActivationFunction? activation = null, bool useBias = true,
                     Initializer? kernelInitializer = null, Initializer? recurrentInitializer = null, Initializer? biasInitializer = null,
                     Regularizer? kernelRegularizer = null, Regularizer? recurrentRegularizer = null, Regularizer? biasRegularizer = null,
                     Constraint? kernelConstraint = null, Constraint? recurrentConstraint = null, Constraint? biasConstraint = null,
                     double dropout = 0.0, double recurrentDropout = 0.0, int? seed = null,
                     bool returnSequences = false, bool returnState = false, bool goBackwards = false, bool stateful = false,
                     string? name = null, bool trainable = true)
        : base(units, gates: 1, stateCount: 1, activation: activation, recurrentActivation: null, useBias: useBias,
               kernelInitializer: kernelInitializer, recurrentInitializer: recurrentInitializer, biasInitializer: biasInitializer,
               kernelRegularizer: kernelRegularizer, recurrentRegularizer: recurrentRegularizer, biasRegularizer: biasRegularizer,
               kernelConstraint: kernelConstraint, recurrentConstraint: recurrentConstraint, biasConstraint: biasConstraint,
               dropout: dropout, recurrentDropout: recurrentDropout, returnSequences: returnSequences, returnState: returnState,
               goBackwards: goBackwards, stateful: stateful, seed: seed, name: name, trainable: trainable)
    {
    }

    /// <inheritdoc/>
    protected override bool FusedAvailable => Activation.Name is "tanh" or "relu";

    /// <inheritdoc/>
    protected override (Tensor Sequence, Tensor[] States) RunFused(Tensor x, Tensor[]? initialStates)
    {
        var parameters = Bias is null
            ? new[] { Kernel.Value.t(), RecurrentKernel.Value.t() }
            : new[] { Kernel.Value.t(), RecurrentKernel.Value.t(), Bias.Value, ZeroBias(Units, x) };
        var h0 = initialStates?[0].unsqueeze(0);
        var (output, h) = RecurrentKernels.Rnn(x, h0, parameters, hasBiases: Bias is not null, relu: Activation.Name == "relu");
        return (output, new[] { h.squeeze(0) });
    }

    /// <inheritdoc/>
    protected override Tensor ProjectInputs(Tensor x)
    {
        var projected = x.matmul(Kernel.Value);
        return Bias is null ? projected : projected.add_(Bias.Value);
    }

    /// <inheritdoc/>
    protected override Tensor[] Step(Tensor projected, Tensor[] states, Tensor? recurrentMask)
    {
        var h = recurrentMask is null ? states[0] : states[0] * recurrentMask;
        return new[] { Activation.Call(projected.addmm(h, RecurrentKernel.Value)) };
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => RecurrentConfig();
}
