using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using KerasNet.Data;
using KerasNet.Datasets;
using static KerasNet.Tests.Data.Datasets.NpzWriter;

namespace KerasNet.Tests.Data;

/// <summary>
/// Imdb.LoadData on archives in the layout of Keras's imdb.npz: one written by NumPy (tests/fixtures/imdb, made by
/// make_imdb_fixture.py) and one whose pickles this test writes byte by byte in Python 2's style. The expected
/// arrays follow Keras's rules by hand: shuffle with RandomState(seed) / RandomState(2 * seed), prepend startChar,
/// add indexFrom, drop reviews of maxlen or more, turn words outside [skipTop, numWords) into oovChar.
/// </summary>
public class ImdbTests
{
    // The fixture's content (before Keras's transformations).
    private static readonly long[][] XTrain = { new long[] { 5, 1, 2 }, new long[] { 7, 300, 70000, 1 }, new long[] { 4 }, new long[] { 9, 8, 7, 6, 5 } };
    private static readonly long[] YTrain = { 1, 0, 0, 1 };
    private static readonly long[][] XTest = { new long[] { 2, 2 }, new long[] { 11, 3, 1 }, new long[] { 1 } };
    private static readonly long[] YTest = { 0, 1, 1 };

    private static string NumpyFixture()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "tests", "fixtures", "imdb", "imdb-small.npz");
            if (File.Exists(path)) return path;
        }
        throw new FileNotFoundException("tests/fixtures/imdb/imdb-small.npz was not found above " + AppContext.BaseDirectory);
    }

    private static ((long[][] x, Tensor y) train, (long[][] x, Tensor y) test) Load(string path, int? numWords = null, int skipTop = 0,
        int? maxlen = null, int seed = 113, int? startChar = 1, int? oovChar = 2, int indexFrom = 3)
    {
        using var temp = new TempDirectory();
        return Imdb.LoadData(path, numWords, skipTop, maxlen, seed, startChar, oovChar, indexFrom, DatasetFiles.Sources(temp.Combine("home")));
    }

    public static TheoryData<string> Archives() => new() { "numpy", "python2-pickle" };

    private static string Archive(string kind, TempDirectory temp)
    {
        if (kind == "numpy") return NumpyFixture();
        var path = temp.Combine("imdb.npz");
        File.WriteAllBytes(path, Npz(("x_train", ObjectNpy(XTrain)), ("y_train", Int64Npy(YTrain)), ("x_test", ObjectNpy(XTest)), ("y_test", Int64Npy(YTest))));
        return path;
    }

    [Theory]
    [MemberData(nameof(Archives))]
    public void DefaultsShuffleOffsetAndTurnTheHighestIndexIntoOov(string kind)
    {
        using var temp = new TempDirectory();
        var ((xTrain, yTrain), (xTest, yTest)) = Load(Archive(kind, temp));
        // RandomState(113) orders 4 items [3, 2, 0, 1]; RandomState(226) orders 3 items [1, 2, 0].
        // numWords defaults to the highest index (70003), which Keras's "w < numWords" then turns into OOV.
        Assert.Equal(new[] { new long[] { 1, 12, 11, 10, 9, 8 }, new long[] { 1, 7 }, new long[] { 1, 8, 4, 5 }, new long[] { 1, 10, 303, 2, 4 } }, xTrain);
        Assert.Equal(new long[] { 1, 0, 1, 0 }, yTrain.data<long>().ToArray());
        Assert.Equal(ScalarType.Int64, yTrain.dtype);
        Assert.Equal(new[] { new long[] { 1, 14, 6, 4 }, new long[] { 1, 4 }, new long[] { 1, 5, 5 } }, xTest);
        Assert.Equal(new long[] { 1, 1, 0 }, yTest.data<long>().ToArray());
        yTrain.Dispose();
        yTest.Dispose();
    }

    [Theory]
    [MemberData(nameof(Archives))]
    public void NumWordsSkipTopMaxlenAndOovFollowKerasRules(string kind)
    {
        using var temp = new TempDirectory();
        var path = Archive(kind, temp);
        Assert.Equal(new[] { new long[] { 1, 2, 2, 2, 9, 8 }, new long[] { 1, 7 }, new long[] { 1, 8, 4, 5 }, new long[] { 1, 2, 2, 2, 4 } },
            Load(path, numWords: 10).train.x);
        // skipTop 5 also turns the start character (1) into OOV, as in Keras.
        Assert.Equal(new[] { new long[] { 2, 2, 2, 2, 9, 8 }, new long[] { 2, 7 }, new long[] { 2, 8, 2, 5 }, new long[] { 2, 2, 2, 2, 2 } },
            Load(path, numWords: 10, skipTop: 5).train.x);
        Assert.Equal(new[] { new long[] { 1, 9, 8 }, new long[] { 1, 7 }, new long[] { 1, 8, 4, 5 }, new long[] { 1, 4 } },
            Load(path, numWords: 10, oovChar: null).train.x);
        var ((shortTrain, shortY), (shortTest, shortTestY)) = Load(path, maxlen: 3);
        // numWords defaults to the highest index among the reviews kept (7), which becomes OOV.
        Assert.Equal(new[] { new long[] { 1, 2 } }, shortTrain);
        Assert.Equal(new long[] { 0 }, shortY.data<long>().ToArray());
        Assert.Equal(new[] { new long[] { 1, 4 } }, shortTest);
        Assert.Equal(new long[] { 1 }, shortTestY.data<long>().ToArray());
        Assert.Equal(new[] { new long[] { 9, 8, 7, 6, 5 }, new long[] { 4 }, new long[] { 5, 1, 2 }, new long[] { 7, 300, 2, 1 } },
            Load(path, startChar: null, indexFrom: 0).train.x);
        var error = Assert.Throws<ArgumentException>(() => Load(path, maxlen: 1));
        Assert.StartsWith("Imdb.LoadData: no review is shorter than maxlen=1, so no sequence was kept. Increase maxlen.", error.Message);
    }

    [Fact]
    public void NumpyLegacyShuffleMatchesNumpy()
    {
        // From /usr/bin/python3: a = np.arange(n); np.random.RandomState(seed).shuffle(a).
        Assert.Equal(new[] { 9, 3, 6, 1, 0, 7, 4, 8, 2, 5 }, NumpyLegacyRandom.Permutation(113, 10));
        Assert.Equal(new[] { 4, 5, 1, 3, 6, 2, 0 }, NumpyLegacyRandom.Permutation(226, 7));
        Assert.Equal(new[] { 2, 0, 1, 3, 4 }, NumpyLegacyRandom.Permutation(0, 5));
        Assert.Equal(new[] { 5, 3, 4, 0, 15, 11, 2, 12, 13, 1, 16, 17, 10, 14, 6, 9, 19, 18, 7, 8 }, NumpyLegacyRandom.Permutation(1337, 20));
    }

    [Fact]
    public void PicklesThatBuildAnythingElseAreRefused()
    {
        // A pickle calling os.system (the classic exploit) instead of an object array.
        var evil = Pickle(w => { w.Global("os", "system"); w.Tuple(() => w.String("id")); w.Op('R'); });
        var error = Assert.Throws<DatasetFormatException>(() => NpzReader.ReadIntLists(Npy("|O", "(1,)", evil), "x.npy"));
        Assert.StartsWith("x.npy: the pickle refers to os.system, which is not allowed", error.Message);

        var floats = Npy("<f8", "(1,)", new byte[8]);
        Assert.Equal("y.npy: has dtype '<f8'; little-endian integers were expected.",
            Assert.Throws<DatasetFormatException>(() => NpzReader.ReadIntegers(floats, "y.npy")).Message);

        var truncated = ObjectNpy(XTrain)[..^10];
        Assert.Contains("truncated", Assert.Throws<DatasetFormatException>(() => NpzReader.ReadIntLists(truncated, "t.npy")).Message);

        // A list of strings is an object array too, but not of integer lists.
        var text = ObjectArray(1, w => w.List(() => w.String("word")));
        Assert.StartsWith("s.npy: element 0 is not a list of integers",
            Assert.Throws<DatasetFormatException>(() => NpzReader.ReadIntLists(text, "s.npy")).Message);
    }

    [Fact]
    public void MutatedArchivesRaiseFormatErrorsOnly()
    {
        var original = ObjectNpy(XTrain);
        var random = new Random(12345);
        for (var round = 0; round < 2000; round++)
        {
            var bytes = (byte[])original.Clone();
            var changes = random.Next(1, 4);
            for (var c = 0; c < changes; c++) bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            if (random.Next(4) == 0) bytes = bytes[..random.Next(bytes.Length)];
            try
            {
                NpzReader.ReadIntLists(bytes, "fuzz.npy");
            }
            catch (DatasetFormatException)
            {
            }
        }
        using var temp = new TempDirectory();
        var path = temp.Combine("imdb.npz");
        File.WriteAllBytes(path, Encoding.ASCII.GetBytes("PK not really a zip"));
        Assert.StartsWith($"{path}: is not a readable .npz (zip) archive",
            Assert.Throws<DatasetFormatException>(() => Load(path)).Message);
    }

    [Fact]
    public void MissingFileOfflineNamesTheFileTheUrlAndTheFolders()
    {
        using var temp = new TempDirectory();
        var folder = temp.Combine("where");
        var error = Assert.Throws<DatasetNotFoundException>(() =>
            Imdb.LoadData(folder, null, 0, null, 113, 1, 2, 3, DatasetFiles.Sources(temp.Combine("home"))));
        Assert.Contains("IMDB was not found, and KERAS_NET_OFFLINE is set, so it was not downloaded.", error.Message);
        Assert.Contains("  imdb.npz", error.Message);
        Assert.Contains($"{folder} (does not exist)", error.Message);
        Assert.Contains("https://storage.googleapis.com/tensorflow/tf-keras-datasets/imdb.npz  (SHA-256 69664113be75683a8fe16e3ed0ab59fda8886cb3cd7ada244f7d9544e4676b9f)", error.Message);
    }

    [Fact]
    public void WordIndexIsReadFromJsonAndItsMd5IsCheckedOnDownload()
    {
        using var temp = new TempDirectory();
        var json = "{\"the\": 1, \"and\": 2, \"fawn\": 34701}"u8.ToArray();
        var folder = temp.Combine("local");
        Directory.CreateDirectory(folder);
        File.WriteAllBytes(Path.Combine(folder, "imdb_word_index.json"), json);
        var index = Imdb.GetWordIndex(folder, DatasetFiles.Sources(temp.Combine("home")));
        Assert.Equal(34701, index["fawn"]);
        Assert.Equal(3, index.Count);

        // Served instead of the real file, the bytes fail Keras's published MD5.
        var handler = new FakeHttpHandler().Serve("https://storage.googleapis.com/tensorflow/tf-keras-datasets/imdb_word_index.json", json);
        var error = Assert.Throws<DatasetNotFoundException>(() => Imdb.GetWordIndex(null, DatasetFiles.Sources(temp.Combine("home2"), handler)));
        Assert.Contains($"MD5 mismatch: expected bfafd718b763782e994055a2d397834f, got {Convert.ToHexStringLower(MD5.HashData(json))}", error.Message);

        // A file whose MD5 matches is accepted.
        var downloaded = new DatasetDownloader(handler, TextWriter.Null).Download(
            new RemoteFile("imdb_word_index.json", Convert.ToHexStringLower(MD5.HashData(json)), new[] { "https://storage.googleapis.com/tensorflow/tf-keras-datasets/imdb_word_index.json" }),
            temp.Combine("ok"));
        Assert.Equal(json, File.ReadAllBytes(downloaded));
    }
}
