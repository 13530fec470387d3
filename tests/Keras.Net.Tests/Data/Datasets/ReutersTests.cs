using System.Security.Cryptography;
using KerasNet.Datasets;
using static KerasNet.Tests.Data.Datasets.NpzWriter;

namespace KerasNet.Tests.Data.Datasets;

/// <summary>
/// Reuters.LoadData on an archive in the layout of Keras's reuters.npz (x: object array of integer lists, y: int64),
/// written here. Expected arrays: Keras's load_data rules run with NumPy 1.24 (/usr/bin/python3) on the same lists.
/// </summary>
public class ReutersTests
{
    private static readonly long[][] Xs =
    {
        new long[] { 5, 1, 2 }, new long[] { 7, 300, 9000, 1 }, new long[] { 4 }, new long[] { 9, 8, 7, 6, 5 }, new long[] { 2, 2 },
        new long[] { 11, 3, 1 }, new long[] { 1 }, new long[] { 6, 6, 6, 6, 6, 6 }, new long[] { 40, 41 }, new long[] { 3, 1, 4, 1, 5 },
    };
    private static readonly long[] Ys = { 3, 4, 19, 3, 1, 4, 16, 3, 11, 0 };

    private static string Archive(TempDirectory temp, byte[]? y = null)
    {
        var path = temp.Combine("reuters.npz");
        File.WriteAllBytes(path, Npz(("x", ObjectNpy(Xs)), ("y", y ?? Int64Npy(Ys))));
        return path;
    }

    private static ((long[][] x, Tensor y) train, (long[][] x, Tensor y) test) Load(TempDirectory temp, string path, int? numWords = null, int skipTop = 0,
        int? maxlen = null, double testSplit = 0.2, int seed = 113, int? startChar = 1, int? oovChar = 2, int indexFrom = 3) =>
        Reuters.LoadData(path, numWords, skipTop, maxlen, testSplit, seed, startChar, oovChar, indexFrom, DatasetFiles.Sources(temp.Combine("home")));

    [Fact]
    public void DefaultsShuffleOffsetSplitAndTurnTheHighestIndexIntoOov()
    {
        using var temp = new TempDirectory();
        var ((xTrain, yTrain), (xTest, yTest)) = Load(temp, Archive(temp));
        Assert.Equal(new[]
        {
            new long[] { 1, 6, 4, 7, 4, 8 }, new long[] { 1, 12, 11, 10, 9, 8 }, new long[] { 1, 4 }, new long[] { 1, 10, 303, 2, 4 },
            new long[] { 1, 8, 4, 5 }, new long[] { 1, 9, 9, 9, 9, 9, 9 }, new long[] { 1, 5, 5 }, new long[] { 1, 43, 44 },
        }, xTrain);
        Assert.Equal(new long[] { 0, 3, 16, 4, 3, 3, 1, 11 }, yTrain.data<long>().ToArray());
        Assert.Equal(ScalarType.Int64, yTrain.dtype);
        Assert.Equal(new[] { new long[] { 1, 7 }, new long[] { 1, 14, 6, 4 } }, xTest);
        Assert.Equal(new long[] { 19, 4 }, yTest.data<long>().ToArray());
    }

    [Fact]
    public void NumWordsSkipTopMaxlenTestSplitAndSeedFollowKerasRules()
    {
        using var temp = new TempDirectory();
        var path = Archive(temp);
        var ((xTrain, yTrain), (xTest, yTest)) = Load(temp, path, numWords: 10, skipTop: 5, maxlen: 5, testSplit: 0.25, seed: 7);
        Assert.Equal(new[] { new long[] { 2, 2, 2 }, new long[] { 2, 2, 6, 2 }, new long[] { 2, 8, 2, 5 }, new long[] { 2, 7 } }, xTrain);
        Assert.Equal(new long[] { 11, 4, 3, 19 }, yTrain.data<long>().ToArray());
        Assert.Equal(new[] { new long[] { 2, 2 }, new long[] { 2, 5, 5 } }, xTest);
        Assert.Equal(new long[] { 16, 1 }, yTest.data<long>().ToArray());

        // No start character, no offset, dropped (not replaced) words, everything in the training set.
        var ((allX, allY), (noX, noY)) = Load(temp, path, numWords: 8, testSplit: 0.0, seed: 0, startChar: null, oovChar: null, indexFrom: 0);
        Assert.Equal(new[]
        {
            new long[] { 4 }, Array.Empty<long>(), new long[] { 2, 2 }, new long[] { 3, 1, 4, 1, 5 }, new long[] { 7, 1 }, new long[] { 1 },
            new long[] { 6, 6, 6, 6, 6, 6 }, new long[] { 7, 6, 5 }, new long[] { 5, 1, 2 }, new long[] { 3, 1 },
        }, allX);
        Assert.Equal(new long[] { 19, 11, 1, 0, 4, 16, 3, 3, 3, 4 }, allY.data<long>().ToArray());
        Assert.Empty(noX);
        Assert.Equal(new long[] { 0 }, noY.shape);
    }

    [Fact]
    public void BadArgumentsAndBadFilesRaiseTypedErrors()
    {
        using var temp = new TempDirectory();
        var path = Archive(temp);
        Assert.StartsWith("Reuters.LoadData: testSplit must be in [0, 1)", Assert.Throws<ArgumentOutOfRangeException>(() => Load(temp, path, testSplit: 1.0)).Message);
        Assert.StartsWith("Reuters.LoadData: numWords must be positive", Assert.Throws<ArgumentOutOfRangeException>(() => Load(temp, path, numWords: 0)).Message);
        Assert.StartsWith("Reuters.LoadData: no newswire is shorter than maxlen=2, so no sequence was kept. Increase maxlen.",
            Assert.Throws<ArgumentException>(() => Load(temp, path, maxlen: 2)).Message);

        var mismatched = Archive(temp, Int64Npy(Ys[..9]));
        Assert.Equal($"{mismatched}: holds 10 newswires and 9 labels; each newswire needs one label.",
            Assert.Throws<DatasetFormatException>(() => Load(temp, mismatched)).Message);

        var imdbLayout = temp.Combine("imdb-layout.npz");
        File.WriteAllBytes(imdbLayout, Npz(("x_train", ObjectNpy(Xs)), ("y_train", Int64Npy(Ys))));
        Assert.Equal($"{imdbLayout}: has no array 'x' (members: x_train.npy, y_train.npy).",
            Assert.Throws<DatasetFormatException>(() => Load(temp, imdbLayout)).Message);

        var labelsAsFloats = Archive(temp, Float64Npy(new long[] { 10 }, new double[10]));
        Assert.Equal($"{labelsAsFloats}:y.npy: has dtype '<f8'; little-endian integers were expected.",
            Assert.Throws<DatasetFormatException>(() => Load(temp, labelsAsFloats)).Message);
    }

    [Fact]
    public void MissingFileOfflineNamesTheFileTheUrlAndTheChecksum()
    {
        using var temp = new TempDirectory();
        var folder = temp.Combine("where");
        var error = Assert.Throws<DatasetNotFoundException>(() => Load(temp, folder));
        Assert.Contains("Reuters was not found, and KERAS_NET_OFFLINE is set, so it was not downloaded.", error.Message);
        Assert.Contains("  reuters.npz", error.Message);
        Assert.Contains("https://storage.googleapis.com/tensorflow/tf-keras-datasets/reuters.npz  (SHA-256 d6586e694ee56d7a4e65172e12b3e987c03096cb01eab99753921ef915959916)", error.Message);
    }

    [Fact]
    public void DownloadsAreCheckedAgainstKerasChecksums()
    {
        using var temp = new TempDirectory();
        var bytes = Npz(("x", ObjectNpy(Xs)), ("y", Int64Npy(Ys)));
        var handler = new FakeHttpHandler().Serve("https://storage.googleapis.com/tensorflow/tf-keras-datasets/reuters.npz", bytes);
        var error = Assert.Throws<DatasetNotFoundException>(() =>
            Reuters.LoadData(null, null, 0, null, 0.2, 113, 1, 2, 3, DatasetFiles.Sources(temp.Combine("home"), handler)));
        Assert.Contains($"SHA-256 mismatch: expected d6586e694ee56d7a4e65172e12b3e987c03096cb01eab99753921ef915959916, got {Convert.ToHexStringLower(SHA256.HashData(bytes))}", error.Message);

        var json = "{\"the\": 1, \"of\": 2, \"mln\": 5}"u8.ToArray();
        handler.Serve("https://storage.googleapis.com/tensorflow/tf-keras-datasets/reuters_word_index.json", json);
        var indexError = Assert.Throws<DatasetNotFoundException>(() => Reuters.GetWordIndex(null, DatasetFiles.Sources(temp.Combine("home2"), handler)));
        Assert.Contains($"MD5 mismatch: expected 4d44cc38712099c9e383dc6e5f11a921, got {Convert.ToHexStringLower(MD5.HashData(json))}", indexError.Message);
    }

    [Fact]
    public void WordIndexAndLabelNames()
    {
        using var temp = new TempDirectory();
        var folder = temp.Combine("local");
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, "reuters_word_index.json"), "{\"the\": 1, \"of\": 2, \"mln\": 5}"u8.ToArray());
        var index = Reuters.GetWordIndex(folder, DatasetFiles.Sources(temp.Combine("home")));
        Assert.Equal(3, index.Count);
        Assert.Equal(5, index["mln"]);

        File.WriteAllText(Path.Combine(folder, "reuters_word_index.json"), "[1, 2]");
        Assert.StartsWith($"{Path.Combine(folder, "reuters_word_index.json")}: is not a JSON object of word → integer index",
            Assert.Throws<DatasetFormatException>(() => Reuters.GetWordIndex(folder, DatasetFiles.Sources(temp.Combine("home")))).Message);

        var names = Reuters.GetLabelNames();
        Assert.Equal(46, names.Count);
        Assert.Equal(("cocoa", "earn", "acq", "lead"), (names[0], names[3], names[4], names[45]));
    }
}
