
namespace KerasNet.Datasets;

/// <summary>
/// CIFAR-100 (Krizhevsky, 2009): 50,000 training and 10,000 test colour images of 32 x 32 pixels, each with a fine
/// label (100 classes) and a coarse label (20 superclasses), read from the binary version of the data set.
/// </summary>
public static class Cifar100
{
    /// <summary>The folder name under the cache and the repository's <c>datasets/</c> folder.</summary>
    public const string Name = "cifar-100";

    /// <summary>The archive as published.</summary>
    public const string ArchiveName = "cifar-100-binary.tar.gz";

    /// <summary>The folder the archive extracts to.</summary>
    public const string BatchFolder = "cifar-100-binary";

    internal static readonly string[] BatchFiles = { "train.bin", "test.bin" };

    // Each record: the coarse label byte, the fine label byte, then the pixels.
    internal static readonly CifarFormat.Layout Layout = new("CIFAR-100", new[] { "coarse label", "fine label" }, new[] { 20, 100 });

    // MD5 03b5dce01913d631647c71ecec9e9cb8 as published on the data set's page.
    internal static DatasetSpec Spec { get; } = CifarFormat.Spec(Name, "CIFAR-100", ArchiveName,
        "58a81ae192c23a4be8b1804d68e518ed807d710a4eb253b1f2a199162a40d8ec", BatchFolder, BatchFiles);

    /// <summary>
    /// Loads CIFAR-100 as Keras does: <c>var ((xTrain, yTrain), (xTest, yTest)) = Cifar100.LoadData("fine");</c>.
    /// Images are uint8 tensors, (N, 3, 32, 32) channels-first or (N, 32, 32, 3) channels-last; labels are int64 of
    /// shape (N): 0..99 for <c>"fine"</c>, 0..19 for <c>"coarse"</c>.
    /// </summary>
    /// <param name="labelMode"><c>"fine"</c> (100 classes, the default) or <c>"coarse"</c> (20 superclasses).</param>
    /// <param name="path">
    /// A folder holding <c>cifar-100-binary.tar.gz</c> or its extracted folder <c>cifar-100-binary</c> (or
    /// <c>train.bin</c> and <c>test.bin</c> themselves). Searched first; when the files are nowhere they are
    /// downloaded into it. Then searched: <c>$KERAS_NET_HOME/datasets/cifar-100</c> (default
    /// <c>~/.keras-net/datasets/cifar-100</c>) and the repository's <c>datasets/cifar-100</c> folder.
    /// </param>
    /// <param name="dataFormat">The image layout; null for <see cref="Config.ImageDataFormat"/>.</param>
    /// <exception cref="ArgumentException"><paramref name="labelMode"/> is neither "fine" nor "coarse".</exception>
    /// <exception cref="DatasetNotFoundException">The files are nowhere and could not be downloaded (or <c>KERAS_NET_OFFLINE=1</c>).</exception>
    /// <exception cref="DatasetFormatException">A batch file or the archive is truncated, corrupt or of another format.</exception>
    public static ((Tensor x, Tensor y) train, (Tensor x, Tensor y) test) LoadData(string labelMode = "fine", string? path = null,
        ImageDataFormat? dataFormat = null) =>
        LoadData(labelMode, path, dataFormat, DatasetSources.FromEnvironment());

    internal static ((Tensor x, Tensor y) train, (Tensor x, Tensor y) test) LoadData(string labelMode, string? path,
        ImageDataFormat? dataFormat, DatasetSources sources)
    {
        ArgumentNullException.ThrowIfNull(labelMode);
        var labelIndex = labelMode switch
        {
            "coarse" => 0,
            "fine" => 1,
            _ => throw new ArgumentException($"labelMode must be \"fine\" or \"coarse\"; received \"{labelMode}\".", nameof(labelMode)),
        };
        return CifarFormat.Load(Spec, BatchFolder, BatchFiles, ArchiveName, Layout, labelIndex, path, dataFormat, sources);
    }
}
