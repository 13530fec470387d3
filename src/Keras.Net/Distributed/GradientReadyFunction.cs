using static TorchSharp.torch.autograd;

namespace KerasNet.Distributed;

/// <summary>
/// The identity on a weight, recorded by autograd (TorchSharp's custom autograd function, standing in for the gradient
/// hooks TorchSharp lacks): its backward receives the weight's whole gradient of the step before the weight's own
/// accumulation node runs, and hands it to <see cref="OverlappedGradients"/>, which starts a bucket's all-reduce as
/// soon as the bucket is complete, while the rest of backward goes on.
/// </summary>
internal sealed class GradientReadyFunction : SingleTensorFunction<GradientReadyFunction>
{
    private const string SlotKey = "slot";

    /// <inheritdoc/>
    public override string Name => "GradientReady";

    /// <summary><paramref name="weight"/> through the identity that reports its gradient to <paramref name="owner"/> as variable <paramref name="index"/>.</summary>
    internal static Tensor Wrap(Tensor weight, OverlappedGradients owner, int index) => apply(weight, new Slot(owner, index));

    /// <inheritdoc/>
    public override Tensor forward(AutogradContext ctx, params object[] vars)
    {
        ctx.save_data(SlotKey, vars[1]);
        return ((Tensor)vars[0]).alias();
    }

    /// <inheritdoc/>
    public override List<Tensor> backward(AutogradContext ctx, Tensor grad_output)
    {
        var slot = (Slot)ctx.get_data(SlotKey);
        slot.Owner.Arrived(slot.Index, grad_output);
        return [grad_output.alias(), null!];
    }

    private sealed record Slot(OverlappedGradients Owner, int Index);
}
