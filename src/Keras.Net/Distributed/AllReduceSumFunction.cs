using KerasNet.TorchSupport.Mpi;
using static TorchSharp.torch.autograd;

namespace KerasNet.Distributed;

/// <summary>
/// The differentiable sum of a tensor over the processes (TorchSharp's custom autograd function): forward all-reduces
/// the values, backward all-reduces the incoming gradient, since every process's output depends on every process's
/// input. Synchronized BatchNormalization's global statistics go through it.
/// </summary>
internal sealed class AllReduceSumFunction : SingleTensorFunction<AllReduceSumFunction>
{
    private const string CollectivesKey = "collectives";

    /// <inheritdoc/>
    public override string Name => "AllReduceSum";

    /// <summary>
    /// False to pass the gradient through unreduced (a test switch: shows that synchronized BatchNormalization needs
    /// the backward all-reduce). Never false in normal use.
    /// </summary>
    internal static bool ReducesGradient { get; set; } = true;

    /// <summary>The sum of <paramref name="tensor"/> over <paramref name="collectives"/>' processes, recorded by autograd.</summary>
    internal static Tensor Sum(Tensor tensor, ITensorCollectives collectives) => apply(tensor, collectives);

    /// <inheritdoc/>
    public override Tensor forward(AutogradContext ctx, params object[] vars)
    {
        var collectives = (ITensorCollectives)vars[1];
        ctx.save_data(CollectivesKey, collectives);
        return Reduce((Tensor)vars[0], collectives);
    }

    /// <inheritdoc/>
    public override List<Tensor> backward(AutogradContext ctx, Tensor grad_output) =>
        [ReducesGradient ? Reduce(grad_output, (ITensorCollectives)ctx.get_data(CollectivesKey)) : grad_output.clone(), null!];

    private static Tensor Reduce(Tensor tensor, ITensorCollectives collectives)
    {
        var sum = tensor.contiguous().clone();
        collectives.WaitAll([collectives.StartAllReduce(sum, ReduceOperation.Sum)]);
        return sum;
    }
}
