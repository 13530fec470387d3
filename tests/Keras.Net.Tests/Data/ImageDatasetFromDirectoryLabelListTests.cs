using KerasNet.Data;
using KerasNet.Tests.LayersTests;

namespace KerasNet.Tests.Data;

/// <summary>ImageDatasetFromDirectory with Keras's explicit list of labels (one per file, in sorted path order).</summary>
[Collection(GlobalConfigCollection.Name)]
public class ImageDatasetFromDirectoryLabelListTests
{
    /// <summary>
    /// Seven PNGs whose red value encodes their position in Keras's order (10 × (position + 1)), a text file that is
    /// not an image, and folder names whose order needs care: Keras sorts the walked folders by path, so "c_fish-x"
    /// ('-' is below '/') comes between "c_fish" and "c_fish/deeper", and the root's own files come first.
    /// </summary>
    private static (TempDirectory Temp, string Root, string[] Expected) MakeFolder()
    {
        var temp = new TempDirectory();
        var root = temp.Combine("root");
        var expected = new[]
        {
            Path.Combine("top.png"),
            Path.Combine("a_cats", "x.png"),
            Path.Combine("a_cats", "y.png"),
            Path.Combine("b_dogs", "0.png"),
            Path.Combine("c_fish", "b.png"),
            Path.Combine("c_fish-x", "z.png"),
            Path.Combine("c_fish", "deeper", "a.png"),
        };
        // Written in another order than Keras's, so that the test does not pass by creation order.
        foreach (var i in new[] { 6, 2, 0, 5, 1, 4, 3 })
            TestImages.WritePng(Path.Combine(root, expected[i]), 4 + i, 3, ((byte)(10 * (i + 1)), 0, 0));
        File.WriteAllText(Path.Combine(root, "b_dogs", "notes.txt"), "not an image");
        return (temp, root, expected);
    }

    private static List<Batch> All(IDataSource data, int epoch = 0) => data.GetBatches(epoch).ToList();

    [Fact]
    public void TheIthFileInSortedPathOrderTakesTheIthLabel()
    {
        var (temp, root, expected) = MakeFolder();
        using var _ = temp;
        var output = new StringWriter();
        long[] labels = { 2, 0, 1, 1, 0, 2, 1 };
        var data = ImageDatasets.ImageDatasetFromDirectory(root, labels, batchSize: 4, imageSize: (2, 2), shuffle: false, output: output);
        Assert.Equal("Found 7 files belonging to 3 classes." + Environment.NewLine, output.ToString());
        Assert.Equal(expected.Select(p => Path.Combine(root, p)), data.FilePaths);
        Assert.Equal(labels, data.Labels);
        Assert.Equal(new[] { "0", "1", "2" }, data.ClassNames);

        using var scope = torch.NewDisposeScope();
        var batches = All(data);
        Assert.Equal(labels, batches.SelectMany(b => b.Y[0].data<long>().ToArray()));
        // The pixels come from the file the label belongs to: red = 10 × (position + 1).
        Assert.Equal(new float[] { 10, 20, 30, 40, 50, 60, 70 }, batches.SelectMany(b => Enumerable.Range(0, (int)b.Size).Select(r => b.X[0][r, 0, 0, 0].item<float>())));

        // The same order as a call without labels, which the docs point to for building the list.
        var unlabelled = ImageDatasets.ImageDatasetFromDirectory(root, labels: null, imageSize: (2, 2), shuffle: false, output: TextWriter.Null);
        Assert.Equal(data.FilePaths, unlabelled.FilePaths);
        Assert.Empty(unlabelled.Labels);
        Assert.Empty(All(unlabelled)[0].Y);
    }

    [Fact]
    public void LabelModesApplyToTheList()
    {
        var (temp, root, _) = MakeFolder();
        using var _t = temp;
        using var scope = torch.NewDisposeScope();
        var categorical = ImageDatasets.ImageDatasetFromDirectory(root, [3, 0, 1, 3, 0, 1, 0], labelMode: "categorical", batchSize: 7, imageSize: (2, 2),
            shuffle: false, output: TextWriter.Null);
        var y = All(categorical)[0].Y[0];
        Assert.Equal(ScalarType.Float32, y.dtype);
        Assert.Equal(new long[] { 7, 4 }, y.shape);
        Assert.Equal(new float[] { 0, 0, 0, 1, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0 }, y.data<float>().ToArray());

        var binary = ImageDatasets.ImageDatasetFromDirectory(root, [1, 0, 0, 1, 1, 0, 1], labelMode: "binary", batchSize: 7, imageSize: (2, 2),
            shuffle: false, output: TextWriter.Null);
        y = All(binary)[0].Y[0];
        Assert.Equal(new long[] { 7, 1 }, y.shape);
        Assert.Equal(new float[] { 1, 0, 0, 1, 1, 0, 1 }, y.data<float>().ToArray());

        var none = ImageDatasets.ImageDatasetFromDirectory(root, [1, 0, 0, 1, 1, 0, 1], labelMode: null, batchSize: 7, imageSize: (2, 2),
            shuffle: false, output: TextWriter.Null);
        Assert.Empty(All(none)[0].Y);
    }

    [Fact]
    public void AWrongListSaysWhatIsWrong()
    {
        var (temp, root, expected) = MakeFolder();
        using var _ = temp;
        var count = Assert.Throws<ArgumentException>(() => ImageDatasets.ImageDatasetFromDirectory(root, new long[] { 0, 1, 0 }, output: TextWriter.Null));
        Assert.Equal("labels", count.ParamName);
        Assert.StartsWith($"ImageDatasetFromDirectory: labels holds 3 labels but 7 files were found in '{root}'; give one label per file, " +
            "in the alphanumeric order of the file paths", count.Message);

        var negative = Assert.Throws<ArgumentException>(() => ImageDatasets.ImageDatasetFromDirectory(root, new long[] { 0, 1, -1, 0, 1, 0, 1 }, output: TextWriter.Null));
        Assert.StartsWith($"ImageDatasetFromDirectory: labels[2] is -1 (file '{Path.Combine(root, expected[2])}'); labels are class indices and must be 0 or more.",
            negative.Message);

        var binary = Assert.Throws<ArgumentException>(() =>
            ImageDatasets.ImageDatasetFromDirectory(root, new long[] { 0, 1, 0, 2, 1, 0, 1 }, labelMode: "binary", output: TextWriter.Null));
        Assert.StartsWith($"ImageDatasetFromDirectory: labelMode 'binary' needs labels 0 and 1; labels[3] is 2 (file '{Path.Combine(root, expected[3])}').",
            binary.Message);
        var oneClass = Assert.Throws<ArgumentException>(() =>
            ImageDatasets.ImageDatasetFromDirectory(root, new long[7], labelMode: "binary", output: TextWriter.Null));
        Assert.StartsWith("ImageDatasetFromDirectory: labelMode 'binary' needs labels 0 and 1; all 7 labels are 0.", oneClass.Message);

        // labelMode null drops the labels from the batches, but a list that does not fit the files is still a mistake.
        Assert.Contains("labels holds 1 labels but 7 files", Assert.Throws<ArgumentException>(() =>
            ImageDatasets.ImageDatasetFromDirectory(root, new long[] { 0 }, labelMode: null, output: TextWriter.Null)).Message);
        Assert.Contains("labelMode must be 'int', 'categorical', 'binary' or null; received 'sparse'", Assert.Throws<ArgumentException>(() =>
            ImageDatasets.ImageDatasetFromDirectory(root, new long[7], labelMode: "sparse", output: TextWriter.Null)).Message);
        Assert.Throws<ArgumentNullException>(() => ImageDatasets.ImageDatasetFromDirectory(root, (IReadOnlyList<long>)null!, output: TextWriter.Null));
    }

    [Fact]
    public void AValidationSplitKeepsEachFileWithItsLabel()
    {
        var (temp, root, expected) = MakeFolder();
        using var _ = temp;
        // Every file its own label (its position), so any mix-up of files and labels shows.
        long[] labels = { 0, 1, 2, 3, 4, 5, 6 };
        var labelOf = expected.Select((p, i) => (Path.Combine(root, p), labels[i])).ToDictionary(x => x.Item1, x => x.Item2);
        var output = new StringWriter();
        var (training, validation) = ImageDatasets.ImageDatasetsFromDirectory(root, 0.3, labels, seed: 5, batchSize: 3, imageSize: (2, 2), output: output);
        Assert.Equal(string.Join(Environment.NewLine, "Found 7 files belonging to 7 classes.", "Using 5 files for training.", "Using 2 files for validation.", ""),
            output.ToString());

        // The files are shuffled exactly as without labels (same seed), and each keeps its label.
        var unlabelledTraining = ImageDatasets.ImageDatasetFromDirectory(root, labels: null, validationSplit: 0.3, subset: "training", seed: 5, output: TextWriter.Null);
        Assert.Equal(unlabelledTraining.FilePaths, training.FilePaths);
        Assert.NotEqual(expected.Take(5).Select(p => Path.Combine(root, p)), training.FilePaths);
        Assert.Equal(training.FilePaths.Select(p => labelOf[p]), training.Labels);
        Assert.Equal(validation.FilePaths.Select(p => labelOf[p]), validation.Labels);
        Assert.Equal(7, training.FilePaths.Union(validation.FilePaths).Count());

        // Through the loader's per-epoch shuffle too: the image (red = 10 × (position + 1)) matches its label in every batch.
        using var scope = torch.NewDisposeScope();
        foreach (var data in new[] { training, validation })
            for (var epoch = 0; epoch < 2; epoch++)
                foreach (var batch in All(data, epoch))
                    for (var r = 0; r < batch.Size; r++)
                        Assert.Equal(10f * (batch.Y[0][r].item<long>() + 1), batch.X[0][r, 0, 0, 0].item<float>());

        var alone = ImageDatasets.ImageDatasetFromDirectory(root, labels, validationSplit: 0.3, subset: "validation", seed: 5, imageSize: (2, 2), output: TextWriter.Null);
        Assert.Equal(validation.FilePaths, alone.FilePaths);
        Assert.Equal(validation.Labels, alone.Labels);
    }
}
