namespace KerasNet.Saving;

/// <summary>A state_dict entry whose shape differs from the model weight it maps onto.</summary>
/// <param name="Key">The state_dict key (after the mapping's prefix and rename rules).</param>
/// <param name="ModelPath">The model weight's path, e.g. <c>layer1.0.conv1/kernel</c>.</param>
/// <param name="ModelShape">The shape the model expects, in PyTorch's layout (Dense kernels as (out, in)).</param>
/// <param name="FileShape">The shape in the file.</param>
public sealed record StateDictShapeMismatch(string Key, string ModelPath, long[] ModelShape, long[] FileShape)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Key} ({ModelPath}): model {Shape.Format(ModelShape)}, file {Shape.Format(FileShape)}";
}
