using KerasNet.Activations;
using KerasNet.Constraints;
using KerasNet.Initializers;
using KerasNet.Regularizers;

namespace KerasNet.Layers;

/// <summary>
/// Gated recurrent unit (Cho et al., 2014) with Keras's semantics and weight layout: gates in the order update (z),
/// reset (r), candidate (h). With <c>resetAfter: true</c> (the default, and PyTorch's form) the reset gate applies
/// after the recurrent product and the bias is (2, 3·units): input bias, recurrent bias. With <c>resetAfter: false</c>
/// (the original form) it applies before, with one bias of 3·units.
/// </summary>
public sealed class GRU : BaseRNN
{
    /// <summary>Creates the layer.</summary>
    /// <param name="units">The size of the output and of the state.</param>
    /// <param name="activation">The candidate's activation (tanh).</param>
    /// <param name="recurrentActivation">The gates' activation (sigmoid).</param>
    /// <param name="useBias">Whether to add biases.</param>
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
    /// <param name="resetAfter">Apply the reset gate after the recurrent product (Keras's default, PyTorch's form).</param>
    /// <param name="name">The layer's name.</param>
    /// <param name="trainable">Whether the weights are trained.</param>
    public GRU(long units, ActivationFunction? activation = null, ActivationFunction? recurrentActivation = null, bool useBias = true,
               Initializer? kernelInitializer = null, Initializer? recurrentInitializer = null, Initializer? biasInitializer = null,
               Regularizer? kernelRegularizer = null, Regularizer? recurrentRegularizer = null, Regularizer? biasRegularizer = null,
               Constraint? kernelConstraint = null, Constraint? recurrentConstraint = null, Constraint? biasConstraint = null,
               double dropout = 0.0, double recurrentDropout = 0.0, int? seed = null,
               bool returnSequences = false, bool returnState = false, bool goBackwards = false, bool stateful = false,
               bool resetAfter = true, string? name = null, bool trainable = true)
        : base(units, gates: 3, stateCount: 1, activation: activation, recurrentActivation: recurrentActivation, useBias: useBias,
               kernelInitializer: kernelInitializer, recurrentInitializer: recurrentInitializer, biasInitializer: biasInitializer,
               kernelRegularizer: kernelRegularizer, recurrentRegularizer: recurrentRegularizer, biasRegularizer: biasRegularizer,
               kernelConstraint: kernelConstraint, recurrentConstraint: recurrentConstraint, biasConstraint: biasConstraint,
               dropout: dropout, recurrentDropout: recurrentDropout, returnSequences: returnSequences, returnState: returnState,
               goBackwards: goBackwards, stateful: stateful, seed: seed, name: name, trainable: trainable)
    {
        ResetAfter = resetAfter;
    }

    /// <summary>Whether the reset gate applies after the recurrent product.</summary>
    public bool ResetAfter { get; }

    /// <inheritdoc/>
    protected override long[] BiasShape => ResetAfter ? new[] { 2, 3 * Units } : new[] { 3 * Units };

    /// <inheritdoc/>
    protected override bool FusedAvailable => ResetAfter && Activation.Name == "tanh" && RecurrentActivation.Name == "sigmoid";

    /// <summary>Keras's (…, z|r|h) blocks along <paramref name="dim"/> in PyTorch's order r|z|n.</summary>
    private Tensor ToTorchOrder(Tensor weight, long dim)
    {
        var blocks = weight.split(Units, dim: (int)dim);
        return torch.cat(new[] { blocks[1], blocks[0], blocks[2] }, dim);
    }

    /// <inheritdoc/>
    protected override (Tensor Sequence, Tensor[] States) RunFused(Tensor x, Tensor[]? initialStates)
    {
        var wih = ToTorchOrder(Kernel.Value, 1).t();
        var whh = ToTorchOrder(RecurrentKernel.Value, 1).t();
        var parameters = Bias is null
            ? new[] { wih, whh }
            : new[] { wih, whh, ToTorchOrder(Bias.Value.select(0, 0), 0), ToTorchOrder(Bias.Value.select(0, 1), 0) };
        var (output, h) = RecurrentKernels.Gru(x, initialStates?[0].unsqueeze(0), parameters, hasBiases: Bias is not null);
        return (output, new[] { h.squeeze(0) });
    }

    /// <inheritdoc/>
    protected override Tensor ProjectInputs(Tensor x)
    {
        var projected = x.matmul(Kernel.Value);
        if (Bias is null) return projected;
        return projected.add_(ResetAfter ? Bias.Value.select(0, 0) : Bias.Value);
    }

    /// <inheritdoc/>
    protected override Tensor[] Step(Tensor projected, Tensor[] states, Tensor? recurrentMask)
    {
        var hPrev = states[0];
        var h = recurrentMask is null ? hPrev : hPrev * recurrentMask;
        var recurrentBias = ResetAfter && Bias is not null ? Bias.Value.select(0, 1) : null;
        return new[] { RecurrentMath.Gru(projected, hPrev, h, RecurrentKernel.Value, recurrentBias, ResetAfter, Units, Activation, RecurrentActivation) };
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = RecurrentConfig();
        config["reset_after"] = ResetAfter;
        return config;
    }
}
