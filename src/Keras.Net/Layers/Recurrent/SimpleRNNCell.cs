using KerasNet.Activations;
using KerasNet.Constraints;
using KerasNet.Initializers;
using KerasNet.Regularizers;

namespace KerasNet.Layers;

/// <summary>
/// The cell of <see cref="SimpleRNN"/>: <c>h = activation(x · kernel + h · recurrent_kernel + bias)</c>, with the same
/// weights; <c>new RNN(new SimpleRNNCell(n))</c> computes what <c>new SimpleRNN(n)</c> does.
/// </summary>
public sealed class SimpleRNNCell : BaseRNNCell
{
    /// <summary>Creates the cell.</summary>
    /// <param name="units">The size of the output and of the state.</param>
    /// <param name="activation">The activation (tanh).</param>
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
    /// <param name="name">The cell's name.</param>
    /// <param name="trainable">Whether the weights are trained.</param>
    public SimpleRNNCell(long units, ActivationFunction? activation = null, bool useBias = true,
                         Initializer? kernelInitializer = null, Initializer? recurrentInitializer = null, Initializer? biasInitializer = null,
                         Regularizer? kernelRegularizer = null, Regularizer? recurrentRegularizer = null, Regularizer? biasRegularizer = null,
                         Constraint? kernelConstraint = null, Constraint? recurrentConstraint = null, Constraint? biasConstraint = null,
                         double dropout = 0.0, double recurrentDropout = 0.0, int? seed = null, string? name = null, bool trainable = true)
        : base(units, 1, 1, activation, null, useBias, kernelInitializer, recurrentInitializer, biasInitializer,
               kernelRegularizer, recurrentRegularizer, biasRegularizer, kernelConstraint, recurrentConstraint, biasConstraint,
               dropout, recurrentDropout, seed, name, trainable)
    {
    }

    private protected override Tensor[] CellStep(Tensor x, Tensor h, IReadOnlyList<Tensor> states)
    {
        var projected = Bias is null ? x.mm(Kernel.Value) : Bias.Value.addmm(x, Kernel.Value);
        return new[] { Activation.Call(projected.addmm(h, RecurrentKernel.Value)) };
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => CellConfig();
}
