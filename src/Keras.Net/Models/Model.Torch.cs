namespace KerasNet.Models;

public partial class Model
{
    /// <summary>
    /// This model as a TorchSharp <c>nn.Module&lt;Tensor, Tensor&gt;</c>, for code that expects a module (a plain
    /// TorchSharp training loop, <c>torch.optim</c>, a parent module). Its <c>parameters()</c> are this model's
    /// variables' Parameters (the same objects: training through the module trains this model), its <c>forward</c>
    /// runs this model (training mode after <c>train()</c>, inference after <c>eval()</c>), and its names are the
    /// weights' paths with dots (<c>dense_1.kernel</c>). See <see cref="KerasTorchModule"/>.
    /// </summary>
    /// <example>
    /// <code>
    /// var module = model.AsTorchModule();
    /// var optimizer = torch.optim.Adam(module.parameters(), lr: 1e-3);
    /// module.train();
    /// optimizer.zero_grad();
    /// var loss = torch.nn.functional.mse_loss(module.call(x), y);
    /// loss.backward();
    /// optimizer.step();
    /// </code>
    /// </example>
    /// <exception cref="InvalidOperationException">
    /// The model is not built (start it with <c>Keras.Input(...)</c> or call it on a batch first), or two weights
    /// have the same path.
    /// </exception>
    public KerasTorchModule AsTorchModule()
    {
        if (!Built && Weights.Count == 0)
            throw new InvalidOperationException(
                $"Model '{Name}' is not built, so it has no weights for a TorchSharp module to hold. Start it with Keras.Input(...) or call it on a batch first.");
        return new KerasTorchModule(this);
    }
}
