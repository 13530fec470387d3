
namespace KerasNet.Data;

/// <summary>One batch of a <see cref="TextDataset"/>: the texts and, unless the dataset has no labels, their label tensor.</summary>
/// <param name="Texts">The texts of the batch.</param>
/// <param name="Labels">int64 (batch) for label mode <c>"int"</c>, float32 (batch, classes) for <c>"categorical"</c>, float32 (batch, 1) for <c>"binary"</c>; null without labels.</param>
public sealed record TextBatch(IReadOnlyList<string> Texts, Tensor? Labels);
