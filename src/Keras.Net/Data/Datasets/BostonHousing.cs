namespace KerasNet.Datasets;

/// <summary>
/// The Boston housing price regression data set as Keras publishes it (StatLib, Harrison and Rubinfeld, 1978): 506
/// samples of 13 attributes of Boston suburbs, targets the median house value in k$. Keras warns that one of its
/// attributes ("B") encodes a racial assumption; prefer <see cref="CaliforniaHousing"/> outside lessons on that problem.
/// </summary>
public static class BostonHousing
{
    /// <summary>The folder name under the cache and the repository's <c>datasets/</c> folder.</summary>
    public const string Name = "boston_housing";

    /// <summary>The archive's file name.</summary>
    public const string FileName = "boston_housing.npz";

    internal static DatasetSpec Spec { get; } = new(Name, "Boston housing",
        new[] { new RemoteFile(FileName, "f553886a1f8d56431e820c5b82552d9d95cfcb96d1e678153f8839538947dff5",
            new[] { "https://storage.googleapis.com/tensorflow/tf-keras-datasets/" + FileName }) },
        new[] { FileName }, Array.Empty<string>());

    /// <summary>
    /// Loads the data set as Keras does: <c>var ((xTrain, yTrain), (xTest, yTest)) = BostonHousing.LoadData();</c> gives
    /// float64 tensors x (N, 13) and y (N): the samples shuffled with NumPy's <c>RandomState(seed)</c>, the first
    /// <c>(int)(506 * (1 - testSplit))</c> for training (404 by default), the rest for testing; the same arrays as Keras.
    /// </summary>
    /// <param name="path">A folder holding <c>boston_housing.npz</c>, or the file itself; when the file is nowhere it is downloaded into that folder (default: <c>$KERAS_NET_HOME/datasets/boston_housing</c>).</param>
    /// <param name="testSplit">The fraction of the samples in the test set, in [0, 1).</param>
    /// <param name="seed">The shuffling seed.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="testSplit"/> or <paramref name="seed"/> is out of range.</exception>
    /// <exception cref="DatasetNotFoundException">The file is nowhere and could not be downloaded (or <c>KERAS_NET_OFFLINE=1</c>).</exception>
    /// <exception cref="DatasetFormatException">The file is not an .npz with x (N, 13) and y (N) float arrays.</exception>
    public static ((Tensor x, Tensor y) train, (Tensor x, Tensor y) test) LoadData(string? path = null, double testSplit = 0.2, int seed = 113) =>
        LoadData(path, testSplit, seed, DatasetSources.FromEnvironment());

    internal static ((Tensor x, Tensor y) train, (Tensor x, Tensor y) test) LoadData(string? path, double testSplit, int seed, DatasetSources sources) =>
        HousingFormat.Load("BostonHousing.LoadData", Spec, path, testSplit, seed, features: 13, firstSamples: null, sources);
}
