using KerasNet.Activations;
using KerasNet.Constraints;
using KerasNet.Initializers;
using KerasNet.Regularizers;

namespace KerasNet.Layers;

/// <summary>
/// The cell of <see cref="LSTM"/>, with the same weight layout (gates input, forget, cell, output; one bias of
/// 4·units) and states h and c; <c>new RNN(new LSTMCell(n))</c> computes what <c>new LSTM(n)</c> does.
/// </summary>
public sealed class LSTMCell : BaseRNNCell
{
    /// <summary>Creates the cell.</summary>
    /// <param name="units">The size of the output and of the states.</param>
    /// <param name="activation">The cell and output activation (tanh).</param>
    /// <param name="recurrentActivation">The gates' activation (sigmoid).</param>
    /// <param name="useBias">Whether to add a bias.</param>
    /// <param name="kernelInitializer">The input kernel's initializer (glorot_uniform).</param>
    /// <param name="recurrentInitializer">The recurrent kernel's initializer (orthogonal).</param>
    /// <param name="biasInitializer">The bias's initializer (zeros).</param>
    /// <param name="unitForgetBias">Initialize the forget gate's bias to ones, as Keras does by default.</param>
    /// <param name="kernelRegularizer">The input kernel's regularizer.</param>
    /// <param name="recurrentRegularizer">The recurrent kernel's regularizer.</param>
    /// <param name="biasRegularizer">The bias's regularizer.</param>
    /// <param name="kernelConstraint">The input kernel's constraint.</param>
    /// <param name="recurrentConstraint">The recurrent kernel's constraint.</param>
    /// <param name="biasConstraint">The bias's constraint.</param>
    /// <param name="dropout">Fraction of the inputs dropped in training.</param>
    /// <param name="recurrentDropout">Fraction of the recurrent state dropped in training.</param>
    /// <param name="seed">Seed of the dropout masks.</param>
    /// <param name="name">The cell's name.</param>
    /// <param name="trainable">Whether the weights are trained.</param>
    public LSTMCell(long units, ActivationFunction? activation = null, ActivationFunction? recurrentActivation = null, bool useBias = true,
                    Initializer? kernelInitializer = null, Initializer? recurrentInitializer = null, Initializer? biasInitializer = null,
                    bool unitForgetBias = true, Regularizer? kernelRegularizer = null, Regularizer? recurrentRegularizer = null,
                    Regularizer? biasRegularizer = null, Constraint? kernelConstraint = null, Constraint? recurrentConstraint = null,
                    Constraint? biasConstraint = null, double dropout = 0.0, double recurrentDropout = 0.0, int? seed = null,
                    string? name = null, bool trainable = true)
        : base(units, 4, 2, activation, recurrentActivation, useBias, kernelInitializer, recurrentInitializer, biasInitializer,
               kernelRegularizer, recurrentRegularizer, biasRegularizer, kernelConstraint, recurrentConstraint, biasConstraint,
               dropout, recurrentDropout, seed, name, trainable)
    {
        UnitForgetBias = unitForgetBias;
    }

    /// <summary>Whether the forget gate's bias starts at one.</summary>
    public bool UnitForgetBias { get; }

    private protected override void OnWeightsCreated()
    {
        if (!UnitForgetBias || Bias is null) return;
        using var noGrad = torch.no_grad();
        using var forget = Bias.Value.narrow(0, Units, Units);
        forget.fill_(1.0);
    }

    private protected override Tensor[] CellStep(Tensor x, Tensor h, IReadOnlyList<Tensor> states)
    {
        var projected = Bias is null ? x.mm(Kernel.Value) : Bias.Value.addmm(x, Kernel.Value);
        var (hNext, c) = RecurrentMath.Lstm(projected.addmm(h, RecurrentKernel.Value), states[1], Units, Activation, RecurrentActivation);
        return new[] { hNext, c };
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => CellConfig(c => c["unit_forget_bias"] = UnitForgetBias);
}
