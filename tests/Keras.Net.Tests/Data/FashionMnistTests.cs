using KerasNet.Datasets;

namespace KerasNet.Tests.Data;

/// <summary>
/// Fashion-MNIST on the real files of Debian's dataset-fashion-mnist package (build.sh test installs it). The
/// expected values were read from /usr/share/datasets/fashion-mnist with an independent reader (Python's gzip and
/// struct modules: header, then sums and slices of the raw bytes), and are hard-coded here.
/// </summary>
public class FashionMnistTests
{
    [Fact]
    public void LoadsTheRealDebianFilesFromTheSystemLocation()
    {
        Assert.True(Directory.Exists(FashionMnist.DebianDirectory),
            "Fashion-MNIST is not installed: apt-get install dataset-fashion-mnist (./build.sh test does it).");
        using var temp = new TempDirectory();
        // An empty cache and no repository folder: the files must come from Debian's system folder.
        var sources = DatasetFiles.Sources(temp.Combine("home"), system: true);
        var ((xTrain, yTrain), (xTest, yTest)) = FashionMnist.LoadData(null, sources);
        using (xTrain) using (yTrain) using (xTest) using (yTest)
        {
            Assert.Equal(new long[] { 60000, 28, 28 }, xTrain.shape);
            Assert.Equal(new long[] { 60000 }, yTrain.shape);
            Assert.Equal(new long[] { 10000, 28, 28 }, xTest.shape);
            Assert.Equal(new long[] { 10000 }, yTest.shape);
            Assert.Equal(ScalarType.Byte, xTrain.dtype);
            Assert.Equal(ScalarType.Int64, yTest.dtype);

            var trainLabels = yTrain.data<long>().ToArray();
            var testLabels = yTest.data<long>().ToArray();
            // python3: list(labels[:10]), labels[-1], collections.Counter(labels)
            Assert.Equal(new long[] { 9, 0, 0, 3, 0, 2, 7, 2, 5, 5 }, trainLabels[..10]);
            Assert.Equal(5, trainLabels[^1]);
            Assert.Equal(new long[] { 9, 2, 1, 1, 6, 1, 4, 6, 5, 7 }, testLabels[..10]);
            Assert.Equal(5, testLabels[^1]);
            for (var c = 0; c < 10; c++)
            {
                Assert.Equal(6000, trainLabels.Count(l => l == c));
                Assert.Equal(1000, testLabels.Count(l => l == c));
            }

            var train = xTrain.data<byte>().ToArray();
            var test = xTest.data<byte>().ToArray();
            // python3: list(images[14*28:15*28]) (row 14 of image 0), sum(images[:784]), sum(images), ...
            Assert.Equal(new byte[] { 0, 0, 1, 4, 6, 7, 2, 0, 0, 0, 0, 0, 237, 226, 217, 223, 222, 219, 222, 221, 216, 223, 229, 215, 218, 255, 77, 0 },
                train.AsSpan(14 * 28, 28).ToArray());
            Assert.Equal(76247, Sum(train.AsSpan(0, 784)));
            Assert.Equal(16684, Sum(train.AsSpan(59999 * 784, 784)));
            Assert.Equal(3431114169L, Sum(train));
            Assert.Equal(33456, Sum(test.AsSpan(0, 784)));
            Assert.Equal(24390, Sum(test.AsSpan(9999 * 784, 784)));
            Assert.Equal(573469082L, Sum(test));
            Assert.Equal(126, test[20 * 28 + 10]);
        }
    }

    [Fact]
    public void ClassNamesFollowZalandoOrder()
    {
        Assert.Equal(10, FashionMnist.ClassNames.Count);
        Assert.Equal("T-shirt/top", FashionMnist.ClassNames[0]);
        Assert.Equal("Ankle boot", FashionMnist.ClassNames[9]);
    }

    private static long Sum(ReadOnlySpan<byte> values)
    {
        long total = 0;
        foreach (var v in values) total += v;
        return total;
    }
}
