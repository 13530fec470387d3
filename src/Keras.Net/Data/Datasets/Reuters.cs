using KerasNet.Data;

namespace KerasNet.Datasets;

/// <summary>
/// The Reuters newswire topic classification data set as Keras publishes it: 11,228 newswires, each a list of word
/// indices (words ranked by frequency, 1 = most frequent), labelled with one of 46 topics
/// (<see cref="GetLabelNames"/>). Keras ships one array of newswires and splits it after shuffling (<c>testSplit</c>).
/// </summary>
public static class Reuters
{
    /// <summary>The folder name under the cache and the repository's <c>datasets/</c> folder.</summary>
    public const string Name = "reuters";

    /// <summary>The archive's file name.</summary>
    public const string FileName = "reuters.npz";

    /// <summary>The word index's file name.</summary>
    public const string WordIndexFileName = "reuters_word_index.json";

    private const string Origin = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/";

    internal static DatasetSpec Spec { get; } = new(Name, "Reuters",
        new[] { new RemoteFile(FileName, "d6586e694ee56d7a4e65172e12b3e987c03096cb01eab99753921ef915959916", new[] { Origin + FileName }) },
        new[] { FileName }, Array.Empty<string>());

    // Keras publishes only the MD5 of the word index.
    internal static DatasetSpec WordIndexSpec { get; } = new(Name, "Reuters word index",
        new[] { new RemoteFile(WordIndexFileName, "4d44cc38712099c9e383dc6e5f11a921", new[] { Origin + WordIndexFileName }) },
        new[] { WordIndexFileName }, Array.Empty<string>());

    private static readonly string[] Members = { "x", "y" };

    private static readonly string[] LabelNames =
    {
        "cocoa", "grain", "veg-oil", "earn", "acq", "wheat", "copper", "housing", "money-supply", "coffee", "sugar", "trade", "reserves",
        "ship", "cotton", "carcass", "crude", "nat-gas", "cpi", "money-fx", "interest", "gnp", "meal-feed", "alum", "oilseed", "gold", "tin",
        "strategic-metal", "livestock", "retail", "ipi", "iron-steel", "rubber", "heat", "jobs", "lei", "bop", "zinc", "orange", "pet-chem",
        "dlr", "gas", "silver", "wpi", "hog", "lead",
    };

    /// <summary>
    /// Loads Reuters with Keras's conventions: <c>var ((xTrain, yTrain), (xTest, yTest)) = Reuters.LoadData(numWords: 10000);</c>.
    /// The newswires are shuffled with NumPy's <c>RandomState(seed)</c>, then given the start character and
    /// <paramref name="indexFrom"/>, filtered by <paramref name="maxlen"/> and <paramref name="numWords"/>/<paramref name="skipTop"/>,
    /// then split: the first <c>(int)(N * (1 - testSplit))</c> are the training set. The same arguments give the same
    /// arrays as Keras. Each newswire is a <c>long[]</c> (give them equal lengths with <c>Utils.PadSequences</c>);
    /// labels are int64 tensors of shape (N), topic indices into <see cref="GetLabelNames"/>.
    /// </summary>
    /// <param name="path">A folder holding <c>reuters.npz</c>, or the .npz file itself; when the file is nowhere it is downloaded into that folder (default: <c>$KERAS_NET_HOME/datasets/reuters</c>).</param>
    /// <param name="numWords">Keep words ranked below this index (after <paramref name="indexFrom"/>); others become <paramref name="oovChar"/>. Null: every word (Keras's rule still turns the single highest index into OOV).</param>
    /// <param name="skipTop">Also turn the words ranked below this index into <paramref name="oovChar"/>.</param>
    /// <param name="maxlen">Drop newswires with <paramref name="maxlen"/> or more indices (start character included).</param>
    /// <param name="testSplit">The fraction of the newswires in the test set, in [0, 1).</param>
    /// <param name="seed">The shuffling seed.</param>
    /// <param name="startChar">The index that starts every newswire (null: none).</param>
    /// <param name="oovChar">The index that replaces dropped words (null: drop them).</param>
    /// <param name="indexFrom">Added to every word index (0 = padding, 1 = start and 2 = OOV are kept free by the default 3).</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range.</exception>
    /// <exception cref="ArgumentException"><paramref name="maxlen"/> leaves no newswire.</exception>
    /// <exception cref="DatasetNotFoundException">The file is nowhere and could not be downloaded (or <c>KERAS_NET_OFFLINE=1</c>).</exception>
    /// <exception cref="DatasetFormatException">The file is not a Reuters .npz in Keras's format.</exception>
    public static ((long[][] x, Tensor y) train, (long[][] x, Tensor y) test) LoadData(string? path = null, int? numWords = null, int skipTop = 0,
        int? maxlen = null, double testSplit = 0.2, int seed = 113, int? startChar = 1, int? oovChar = 2, int indexFrom = 3) =>
        LoadData(path, numWords, skipTop, maxlen, testSplit, seed, startChar, oovChar, indexFrom, DatasetSources.FromEnvironment());

    internal static ((long[][] x, Tensor y) train, (long[][] x, Tensor y) test) LoadData(string? path, int? numWords, int skipTop,
        int? maxlen, double testSplit, int seed, int? startChar, int? oovChar, int indexFrom, DatasetSources sources)
    {
        const string fn = "Reuters.LoadData";
        if (numWords is < 1) throw new ArgumentOutOfRangeException(nameof(numWords), numWords, $"{fn}: numWords must be positive, or null for every word.");
        if (skipTop < 0) throw new ArgumentOutOfRangeException(nameof(skipTop), skipTop, $"{fn}: skipTop must be 0 or more.");
        if (maxlen is < 1) throw new ArgumentOutOfRangeException(nameof(maxlen), maxlen, $"{fn}: maxlen must be positive, or null.");
        if (!(testSplit >= 0 && testSplit < 1)) throw new ArgumentOutOfRangeException(nameof(testSplit), testSplit, $"{fn}: testSplit must be in [0, 1), e.g. 0.2.");
        if (seed < 0) throw new ArgumentOutOfRangeException(nameof(seed), seed, $"{fn}: seed must be 0 or more (NumPy's RandomState range).");
        if (indexFrom < 0) throw new ArgumentOutOfRangeException(nameof(indexFrom), indexFrom, $"{fn}: indexFrom must be 0 or more.");

        var file = Imdb.Locate(Spec, path, sources);
        var members = NpzReader.ReadMembers(file, Members);
        var xs = NpzReader.ReadIntLists(members["x"], $"{file}:x.npy");
        var labels = NpzReader.ReadIntegers(members["y"], $"{file}:y.npy");
        if (xs.Length != labels.Length)
            throw new DatasetFormatException(file, $"holds {xs.Length} newswires and {labels.Length} labels; each newswire needs one label.");

        (xs, labels) = Imdb.Shuffle(xs, labels, seed);
        xs = Imdb.Offset(xs, startChar, indexFrom);
        if (maxlen is { } limit)
        {
            (xs, labels) = Imdb.RemoveLong(xs, labels, limit);
            if (xs.Length == 0)
                throw new ArgumentException($"{fn}: no newswire is shorter than maxlen={limit}, so no sequence was kept. Increase maxlen.", nameof(maxlen));
        }
        long words = numWords ?? xs.Where(x => x.Length > 0).Select(x => x.Max()).DefaultIfEmpty(0).Max();
        xs = Imdb.Restrict(xs, skipTop, words, oovChar);

        var split = (int)(xs.Length * (1 - testSplit));
        return ((xs[..split], torch.tensor(labels[..split], new long[] { split })),
                (xs[split..], torch.tensor(labels[split..], new long[] { labels.Length - split })));
    }

    /// <summary>
    /// Keras's <c>reuters.get_word_index()</c>: word → rank (1 = most frequent), without <c>indexFrom</c>: the word of
    /// index <c>i</c> in a loaded newswire is the one ranked <c>i - indexFrom</c>.
    /// </summary>
    /// <param name="path">A folder holding <c>reuters_word_index.json</c>, or the file itself.</param>
    /// <exception cref="DatasetNotFoundException">The file is nowhere and could not be downloaded.</exception>
    /// <exception cref="DatasetFormatException">The file is not a JSON object of word → index.</exception>
    public static Dictionary<string, int> GetWordIndex(string? path = null) => GetWordIndex(path, DatasetSources.FromEnvironment());

    internal static Dictionary<string, int> GetWordIndex(string? path, DatasetSources sources)
    {
        var file = Imdb.Locate(WordIndexSpec, path, sources);
        return WordIndexFile.Read(file);
    }

    /// <summary>Keras's <c>reuters.get_label_names()</c>: the 46 topic names, indexed by label.</summary>
    public static IReadOnlyList<string> GetLabelNames() => LabelNames;
}
