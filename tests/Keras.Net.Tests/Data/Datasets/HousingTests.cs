using KerasNet.Datasets;
using static KerasNet.Tests.Data.Datasets.NpzWriter;

namespace KerasNet.Tests.Data.Datasets;

/// <summary>
/// BostonHousing and CaliforniaHousing on archives in the layout of Keras's files (x: (N, features) float64, y: (N)
/// float64), written here. Row i holds x[i, j] = 100 i + j + 0.25 and y[i] = i + 0.5, so each loaded row names its
/// source row; the orders are NumPy 1.24's RandomState(seed).permutation(N) (/usr/bin/python3).
/// </summary>
public class HousingTests
{
    private static double[] XValues(int rows, int features) =>
        Enumerable.Range(0, rows).SelectMany(i => Enumerable.Range(0, features).Select(j => 100.0 * i + j + 0.25)).ToArray();

    private static double[] YValues(int rows) => Enumerable.Range(0, rows).Select(i => i + 0.5).ToArray();

    private static string Archive(TempDirectory temp, string name, int rows, int features, byte[]? x = null, byte[]? y = null)
    {
        var path = temp.Combine(name);
        File.WriteAllBytes(path, Npz(("x", x ?? Float64Npy(new long[] { rows, features }, XValues(rows, features))),
                                     ("y", y ?? Float64Npy(new long[] { rows }, YValues(rows)))));
        return path;
    }

    // The source row of each loaded sample, checked against its features.
    private static long[] SourceRows(Tensor x, Tensor y, int features)
    {
        Assert.Equal(ScalarType.Float64, x.dtype);
        Assert.Equal(new[] { y.size(0), (long)features }, x.shape);
        var rows = y.data<double>().Select(v => (long)(v - 0.5)).ToArray();
        var values = x.data<double>().ToArray();
        for (var i = 0; i < rows.Length; i++)
            for (var j = 0; j < features; j++)
                Assert.Equal(100.0 * rows[i] + j + 0.25, values[i * features + j]);
        return rows;
    }

    [Fact]
    public void BostonHousingShufflesWithNumpysRuleAndSplitsAsKeras()
    {
        using var temp = new TempDirectory();
        var path = Archive(temp, "boston_housing.npz", 6, 13);
        var ((xTrain, yTrain), (xTest, yTest)) = BostonHousing.LoadData(path, 0.2, 113, DatasetFiles.Sources(temp.Combine("home")));
        // RandomState(113).permutation(6) = [1, 0, 3, 2, 4, 5]; int(6 * 0.8) = 4 training samples.
        Assert.Equal(new long[] { 1, 0, 3, 2 }, SourceRows(xTrain, yTrain, 13));
        Assert.Equal(new long[] { 4, 5 }, SourceRows(xTest, yTest, 13));
        Assert.Equal(ScalarType.Float64, yTrain.dtype);

        // The folder form finds the file by its name.
        var ((folderX, _), _) = BostonHousing.LoadData(temp.Path, 0.2, 113, DatasetFiles.Sources(temp.Combine("home")));
        Assert.Equal(xTrain.data<double>().ToArray(), folderX.data<double>().ToArray());
    }

    [Fact]
    public void CaliforniaHousingSmallKeepsTheFirst600SamplesBeforeShuffling()
    {
        using var temp = new TempDirectory();
        var path = Archive(temp, "california_housing.npz", 700, 8);
        var sources = DatasetFiles.Sources(temp.Combine("home"));
        var ((xTrain, yTrain), (xTest, yTest)) = CaliforniaHousing.LoadData("small", path, 0.2, 113, sources);
        var train = SourceRows(xTrain, yTrain, 8);
        var test = SourceRows(xTest, yTest, 8);
        Assert.Equal(480, train.Length);
        Assert.Equal(120, test.Length);
        Assert.Equal(new long[] { 568, 505, 59, 71, 298, 205 }, train[..6]);
        Assert.Equal(new long[] { 586, 162, 165 }, test[^3..]);
        Assert.Equal(Enumerable.Range(0, 600).Select(i => (long)i), train.Concat(test).Order());

        var ((largeX, largeY), (testX, testY)) = CaliforniaHousing.LoadData("large", path, 0.3, 3, sources);
        Assert.Equal(new long[] { 386, 330, 638, 648 }, SourceRows(largeX, largeY, 8)[..4]);
        Assert.Equal(489, largeX.size(0));
        Assert.Equal(211, SourceRows(testX, testY, 8).Length);
    }

    [Fact]
    public void Float32FilesStayFloat32()
    {
        using var temp = new TempDirectory();
        var x = Float32Npy(new long[] { 5, 8 }, XValues(5, 8).Select(v => (float)v).ToArray());
        var y = Float32Npy(new long[] { 5 }, YValues(5).Select(v => (float)v).ToArray());
        var path = Archive(temp, "california_housing.npz", 5, 8, x, y);
        var ((xTrain, yTrain), _) = CaliforniaHousing.LoadData("large", path, 0.2, 113, DatasetFiles.Sources(temp.Combine("home")));
        Assert.Equal(ScalarType.Float32, xTrain.dtype);
        Assert.Equal(ScalarType.Float32, yTrain.dtype);
        Assert.Equal(new long[] { 4, 8 }, xTrain.shape);
        Assert.Equal(100f * (yTrain[0].ToDouble() - 0.5) + 7.25, xTrain[0, 7].ToDouble(), 1e-10);
    }

    [Fact]
    public void BadArgumentsAndBadFilesRaiseTypedErrors()
    {
        using var temp = new TempDirectory();
        var sources = DatasetFiles.Sources(temp.Combine("home"));
        var boston = Archive(temp, "boston_housing.npz", 6, 13);
        Assert.StartsWith("BostonHousing.LoadData: testSplit must be in [0, 1)",
            Assert.Throws<ArgumentOutOfRangeException>(() => BostonHousing.LoadData(boston, -0.1, 113, sources)).Message);
        Assert.StartsWith("CaliforniaHousing.LoadData: version must be \"large\" or \"small\"; received \"medium\".",
            Assert.Throws<ArgumentException>(() => CaliforniaHousing.LoadData("medium", boston, 0.2, 113, sources)).Message);

        // Boston's file is not California's: 13 features, not 8.
        Assert.Equal($"{boston}: holds x of shape (6, 13); California housing has 8 features per sample.",
            Assert.Throws<DatasetFormatException>(() => CaliforniaHousing.LoadData("large", boston, 0.2, 113, sources)).Message);

        var fewerTargets = Archive(temp, "few.npz", 6, 13, y: Float64Npy(new long[] { 5 }, YValues(5)));
        Assert.Equal($"{fewerTargets}: holds 6 samples (x) and 5 targets (y); each sample needs one target.",
            Assert.Throws<DatasetFormatException>(() => BostonHousing.LoadData(fewerTargets, 0.2, 113, sources)).Message);

        var integers = Archive(temp, "ints.npz", 6, 13, y: Int64Npy(new long[6]));
        Assert.Equal($"{integers}:y.npy: has dtype '<i8'; little-endian float64 ('<f8') or float32 ('<f4') was expected.",
            Assert.Throws<DatasetFormatException>(() => BostonHousing.LoadData(integers, 0.2, 113, sources)).Message);

        var flat = Archive(temp, "flat.npz", 6, 13, x: Float64Npy(new long[] { 78 }, XValues(6, 13)));
        Assert.Equal($"{flat}:x.npy: has shape (78); a 2-D array was expected.",
            Assert.Throws<DatasetFormatException>(() => BostonHousing.LoadData(flat, 0.2, 113, sources)).Message);

        var truncated = Float64Npy(new long[] { 6, 13 }, XValues(6, 13))[..^8];
        var shortData = Archive(temp, "short.npz", 6, 13, x: truncated);
        Assert.Equal($"{shortData}:x.npy: holds 616 data bytes; its header announces 78 values of 8 bytes.",
            Assert.Throws<DatasetFormatException>(() => BostonHousing.LoadData(shortData, 0.2, 113, sources)).Message);

        var columnMajor = System.Text.Encoding.Latin1.GetString(Float64Npy(new long[] { 6, 13 }, XValues(6, 13)))
            .Replace("'fortran_order': False", "'fortran_order': True ", StringComparison.Ordinal);
        var fortran = Archive(temp, "fortran.npz", 6, 13, x: System.Text.Encoding.Latin1.GetBytes(columnMajor));
        Assert.StartsWith($"{fortran}:x.npy: is stored in Fortran (column-major) order",
            Assert.Throws<DatasetFormatException>(() => BostonHousing.LoadData(fortran, 0.2, 113, sources)).Message);

        var error = Assert.Throws<DatasetNotFoundException>(() => BostonHousing.LoadData(temp.Combine("nowhere"), 0.2, 113, sources));
        Assert.Contains("https://storage.googleapis.com/tensorflow/tf-keras-datasets/boston_housing.npz  (SHA-256 f553886a1f8d56431e820c5b82552d9d95cfcb96d1e678153f8839538947dff5)", error.Message);
        error = Assert.Throws<DatasetNotFoundException>(() => CaliforniaHousing.LoadData("small", temp.Combine("nowhere"), 0.2, 113, sources));
        Assert.Contains("https://storage.googleapis.com/tensorflow/tf-keras-datasets/california_housing.npz  (SHA-256 1a2e3a52e0398de6463aebe6f4a8da34fb21fbb6b934cf88c3425e766f2a1a6f)", error.Message);
    }

    [Fact]
    public void MutatedFloatArraysRaiseFormatErrorsOnly()
    {
        var original = Float64Npy(new long[] { 3, 4 }, XValues(3, 4));
        var random = new Random(2024);
        for (var round = 0; round < 2000; round++)
        {
            var bytes = (byte[])original.Clone();
            for (var c = random.Next(1, 4); c > 0; c--) bytes[random.Next(Math.Min(bytes.Length, 140))] = (byte)random.Next(256);
            if (random.Next(4) == 0) bytes = bytes[..random.Next(bytes.Length)];
            try
            {
                NpzReader.ReadFloats(bytes, "fuzz.npy", rank: 2);
            }
            catch (DatasetFormatException)
            {
            }
        }
    }
}
