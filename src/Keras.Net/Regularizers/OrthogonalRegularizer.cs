namespace KerasNet.Regularizers;

/// <summary>
/// Pushes the rows (or columns) of a 2-D weight towards orthogonality: factor × the mean, over pairs, of
/// |cosine similarity| of two distinct L2-normalized rows (columns with <c>mode: "columns"</c>), halved as Keras does.
/// Keras defaults: factor 0.01, rows.
/// </summary>
public sealed class OrthogonalRegularizer : Regularizer
{
    /// <summary>Creates the regularizer.</summary>
    public OrthogonalRegularizer(double factor = 0.01, string mode = "rows")
    {
        Factor = CheckFactor(factor, nameof(factor));
        Mode = mode is "rows" or "columns" ? mode : throw new ArgumentException($"OrthogonalRegularizer: mode '{mode}' is not supported; expected 'rows' or 'columns'.", nameof(mode));
    }

    /// <summary>The factor.</summary>
    public double Factor { get; }
    /// <summary>"rows" or "columns".</summary>
    public string Mode { get; }

    /// <inheritdoc/>
    public override Tensor Call(Tensor weight)
    {
        ArgumentNullException.ThrowIfNull(weight);
        if (weight.dim() != 2)
            throw new ArgumentException($"OrthogonalRegularizer applies to 2-D weights only; received shape {Shape.Format(weight.shape)}.", nameof(weight));
        using var scope = torch.NewDisposeScope();
        var rows = Mode == "rows" ? weight : weight.t();
        var size = rows.size(0);
        if (size < 2) return torch.zeros(Array.Empty<long>(), weight.dtype, weight.device).MoveToOuterDisposeScope();
        var normalized = rows / rows.square().sum(1, keepdim: true).clamp(min: 1e-12).sqrt();
        var product = normalized.matmul(normalized.t()) * (1.0 - torch.eye(size, dtype: weight.dtype, device: weight.device));
        var pairs = size * (size - 1) / 2.0;
        return (product.abs().sum() * (Factor * 0.5 / pairs)).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => new() { ["factor"] = Factor, ["mode"] = Mode };
}
