using KerasNet.Data;

namespace KerasNet.Datasets;

/// <summary>
/// The IMDB movie review sentiment data set as Keras publishes it (Maas et al., 2011): 25,000 training and 25,000
/// test reviews, each a list of word indices (words ranked by frequency, 1 = most frequent), labelled 0 (negative)
/// or 1 (positive).
/// </summary>
public static class Imdb
{
    /// <summary>The folder name under the cache and the repository's <c>datasets/</c> folder.</summary>
    public const string Name = "imdb";

    /// <summary>The archive's file name.</summary>
    public const string FileName = "imdb.npz";

    /// <summary>The word index's file name.</summary>
    public const string WordIndexFileName = "imdb_word_index.json";

    private const string Origin = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/";

    internal static DatasetSpec Spec { get; } = new(Name, "IMDB",
        new[] { new RemoteFile(FileName, "69664113be75683a8fe16e3ed0ab59fda8886cb3cd7ada244f7d9544e4676b9f", new[] { Origin + FileName }) },
        new[] { FileName }, Array.Empty<string>());

    // Keras publishes only the MD5 of the word index.
    internal static DatasetSpec WordIndexSpec { get; } = new(Name, "IMDB word index",
        new[] { new RemoteFile(WordIndexFileName, "bfafd718b763782e994055a2d397834f", new[] { Origin + WordIndexFileName }) },
        new[] { WordIndexFileName }, Array.Empty<string>());

    private static readonly string[] Members = { "x_train", "y_train", "x_test", "y_test" };

    /// <summary>
    /// Loads IMDB with Keras's conventions: <c>var ((xTrain, yTrain), (xTest, yTest)) = Imdb.LoadData(numWords: 10000);</c>.
    /// Each review is a <c>long[]</c> of word indices (give them equal lengths with <c>Utils.PadSequences</c>); labels
    /// are int64 tensors of shape (N). Both splits are shuffled as Keras does (NumPy's <c>RandomState(seed)</c> for
    /// train, <c>RandomState(2 * seed)</c> for test), so the same arguments give the same arrays as Keras.
    /// </summary>
    /// <param name="path">A folder holding <c>imdb.npz</c>, or the .npz file itself; when the file is nowhere it is downloaded into that folder (default: <c>$KERAS_NET_HOME/datasets/imdb</c>).</param>
    /// <param name="numWords">Keep words ranked below this index (after <paramref name="indexFrom"/>); others become <paramref name="oovChar"/>. Null: every word (but Keras's rule still turns the single highest index into OOV).</param>
    /// <param name="skipTop">Also turn the words ranked below this index into <paramref name="oovChar"/> (the most frequent ones).</param>
    /// <param name="maxlen">Drop reviews with <paramref name="maxlen"/> or more indices (start character included).</param>
    /// <param name="seed">The shuffling seed.</param>
    /// <param name="startChar">The index that starts every review (null: none).</param>
    /// <param name="oovChar">The index that replaces dropped words (null: drop them).</param>
    /// <param name="indexFrom">Added to every word index (0 = padding, 1 = start and 2 = OOV are kept free by the default 3).</param>
    /// <exception cref="DatasetNotFoundException">The file is nowhere and could not be downloaded (or <c>KERAS_NET_OFFLINE=1</c>).</exception>
    /// <exception cref="DatasetFormatException">The file is not an IMDB .npz in Keras's format.</exception>
    public static ((long[][] x, Tensor y) train, (long[][] x, Tensor y) test) LoadData(string? path = null, int? numWords = null, int skipTop = 0,
        int? maxlen = null, int seed = 113, int? startChar = 1, int? oovChar = 2, int indexFrom = 3) =>
        LoadData(path, numWords, skipTop, maxlen, seed, startChar, oovChar, indexFrom, DatasetSources.FromEnvironment());

    internal static ((long[][] x, Tensor y) train, (long[][] x, Tensor y) test) LoadData(string? path, int? numWords, int skipTop,
        int? maxlen, int seed, int? startChar, int? oovChar, int indexFrom, DatasetSources sources)
    {
        if (numWords is < 1) throw new ArgumentOutOfRangeException(nameof(numWords), numWords, "Imdb.LoadData: numWords must be positive, or null for every word.");
        if (skipTop < 0) throw new ArgumentOutOfRangeException(nameof(skipTop), skipTop, "Imdb.LoadData: skipTop must be 0 or more.");
        if (maxlen is < 1) throw new ArgumentOutOfRangeException(nameof(maxlen), maxlen, "Imdb.LoadData: maxlen must be positive, or null.");
        if (seed < 0) throw new ArgumentOutOfRangeException(nameof(seed), seed, "Imdb.LoadData: seed must be 0 or more (NumPy's RandomState range).");
        if (indexFrom < 0) throw new ArgumentOutOfRangeException(nameof(indexFrom), indexFrom, "Imdb.LoadData: indexFrom must be 0 or more.");

        var file = Locate(Spec, path, sources);
        var members = NpzReader.ReadMembers(file, Members);
        var xTrain = NpzReader.ReadIntLists(members["x_train"], $"{file}:x_train.npy");
        var yTrain = NpzReader.ReadIntegers(members["y_train"], $"{file}:y_train.npy");
        var xTest = NpzReader.ReadIntLists(members["x_test"], $"{file}:x_test.npy");
        var yTest = NpzReader.ReadIntegers(members["y_test"], $"{file}:y_test.npy");
        if (xTrain.Length != yTrain.Length || xTest.Length != yTest.Length)
            throw new DatasetFormatException(file, $"holds {xTrain.Length} training reviews with {yTrain.Length} labels and {xTest.Length} test reviews with {yTest.Length} labels; each review needs one label.");

        (xTrain, yTrain) = Shuffle(xTrain, yTrain, seed);
        (xTest, yTest) = Shuffle(xTest, yTest, seed * 2L);
        xTrain = Offset(xTrain, startChar, indexFrom);
        xTest = Offset(xTest, startChar, indexFrom);
        if (maxlen is { } limit)
        {
            (xTrain, yTrain) = RemoveLong(xTrain, yTrain, limit);
            (xTest, yTest) = RemoveLong(xTest, yTest, limit);
            if (xTrain.Length == 0 || xTest.Length == 0)
                throw new ArgumentException($"Imdb.LoadData: no review is shorter than maxlen={limit}, so no sequence was kept. Increase maxlen.", nameof(maxlen));
        }
        long words = numWords ?? xTrain.Concat(xTest).Where(x => x.Length > 0).Select(x => x.Max()).DefaultIfEmpty(0).Max();
        xTrain = Restrict(xTrain, skipTop, words, oovChar);
        xTest = Restrict(xTest, skipTop, words, oovChar);
        return ((xTrain, torch.tensor(yTrain, new long[] { yTrain.Length })), (xTest, torch.tensor(yTest, new long[] { yTest.Length })));
    }

    /// <summary>
    /// Keras's <c>imdb.get_word_index()</c>: word → rank (1 = most frequent), without <c>indexFrom</c>: the word of
    /// index <c>i</c> in a loaded review is the one ranked <c>i - indexFrom</c>.
    /// </summary>
    /// <param name="path">A folder holding <c>imdb_word_index.json</c>, or the file itself.</param>
    public static Dictionary<string, int> GetWordIndex(string? path = null) => GetWordIndex(path, DatasetSources.FromEnvironment());

    internal static Dictionary<string, int> GetWordIndex(string? path, DatasetSources sources)
    {
        var file = Locate(WordIndexSpec, path, sources);
        return WordIndexFile.Read(file);
    }

    internal static string Locate(DatasetSpec spec, string? path, DatasetSources sources)
    {
        var fileName = spec.ExpectedFiles[0];
        if (path is not null && File.Exists(path)) return path;
        return DatasetStore.Locate(spec, path, sources,
            directory => File.Exists(Path.Combine(directory, fileName)) ? Path.Combine(directory, fileName) : null,
            _ => "missing: " + fileName);
    }

    internal static (long[][] x, long[] y) Shuffle(long[][] x, long[] y, long seed)
    {
        var order = NumpyLegacyRandom.Permutation(seed, x.Length);
        return (order.Select(i => x[i]).ToArray(), order.Select(i => y[i]).ToArray());
    }

    internal static long[][] Offset(long[][] x, int? startChar, int indexFrom) =>
        x.Select(review =>
        {
            var offset = startChar is null ? 0 : 1;
            var result = new long[review.Length + offset];
            if (startChar is { } start) result[0] = start;
            for (var i = 0; i < review.Length; i++) result[i + offset] = review[i] + indexFrom;
            return result;
        }).ToArray();

    // Keras keeps reviews (and Reuters newswires) strictly shorter than maxlen.
    internal static (long[][] x, long[] y) RemoveLong(long[][] x, long[] y, int maxlen)
    {
        var keep = Enumerable.Range(0, x.Length).Where(i => x[i].Length < maxlen).ToArray();
        return (keep.Select(i => x[i]).ToArray(), keep.Select(i => y[i]).ToArray());
    }

    internal static long[][] Restrict(long[][] x, int skipTop, long numWords, int? oovChar) =>
        x.Select(review => oovChar is { } oov
            ? review.Select(w => w >= skipTop && w < numWords ? w : oov).ToArray()
            : review.Where(w => w >= skipTop && w < numWords).ToArray()).ToArray();
}
