using System.Runtime.CompilerServices;
using KerasNet.Data.Transforms;

namespace KerasNet.Data;

/// <summary>The result of <c>ImageDatasets.ImageDatasetFromDirectory</c>: batches for Fit/Evaluate/Predict, with the class names and files.</summary>
public sealed class ImageDirectoryData : IDataSource
{
    internal ImageDirectoryData(ImageFileDataset dataset, DataLoader loader, IReadOnlyList<string> classNames, IReadOnlyList<long> labels)
    {
        Dataset = dataset;
        Loader = loader;
        ClassNames = classNames;
        Labels = labels;
    }

    /// <summary>The class names, in label order (empty without labels; "0", "1"... up to the largest label with an explicit label list).</summary>
    public IReadOnlyList<string> ClassNames { get; }
    /// <summary>The files of this subset, in dataset order.</summary>
    public IReadOnlyList<string> FilePaths => Dataset.Paths;
    /// <summary>Each file's class index (empty without labels).</summary>
    public IReadOnlyList<long> Labels { get; }
    /// <summary>The underlying dataset.</summary>
    public ImageFileDataset Dataset { get; }
    /// <summary>The loader that batches it.</summary>
    public DataLoader Loader { get; }

    /// <inheritdoc/>
    public int? BatchCount => Loader.BatchCount;

    /// <inheritdoc/>
    public IEnumerable<Batch> GetBatches(int epoch) => Loader.GetBatches(epoch);
}
