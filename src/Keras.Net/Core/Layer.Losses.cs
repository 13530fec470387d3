namespace KerasNet;

// Keras's add_loss and losses: a layer adds scalar penalties while it runs (activity regularization, a KL term of a
// variational autoencoder); the training loop adds every layer's penalties of the latest forward pass to the loss.
// The outermost call through CallWithChecks (Apply, a model's forward, the training steps) clears the penalties of
// the layer and all its sublayers first, so that they never accumulate across steps.
public abstract partial class Layer
{
    // How many CallWithChecks frames the current thread is inside: 0 means the next call is an outermost one.
    [ThreadStatic] private static int callDepth;

    private readonly List<Tensor> addedLosses = new();

    /// <summary>
    /// Adds a loss (Keras's <c>add_loss</c>), usually from <c>Call</c>: e.g. <c>AddLoss(0.01 * outputs.square().sum())</c>.
    /// Fit, TrainOnBatch, Evaluate and TestOnBatch add the sum of every added loss of the latest forward pass to the
    /// compiled loss (a tensor with several elements counts as their sum, as in Keras). The losses are cleared when
    /// the next outermost call of this layer or of a model containing it begins.
    /// </summary>
    /// <param name="loss">A floating-point tensor, normally a scalar; keep it attached to autograd so it trains.</param>
    /// <exception cref="ArgumentException"><paramref name="loss"/> is not a floating-point tensor.</exception>
    public void AddLoss(Tensor loss)
    {
        ArgumentNullException.ThrowIfNull(loss);
        if (!loss.is_floating_point())
            throw new ArgumentException(
                $"{GetType().Name} '{Name}': AddLoss expects a floating-point tensor (a scalar penalty); received dtype {loss.dtype} and shape " +
                $"{TensorShape.Of(loss.shape)}. Convert it first, e.g. loss.to_type(ScalarType.Float32).", nameof(loss));
        addedLosses.Add(loss);
    }

    /// <summary>
    /// The losses of the latest forward pass (Keras's <c>layer.losses</c>): those added by this layer and every
    /// sublayer through <see cref="AddLoss"/>, then the regularization penalty of each trainable weight that has a
    /// regularizer (computed now). The added losses belong to the forward pass that made them: after Fit or Evaluate
    /// their tensors have been freed with the batch, so read them right after an <see cref="Apply(Tensor, bool)"/>.
    /// </summary>
    public IReadOnlyList<Tensor> Losses
    {
        get
        {
            var losses = new List<Tensor>(AddedLosses);
            foreach (var variable in TrainableWeights)
                if (variable.Regularizer is not null) losses.Add(variable.Regularizer.Call(variable.Value));
            return losses;
        }
    }

    /// <summary>The losses added through <see cref="AddLoss"/> by this layer and its sublayers (each layer once).</summary>
    internal IReadOnlyList<Tensor> AddedLosses
    {
        get
        {
            var losses = new List<Tensor>();
            foreach (var layer in SelfAndSublayers()) losses.AddRange(layer.addedLosses);
            return losses;
        }
    }

    private List<Layer> SelfAndSublayers()
    {
        var seen = new HashSet<Layer>(ReferenceEqualityComparer.Instance) { this };
        var all = new List<Layer> { this };
        for (var i = 0; i < all.Count; i++)
            foreach (var layer in all[i].Layers)
                if (seen.Add(layer)) all.Add(layer);
        return all;
    }

    /// <summary>Marks the start of a call; an outermost call first clears the losses of this layer and its sublayers.</summary>
    private LossCallFrame EnterLossFrame()
    {
        if (callDepth == 0)
            foreach (var layer in SelfAndSublayers()) layer.addedLosses.Clear();
        callDepth++;
        return new LossCallFrame();
    }

    /// <summary>
    /// For a run that only probes shapes (on zeros, in a dispose scope): the losses it adds are dropped when the
    /// returned object is disposed, so that no layer keeps a freed tensor among its losses.
    /// </summary>
    private LossProbe ProbeLosses() => new(SelfAndSublayers().Select(l => (l, l.addedLosses.Count)).ToArray());

    private readonly struct LossProbe((Layer Layer, int Count)[] counts) : IDisposable
    {
        public void Dispose()
        {
            foreach (var (layer, count) in counts)
                if (layer.addedLosses.Count > count) layer.addedLosses.RemoveRange(count, layer.addedLosses.Count - count);
        }
    }

    private readonly struct LossCallFrame : IDisposable
    {
        public void Dispose() => callDepth--;
    }
}
