
namespace KerasNet.Datasets;

/// <summary>
/// Fashion-MNIST (Zalando Research): 60,000 training and 10,000 test grayscale images of clothing, 28 x 28 pixels,
/// in 10 classes (0 T-shirt/top, 1 Trouser, 2 Pullover, 3 Dress, 4 Coat, 5 Sandal, 6 Shirt, 7 Sneaker, 8 Bag,
/// 9 Ankle boot).
/// </summary>
public static class FashionMnist
{
    /// <summary>The folder name under the cache and the repository's <c>datasets/</c> folder.</summary>
    public const string Name = "fashion-mnist";

    /// <summary>The class names, indexed by label.</summary>
    public static IReadOnlyList<string> ClassNames { get; } = new[]
    {
        "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
    };

    /// <summary>Where Debian's <c>dataset-fashion-mnist</c> package installs the files.</summary>
    public const string DebianDirectory = "/usr/share/datasets/fashion-mnist";

    private static readonly string[] Mirrors =
    {
        "https://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
        "https://storage.googleapis.com/tensorflow/tf-keras-datasets/",
    };

    // SHA-256 of the files as published by Zalando Research (Debian's package recompresses them, so its .gz files
    // differ; their decompressed content is identical).
    private static readonly string[] Sha256 =
    {
        "08dc20ab1689590a0bcd66e874647b6ee8464e2d501b5a3f1f78831db19a3fdc", // train-images-idx3-ubyte.gz
        "b0197879cbda89f3dc7b894f9fd52b858e68ea4182b6947c9d8c2b67e5f18dcc", // train-labels-idx1-ubyte.gz
        "78dcbbfb5a27efaf1b6c1d616caca68560be8766c5bffcb2791df9273a534229", // t10k-images-idx3-ubyte.gz
        "42bd18137a62d5998cdeae52bf3a0676ac6b706f5cf8439b47bb5b151ae3dccf", // t10k-labels-idx1-ubyte.gz
    };

    internal static DatasetSpec Spec { get; } = MnistFormat.Spec(Name, "Fashion-MNIST", Mirrors, Sha256, new[] { DebianDirectory },
        "On Debian or Ubuntu: apt-get install dataset-fashion-mnist installs the files in " + DebianDirectory + ".");

    /// <summary>
    /// Loads Fashion-MNIST as Keras does: <c>var ((xTrain, yTrain), (xTest, yTest)) = FashionMnist.LoadData();</c>.
    /// Images are uint8 tensors of shape (N, 28, 28); labels are int64 tensors of shape (N).
    /// </summary>
    /// <param name="path">
    /// A folder holding <c>train-images-idx3-ubyte.gz</c>, <c>train-labels-idx1-ubyte.gz</c>,
    /// <c>t10k-images-idx3-ubyte.gz</c> and <c>t10k-labels-idx1-ubyte.gz</c> (gzip or raw). Searched first; when the
    /// files are nowhere, they are downloaded into it. Then searched: <c>$KERAS_NET_HOME/datasets/fashion-mnist</c>
    /// (default <c>~/.keras-net/datasets/fashion-mnist</c>), the repository's <c>datasets/fashion-mnist</c> folder
    /// and <c>/usr/share/datasets/fashion-mnist</c> (Debian's <c>dataset-fashion-mnist</c> package).
    /// </param>
    /// <exception cref="DatasetNotFoundException">The files are nowhere and could not be downloaded (or <c>KERAS_NET_OFFLINE=1</c>).</exception>
    /// <exception cref="DatasetFormatException">A file is truncated, corrupt or not an MNIST-format IDX file.</exception>
    public static ((Tensor x, Tensor y) train, (Tensor x, Tensor y) test) LoadData(string? path = null) =>
        LoadData(path, DatasetSources.FromEnvironment());

    internal static ((Tensor x, Tensor y) train, (Tensor x, Tensor y) test) LoadData(string? path, DatasetSources sources) =>
        MnistFormat.Load(Spec, path, sources);
}
