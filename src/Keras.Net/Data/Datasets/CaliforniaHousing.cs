namespace KerasNet.Datasets;

/// <summary>
/// The California housing regression data set as Keras publishes it (StatLib, from the 1990 U.S. census): 20,640
/// block groups with 8 features (MedInc, HouseAge, AveRooms, AveBedrms, Population, AveOccup, Latitude, Longitude),
/// targets the median house value in dollars. The "small" version keeps the first 600 samples.
/// </summary>
public static class CaliforniaHousing
{
    /// <summary>The folder name under the cache and the repository's <c>datasets/</c> folder.</summary>
    public const string Name = "california_housing";

    /// <summary>The archive's file name.</summary>
    public const string FileName = "california_housing.npz";

    internal static DatasetSpec Spec { get; } = new(Name, "California housing",
        new[] { new RemoteFile(FileName, "1a2e3a52e0398de6463aebe6f4a8da34fb21fbb6b934cf88c3425e766f2a1a6f",
            new[] { "https://storage.googleapis.com/tensorflow/tf-keras-datasets/" + FileName }) },
        new[] { FileName }, Array.Empty<string>());

    /// <summary>
    /// Loads the data set as Keras does: <c>var ((xTrain, yTrain), (xTest, yTest)) = CaliforniaHousing.LoadData("small");</c>
    /// gives x (N, 8) and y (N) tensors of the file's float type (float64 in Keras's file): for "small" the first 600
    /// samples are kept; the samples are shuffled with NumPy's <c>RandomState(seed)</c>, the first
    /// <c>(int)(N * (1 - testSplit))</c> go to training and the rest to testing; the same arrays as Keras.
    /// </summary>
    /// <param name="version">"large" (all 20,640 samples) or "small" (the first 600, a stand-in for Boston housing).</param>
    /// <param name="path">A folder holding <c>california_housing.npz</c>, or the file itself; when the file is nowhere it is downloaded into that folder (default: <c>$KERAS_NET_HOME/datasets/california_housing</c>).</param>
    /// <param name="testSplit">The fraction of the samples in the test set, in [0, 1).</param>
    /// <param name="seed">The shuffling seed.</param>
    /// <exception cref="ArgumentException"><paramref name="version"/> is neither "large" nor "small".</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="testSplit"/> or <paramref name="seed"/> is out of range.</exception>
    /// <exception cref="DatasetNotFoundException">The file is nowhere and could not be downloaded (or <c>KERAS_NET_OFFLINE=1</c>).</exception>
    /// <exception cref="DatasetFormatException">The file is not an .npz with x (N, 8) and y (N) float arrays.</exception>
    public static ((Tensor x, Tensor y) train, (Tensor x, Tensor y) test) LoadData(string version = "large", string? path = null, double testSplit = 0.2,
        int seed = 113) => LoadData(version, path, testSplit, seed, DatasetSources.FromEnvironment());

    internal static ((Tensor x, Tensor y) train, (Tensor x, Tensor y) test) LoadData(string version, string? path, double testSplit, int seed,
        DatasetSources sources)
    {
        int? firstSamples = version switch
        {
            "large" => null,
            "small" => 600,
            _ => throw new ArgumentException($"CaliforniaHousing.LoadData: version must be \"large\" or \"small\"; received \"{version}\".", nameof(version)),
        };
        return HousingFormat.Load("CaliforniaHousing.LoadData", Spec, path, testSplit, seed, features: 8, firstSamples, sources);
    }
}
