using Linear = TorchSharp.Modules.Linear;
using BatchNorm1d = TorchSharp.Modules.BatchNorm1d;

namespace KerasNet.Tests.Interop;

/// <summary>A hand-written TorchSharp block: Linear → BatchNorm1d → ReLU (parameters and buffers, a training mode).</summary>
internal sealed class TinyBlock : torch.nn.Module<Tensor, Tensor>
{
    private readonly Linear linear;
    private readonly BatchNorm1d norm;

    public TinyBlock(long inFeatures = 4, long outFeatures = 6) : base(nameof(TinyBlock))
    {
        linear = torch.nn.Linear(inFeatures, outFeatures);
        norm = torch.nn.BatchNorm1d(outFeatures);
        RegisterComponents();
    }

    public Linear Linear => linear;

    public BatchNorm1d Norm => norm;

    public override Tensor forward(Tensor input) => torch.nn.functional.relu(norm.call(linear.call(input)));
}
