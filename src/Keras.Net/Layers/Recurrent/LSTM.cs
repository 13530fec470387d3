using KerasNet.Activations;
using KerasNet.Constraints;
using KerasNet.Initializers;
using KerasNet.Regularizers;

namespace KerasNet.Layers;

/// <summary>
/// Long short-term memory (Hochreiter and Schmidhuber, 1997), with Keras's semantics and weight layout: gates in the
/// order input, forget, cell, output (PyTorch's order too), one bias of 4·units. States: h and c.
/// </summary>
public sealed class LSTM : BaseRNN
{
    /// <summary>Creates the layer.</summary>
    /// <param name="units">The size of the output and of the states.</param>
    /// <param name="activation">The cell and output activation (tanh).</param>
    /// <param name="recurrentActivation">The gates' activation (sigmoid).</param>
    /// <param name="useBias">Whether to add a bias.</param>
    /// <param name="kernelInitializer">The input kernel's initializer (glorot_uniform).</param>
    /// <param name="recurrentInitializer">The recurrent kernel's initializer (orthogonal).</param>
    /// <param name="biasInitializer">The bias's initializer (zeros).</param>
    /// <param name="unitForgetBias">Initialize the forget gate's bias to ones (Jozefowicz et al., 2015), as Keras does by default.</param>
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
    /// <param name="returnState">Also return the final h and c.</param>
    /// <param name="goBackwards">Process the sequence backwards.</param>
    /// <param name="stateful">Carry the final states to the next batch.</param>
    /// <param name="name">The layer's name.</param>
    /// <param name="trainable">Whether the weights are trained.</param>
    public LSTM(long units, ActivationFunction? activation = null, ActivationFunction? recurrentActivation = null, bool useBias = true,
                Initializer? kernelInitializer = null, Initializer? recurrentInitializer = null, Initializer? biasInitializer = null,
                bool unitForgetBias = true, Regularizer? kernelRegularizer = null, Regularizer? recurrentRegularizer = null,
                Regularizer? biasRegularizer = null, Constraint? kernelConstraint = null, Constraint? recurrentConstraint = null,
                Constraint? biasConstraint = null, double dropout = 0.0, double recurrentDropout = 0.0, int? seed = null,
                bool returnSequences = false, bool returnState = false, bool goBackwards = false, bool stateful = false,
                string? name = null, bool trainable = true)
        : base(units, gates: 4, stateCount: 2, activation: activation, recurrentActivation: recurrentActivation, useBias: useBias,
               kernelInitializer: kernelInitializer, recurrentInitializer: recurrentInitializer, biasInitializer: biasInitializer,
               kernelRegularizer: kernelRegularizer, recurrentRegularizer: recurrentRegularizer, biasRegularizer: biasRegularizer,
               kernelConstraint: kernelConstraint, recurrentConstraint: recurrentConstraint, biasConstraint: biasConstraint,
               dropout: dropout, recurrentDropout: recurrentDropout, returnSequences: returnSequences, returnState: returnState,
               goBackwards: goBackwards, stateful: stateful, seed: seed, name: name, trainable: trainable)
    {
        UnitForgetBias = unitForgetBias;
    }

    /// <summary>Whether the forget gate's bias starts at one.</summary>
    public bool UnitForgetBias { get; }

    /// <inheritdoc/>
    protected override void OnWeightsCreated()
    {
        if (!UnitForgetBias || Bias is null) return;
        using var noGrad = torch.no_grad();
        using var forget = Bias.Value.narrow(0, Units, Units);
        forget.fill_(1.0);
    }

    /// <inheritdoc/>
    protected override bool FusedAvailable => Activation.Name == "tanh" && RecurrentActivation.Name == "sigmoid";

    /// <inheritdoc/>
    protected override (Tensor Sequence, Tensor[] States) RunFused(Tensor x, Tensor[]? initialStates)
    {
        // Keras's kernel (features, 4u) is PyTorch's w_ih (4u, features) transposed, gates in the same order: a view, no copy.
        var parameters = Bias is null
            ? new[] { Kernel.Value.t(), RecurrentKernel.Value.t() }
            : new[] { Kernel.Value.t(), RecurrentKernel.Value.t(), Bias.Value, ZeroBias(4 * Units, x) };
        (Tensor, Tensor)? hx = initialStates is null ? null : (initialStates[0].unsqueeze(0), initialStates[1].unsqueeze(0));
        if (torch.is_grad_enabled())
        {
            var (output, h, c) = RecurrentKernels.Lstm(x, hx, parameters, hasBiases: Bias is not null);
            return (output, new[] { h.squeeze(0), c.squeeze(0) });
        }
        // Without autograd libtorch 2.10's CPU LSTM takes another kernel, whose outputs were measured 5e-3 to 0.5 away
        // from the step loop and from ONNX Runtime (the autograd path matches both, and PyTorch): inference runs the
        // autograd path and drops the graph.
        using (torch.enable_grad())
        {
            var (output, h, c) = RecurrentKernels.Lstm(x, hx, parameters, hasBiases: Bias is not null);
            return (output.detach(), new[] { h.squeeze(0).detach(), c.squeeze(0).detach() });
        }
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
        var (hNext, c) = RecurrentMath.Lstm(projected.addmm(h, RecurrentKernel.Value), states[1], Units, Activation, RecurrentActivation);
        return new[] { hNext, c };
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => RecurrentConfig(c => c["unit_forget_bias"] = UnitForgetBias);
}
