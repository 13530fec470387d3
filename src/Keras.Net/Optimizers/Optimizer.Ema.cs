namespace KerasNet.Optimizers;

// In-place exchanges between the weights and their moving average, for the SwapEMAWeights callback.
public abstract partial class Optimizer
{
    /// <summary>Whether the optimizer holds a moving average of the weights (UseEma and built).</summary>
    internal bool HasEmaWeights => emaValues is not null && parameters is not null;

    /// <summary>Exchanges the weights' values with their moving average's.</summary>
    internal void SwapEmaWeights()
    {
        if (!HasEmaWeights) return;
        using var noGrad = torch.no_grad();
        for (var i = 0; i < parameters!.Length; i++)
        {
            using var weights = parameters[i].detach().clone();
            parameters[i].copy_(emaValues![i]);
            emaValues[i].copy_(weights);
        }
    }

    /// <summary>Copies the weights into the moving average.</summary>
    internal void CopyWeightsIntoEma()
    {
        if (!HasEmaWeights) return;
        using var noGrad = torch.no_grad();
        for (var i = 0; i < parameters!.Length; i++) emaValues![i].copy_(parameters[i]);
    }
}
