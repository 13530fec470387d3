namespace KerasNet.Serialization;

/// <summary>One weight whose shape in a weights file differs from its shape in the model.</summary>
/// <param name="ModelPath">The model variable's path, e.g. <c>dense_1/kernel</c>.</param>
/// <param name="FileKey">The key of the tensor in the file it was matched with.</param>
/// <param name="ModelShape">The variable's shape.</param>
/// <param name="FileShape">The shape stored in the file.</param>
public sealed record WeightShapeMismatch(string ModelPath, string FileKey, long[] ModelShape, long[] FileShape)
{
    /// <inheritdoc/>
    public override string ToString() => ModelPath == FileKey
        ? $"{ModelPath}: model {Shape.Format(ModelShape)}, file {Shape.Format(FileShape)}"
        : $"{ModelPath}: model {Shape.Format(ModelShape)}, file '{FileKey}' {Shape.Format(FileShape)}";
}
