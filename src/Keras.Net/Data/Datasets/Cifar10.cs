
namespace KerasNet.Datasets;

/// <summary>
/// CIFAR-10 (Krizhevsky, 2009): 50,000 training and 10,000 test colour images of 32 x 32 pixels in 10 classes,
/// read from the binary version of the data set.
/// </summary>
public static class Cifar10
{
    /// <summary>The folder name under the cache and the repository's <c>datasets/</c> folder.</summary>
    public const string Name = "cifar-10";

    /// <summary>The archive as published.</summary>
    public const string ArchiveName = "cifar-10-binary.tar.gz";

    /// <summary>The folder the archive extracts to.</summary>
    public const string BatchFolder = "cifar-10-batches-bin";

    /// <summary>The class names, indexed by label.</summary>
    public static IReadOnlyList<string> ClassNames { get; } = new[]
    {
        "airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck",
    };

    internal static readonly string[] BatchFiles =
    {
        "data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin", "test_batch.bin",
    };

    internal static readonly CifarFormat.Layout Layout = new("CIFAR-10", new[] { "label" }, new[] { 10 });

    // 170,052,171 bytes; MD5 c32a1d4ab5d03f1284b67883e8d87530 as published on the data set's page.
    internal static DatasetSpec Spec { get; } = CifarFormat.Spec(Name, "CIFAR-10", ArchiveName,
        "c4a38c50a1bc5f3a1c5537f2155ab9d68f9f25eb1ed8d9ddda3db29a59bca1dd", BatchFolder, BatchFiles);

    /// <summary>
    /// Loads CIFAR-10 as Keras does: <c>var ((xTrain, yTrain), (xTest, yTest)) = Cifar10.LoadData();</c>. Images are
    /// uint8 tensors, (N, 3, 32, 32) channels-first or (N, 32, 32, 3) channels-last; labels are int64 of shape (N).
    /// </summary>
    /// <param name="path">
    /// A folder holding <c>cifar-10-binary.tar.gz</c> or its extracted folder <c>cifar-10-batches-bin</c> (or the
    /// batch files themselves). Searched first; when the files are nowhere they are downloaded into it and an
    /// archive is extracted into it. Then searched: <c>$KERAS_NET_HOME/datasets/cifar-10</c> (default
    /// <c>~/.keras-net/datasets/cifar-10</c>) and the repository's <c>datasets/cifar-10</c> folder.
    /// </param>
    /// <param name="dataFormat">The image layout; null for <see cref="Config.ImageDataFormat"/>.</param>
    /// <exception cref="DatasetNotFoundException">The files are nowhere and could not be downloaded (or <c>KERAS_NET_OFFLINE=1</c>).</exception>
    /// <exception cref="DatasetFormatException">A batch file or the archive is truncated, corrupt or of another format.</exception>
    public static ((Tensor x, Tensor y) train, (Tensor x, Tensor y) test) LoadData(string? path = null, ImageDataFormat? dataFormat = null) =>
        LoadData(path, dataFormat, DatasetSources.FromEnvironment());

    internal static ((Tensor x, Tensor y) train, (Tensor x, Tensor y) test) LoadData(string? path, ImageDataFormat? dataFormat, DatasetSources sources)
        => CifarFormat.Load(Spec, BatchFolder, BatchFiles, ArchiveName, Layout, labelIndex: 0, path, dataFormat, sources);
}
