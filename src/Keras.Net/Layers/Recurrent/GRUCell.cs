using KerasNet.Activations;
using KerasNet.Constraints;
using KerasNet.Initializers;
using KerasNet.Regularizers;

namespace KerasNet.Layers;

/// <summary>
/// The cell of <see cref="GRU"/>, with the same weight layout (gates update z, reset r, candidate h; with
/// <c>resetAfter: true</c>, the default, a bias of (2, 3·units): input bias, recurrent bias);
/// <c>new RNN(new GRUCell(n))</c> computes what <c>new GRU(n)</c> does.
/// </summary>
public sealed class GRUCell : BaseRNNCell
{
    /// <summary>Creates the cell.</summary>
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
    /// <param name="resetAfter">Apply the reset gate after the recurrent product (Keras's default, PyTorch's form).</param>
    /// <param name="name">The cell's name.</param>
    /// <param name="trainable">Whether the weights are trained.</param>
    public GRUCell(long units, ActivationFunction? activation = null, ActivationFunction? recurrentActivation = null, bool useBias = true,
                   Initializer? kernelInitializer = null, Initializer? recurrentInitializer = null, Initializer? biasInitializer = null,
                   Regularizer? kernelRegularizer = null, Regularizer? recurrentRegularizer = null, Regularizer? biasRegularizer = null,
                   Constraint? kernelConstraint = null, Constraint? recurrentConstraint = null, Constraint? biasConstraint = null,
                   double dropout = 0.0, double recurrentDropout = 0.0, int? seed = null, bool resetAfter = true,
                   string? name = null, bool trainable = true)
        : base(units, 3, 1, activation, recurrentActivation, useBias, kernelInitializer, recurrentInitializer, biasInitializer,
               kernelRegularizer, recurrentRegularizer, biasRegularizer, kernelConstraint, recurrentConstraint, biasConstraint,
               dropout, recurrentDropout, seed, name, trainable)
    {
        ResetAfter = resetAfter;
    }

    /// <summary>Whether the reset gate applies after the recurrent product.</summary>
    public bool ResetAfter { get; }

    private protected override long[] BiasShape => ResetAfter ? new[] { 2, 3 * Units } : new[] { 3 * Units };

    private protected override Tensor[] CellStep(Tensor x, Tensor h, IReadOnlyList<Tensor> states)
    {
        var inputBias = Bias is null ? null : ResetAfter ? Bias.Value.select(0, 0) : Bias.Value;
        var projected = inputBias is null ? x.mm(Kernel.Value) : inputBias.addmm(x, Kernel.Value);
        var recurrentBias = ResetAfter && Bias is not null ? Bias.Value.select(0, 1) : null;
        return new[] { RecurrentMath.Gru(projected, states[0], h, RecurrentKernel.Value, recurrentBias, ResetAfter, Units, Activation, RecurrentActivation) };
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = CellConfig();
        config["reset_after"] = ResetAfter;
        return config;
    }
}
