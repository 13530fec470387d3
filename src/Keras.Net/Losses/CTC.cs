namespace KerasNet.Losses;

/// <summary>
/// Connectionist temporal classification loss (Graves et al., 2006), as Keras's <c>CTC</c>: targets are integer labels
/// of shape (batch, max_label_length) padded with 0, which is also the blank class (so real classes start at 1);
/// predictions are unnormalized logits of shape (batch, time steps, classes), every sample using all time steps.
/// Per-sample values are the negative log-likelihoods of the label sequences (libtorch's <c>ctc_loss</c> after a log
/// softmax); an impossible alignment (a label longer than the time steps allow) gives +∞, as in Keras.
/// </summary>
public sealed class CTC : Loss
{
    /// <summary>Creates the loss.</summary>
    public CTC(Reduction reduction = Reduction.SumOverBatchSize, string name = "ctc") : base(name, reduction) { }

    /// <inheritdoc/>
    public override Tensor Call(Tensor yTrue, Tensor yPred)
    {
        ArgumentNullException.ThrowIfNull(yTrue);
        ArgumentNullException.ThrowIfNull(yPred);
        if (yTrue.dim() != 2)
            throw new ArgumentException($"CTC: y_true must be integer labels of shape (batch, max_length); received shape {Shape.Format(yTrue.shape)}.", nameof(yTrue));
        if (yPred.dim() != 3)
            throw new ArgumentException($"CTC: y_pred must be logits of shape (batch, time steps, classes); received shape {Shape.Format(yPred.shape)}.", nameof(yPred));
        if (yTrue.size(0) != yPred.size(0))
            throw new ArgumentException($"CTC: y_true has {yTrue.size(0)} samples but y_pred has {yPred.size(0)}; they must match.", nameof(yTrue));
        if (yTrue.is_floating_point() || yTrue.dtype == ScalarType.Bool)
            throw new ArgumentException($"CTC: y_true must hold integer labels; received {yTrue.dtype}. Convert it with .to(ScalarType.Int64).", nameof(yTrue));
        using var scope = torch.NewDisposeScope();
        var logits = yPred.is_floating_point() && yPred.dtype != ScalarType.Float16 && yPred.dtype != ScalarType.BFloat16 ? yPred : yPred.to(ScalarType.Float32);
        using (var anyBad = yTrue.lt(0).logical_or(yTrue.ge(yPred.size(2))).any())
            if (anyBad.item<bool>())
                throw new ArgumentException($"CTC: labels must be in [0, {yPred.size(2) - 1}] (0 is the blank/padding); y_true holds values outside.", nameof(yTrue));
        var logProbs = F.log_softmax(logits, -1).transpose(0, 1);
        var targets = yTrue.to(ScalarType.Int64);
        var targetLengths = targets.ne(0).sum(dim: -1);
        var inputLengths = torch.full(new[] { yPred.size(0) }, yPred.size(1), ScalarType.Int64, device: yPred.device);
        var loss = F.ctc_loss(logProbs, targets, inputLengths, targetLengths, blank: 0, zero_infinity: false, reduction: torch.nn.Reduction.None);
        return loss.MoveToOuterDisposeScope();
    }
}
