
namespace KerasNet.Training;

/// <summary>Turns Keras's <c>class_weight</c> into per-sample weights.</summary>
internal static class ClassWeights
{
    /// <summary>
    /// The weight of each sample's class (integer labels, or the arg-max of one-hot labels), times any given sample
    /// weights. Classes not in the map weigh 1.
    /// </summary>
    internal static Tensor ToSampleWeights(IReadOnlyDictionary<long, double> classWeight, Tensor y, Tensor? sampleWeight)
    {
        using var scope = torch.NewDisposeScope();
        var labels = y.dim() >= 2 && y.size(-1) > 1 ? y.argmax(-1) : y.reshape(y.size(0));
        labels = labels.to(ScalarType.Int64);
        var maxLabel = labels.numel() == 0 ? 0 : labels.max().item<long>();
        var size = Math.Max(maxLabel + 1, classWeight.Count == 0 ? 0 : classWeight.Keys.Max() + 1);
        var table = new float[size];
        Array.Fill(table, 1f);
        foreach (var (label, weight) in classWeight)
        {
            if (label < 0) throw new ArgumentException($"classWeight has a negative class {label}.", nameof(classWeight));
            table[label] = (float)weight;
        }
        var weights = torch.tensor(table).index_select(0, labels);
        if (sampleWeight is not null) weights = weights * sampleWeight.to(ScalarType.Float32);
        return weights.MoveToOuterDisposeScope();
    }
}
