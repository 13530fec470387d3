using KerasNet.Data;
using KerasNet.Tests.LayersTests;

namespace KerasNet.Tests.Data;

[Collection(GlobalConfigCollection.Name)]
public class ImageDatasetFromDirectoryTests
{
    /// <summary>a_cats: 2 JPEGs; b_dogs: 3 red PNGs; c_fish: 2 blue PNGs (in a nested folder for one).</summary>
    private static TempDirectory MakeFolder()
    {
        var temp = new TempDirectory();
        TestImages.CopyJpeg("jpeg_rgb420.jpg", temp.Combine("root", "a_cats", "x.jpg"));
        TestImages.CopyJpeg("jpeg_rgb444.jpg", temp.Combine("root", "a_cats", "y.JPG"));
        for (var i = 0; i < 3; i++) TestImages.WritePng(temp.Combine("root", "b_dogs", $"{i}.png"), 12, 9, (255, 0, 0));
        TestImages.WritePng(temp.Combine("root", "c_fish", "b.png"), 20, 10, (0, 0, 255));
        TestImages.WritePng(temp.Combine("root", "c_fish", "deeper", "a.png"), 10, 20, (0, 0, 255));
        File.WriteAllText(temp.Combine("root", "c_fish", "notes.txt"), "not an image");
        return temp;
    }

    private static List<Batch> All(IDataSource data, int epoch = 0) => data.GetBatches(epoch).ToList();

    [Fact]
    public void InfersClassesInAlphanumericOrderAndReadsFilesInKerasOrder()
    {
        using var temp = MakeFolder();
        var output = new StringWriter();
        var data = ImageDatasets.ImageDatasetFromDirectory(temp.Combine("root"), batchSize: 4, imageSize: (8, 6), shuffle: false, output: output);
        Assert.Equal("Found 7 files belonging to 3 classes." + Environment.NewLine, output.ToString());
        Assert.Equal(new[] { "a_cats", "b_dogs", "c_fish" }, data.ClassNames);
        Assert.Equal(new[] { "x.jpg", "y.JPG", "0.png", "1.png", "2.png", "b.png", "a.png" }, data.FilePaths.Select(Path.GetFileName));
        Assert.Equal(new long[] { 0, 0, 1, 1, 1, 2, 2 }, data.Labels);
        Assert.Equal(2, data.BatchCount);

        using var scope = torch.NewDisposeScope();
        var batches = All(data);
        Assert.Equal(new long[] { 4, 3, 8, 6 }, batches[0].X[0].shape);
        Assert.Equal(ScalarType.Float32, batches[0].X[0].dtype);
        Assert.Equal(new long[] { 0, 0, 1, 1 }, batches[0].Y[0].data<long>().ToArray());
        Assert.Equal(new long[] { 1, 2, 2 }, batches[1].Y[0].data<long>().ToArray());
        // Red PNG: 255 in channel 0 everywhere (values stay 0..255, as Keras), 0 elsewhere; blue in channel 2.
        var red = batches[0].X[0].select(0, 2);
        Assert.Equal(255f, red.select(0, 0).min().item<float>());
        Assert.Equal(0f, red.narrow(0, 1, 2).max().item<float>());
        Assert.Equal(255f, batches[1].X[0].select(0, 2).select(0, 2).min().item<float>());
    }

    [Fact]
    public void LabelModesGiveKerasDtypesAndShapes()
    {
        using var temp = MakeFolder();
        using var scope = torch.NewDisposeScope();
        var categorical = ImageDatasets.ImageDatasetFromDirectory(temp.Combine("root"), labelMode: "categorical", batchSize: 7, imageSize: (4, 4), shuffle: false, output: TextWriter.Null);
        var y = All(categorical)[0].Y[0];
        Assert.Equal(new long[] { 7, 3 }, y.shape);
        Assert.Equal(new float[] { 1, 0, 0 }, y.select(0, 0).data<float>().ToArray());
        Assert.Equal(new float[] { 0, 0, 1 }, y.select(0, 6).data<float>().ToArray());

        var none = ImageDatasets.ImageDatasetFromDirectory(temp.Combine("root"), labelMode: null, batchSize: 7, imageSize: (4, 4), shuffle: false, output: TextWriter.Null);
        Assert.Empty(All(none)[0].Y);

        var gray = ImageDatasets.ImageDatasetFromDirectory(temp.Combine("root"), colorMode: "grayscale", batchSize: 7, imageSize: (5, 4), shuffle: false, output: TextWriter.Null);
        Assert.Equal(new long[] { 7, 1, 5, 4 }, All(gray)[0].X[0].shape);

        Assert.Contains("labelMode 'binary' needs exactly 2 classes; found 3",
            Assert.Throws<ArgumentException>(() => ImageDatasets.ImageDatasetFromDirectory(temp.Combine("root"), labelMode: "binary", output: TextWriter.Null)).Message);
        Directory.Delete(temp.Combine("root", "a_cats"), recursive: true);
        var binary = ImageDatasets.ImageDatasetFromDirectory(temp.Combine("root"), labelMode: "binary", classNames: new[] { "c_fish", "b_dogs" }, batchSize: 8,
            imageSize: (4, 4), shuffle: false, output: TextWriter.Null);
        Assert.Equal(new[] { "c_fish", "b_dogs" }, binary.ClassNames);
        var labels = All(binary)[0].Y[0];
        Assert.Equal(new long[] { 5, 1 }, labels.shape);
        Assert.Equal(new float[] { 0, 0, 1, 1, 1 }, labels.data<float>().ToArray());
    }

    [Fact]
    public void ValidationSplitTakesTheEndOfOneSeededShuffleAndPrintsTheCounts()
    {
        using var temp = MakeFolder();
        var output = new StringWriter();
        var (training, validation) = ImageDatasets.ImageDatasetsFromDirectory(temp.Combine("root"), validationSplit: 0.3, seed: 9, imageSize: (4, 4), output: output);
        Assert.Equal(string.Join(Environment.NewLine, "Found 7 files belonging to 3 classes.", "Using 5 files for training.", "Using 2 files for validation.", ""),
            output.ToString());
        Assert.Equal(5, training.FilePaths.Count);
        Assert.Equal(2, validation.FilePaths.Count);
        Assert.Empty(training.FilePaths.Intersect(validation.FilePaths));
        Assert.Equal(7, training.FilePaths.Union(validation.FilePaths).Count());

        // The single-subset calls with the same seed give the same split.
        var alone = ImageDatasets.ImageDatasetFromDirectory(temp.Combine("root"), validationSplit: 0.3, subset: "validation", seed: 9, imageSize: (4, 4), output: TextWriter.Null);
        Assert.Equal(validation.FilePaths, alone.FilePaths);
        Assert.Equal(validation.Labels, alone.Labels);
        // Labels follow their files through the shuffle.
        foreach (var (path, label) in training.FilePaths.Zip(training.Labels))
            Assert.Contains(Path.DirectorySeparatorChar + training.ClassNames[(int)label] + Path.DirectorySeparatorChar, path);
    }

    [Fact]
    public void ChannelsLastFollowsTheGlobalImageDataFormat()
    {
        using var temp = MakeFolder();
        using var scope = torch.NewDisposeScope();
        ImageDirectoryData data;
        try
        {
            Config.ImageDataFormat = ImageDataFormat.ChannelsLast;
            data = ImageDatasets.ImageDatasetFromDirectory(temp.Combine("root"), batchSize: 7, imageSize: (5, 3), shuffle: false, output: TextWriter.Null);
        }
        finally
        {
            Config.ImageDataFormat = ImageDataFormat.ChannelsFirst;
        }
        var x = All(data)[0].X[0];
        Assert.Equal(new long[] { 7, 5, 3, 3 }, x.shape);
        Assert.Equal(new float[] { 255, 0, 0 }, x.select(0, 2).select(0, 0).select(0, 0).data<float>().ToArray());
    }

    [Fact]
    public void BadFoldersAndArgumentsRaiseClearErrors()
    {
        using var temp = MakeFolder();
        var missing = temp.Combine("nowhere");
        Assert.Contains($"the directory '{missing}' does not exist",
            Assert.Throws<DirectoryNotFoundException>(() => ImageDatasets.ImageDatasetFromDirectory(missing, output: TextWriter.Null)).Message);

        Directory.CreateDirectory(temp.Combine("root", "d_empty"));
        var empty = Assert.Throws<ArgumentException>(() => ImageDatasets.ImageDatasetFromDirectory(temp.Combine("root"), output: TextWriter.Null));
        Assert.Contains($"the class folder '{temp.Combine("root", "d_empty")}' holds no images", empty.Message);
        Directory.Delete(temp.Combine("root", "d_empty"));

        Assert.Contains("give a seed", Assert.Throws<ArgumentException>(() =>
            ImageDatasets.ImageDatasetFromDirectory(temp.Combine("root"), validationSplit: 0.2, subset: "training", output: TextWriter.Null)).Message);
        Assert.Contains("subset 'training' needs a validationSplit", Assert.Throws<ArgumentException>(() =>
            ImageDatasets.ImageDatasetFromDirectory(temp.Combine("root"), subset: "training", output: TextWriter.Null)).Message);
        Assert.Contains("colorMode must be 'grayscale', 'rgb' or 'rgba'; received 'cmyk'", Assert.Throws<ArgumentException>(() =>
            ImageDatasets.ImageDatasetFromDirectory(temp.Combine("root"), colorMode: "cmyk", output: TextWriter.Null)).Message);
        Assert.Contains("must name each subfolder", Assert.Throws<ArgumentException>(() =>
            ImageDatasets.ImageDatasetFromDirectory(temp.Combine("root"), classNames: new[] { "a_cats" }, output: TextWriter.Null)).Message);
    }

    [Fact]
    public void ACorruptImageFailsWithItsPathOrIsSkippedWithAWarning()
    {
        using var temp = MakeFolder();
        var broken = temp.Combine("root", "b_dogs", "3_broken.png");
        var bytes = File.ReadAllBytes(temp.Combine("root", "b_dogs", "0.png"));
        File.WriteAllBytes(broken, bytes.AsSpan(0, bytes.Length / 2).ToArray());

        var strict = ImageDatasets.ImageDatasetFromDirectory(temp.Combine("root"), batchSize: 3, imageSize: (4, 4), shuffle: false, numWorkers: 2, output: TextWriter.Null);
        var error = Assert.Throws<ImageDecodeException>(() =>
        {
            using var scope = torch.NewDisposeScope();
            All(strict);
        });
        Assert.StartsWith(broken + ": ", error.Message);

        var warnings = new StringWriter();
        var lenient = ImageDatasets.ImageDatasetFromDirectory(temp.Combine("root"), batchSize: 3, imageSize: (4, 4), shuffle: false, numWorkers: 2,
            skipCorrupt: true, output: warnings);
        using (torch.NewDisposeScope())
        {
            var batches = All(lenient);
            Assert.Equal(new long[] { 0, 0, 1, 1, 1, 1, 2, 2 }.Where((_, i) => i != 5), batches.SelectMany(b => b.Y[0].data<long>().ToArray()));
            Assert.Equal(new long[] { 3, 2, 2 }, batches.Select(b => b.Size));
        }
        Assert.Contains($"Warning: skipping {broken}: ", warnings.ToString());
    }

    [Fact]
    public void FitTrainsOnAnImageFolder()
    {
        using var temp = MakeFolder();
        var data = ImageDatasets.ImageDatasetFromDirectory(temp.Combine("root"), batchSize: 4, imageSize: (6, 6), seed: 1, output: TextWriter.Null);
        var model = new Models.Sequential(new Layer[] { Keras.Input(3, 6, 6), new KerasNet.Layers.Rescaling(1.0 / 255), new KerasNet.Layers.Flatten(), new KerasNet.Layers.Dense(3, activation: "softmax") });
        model.Compile("adam", "sparse_categorical_crossentropy");
        var history = model.Fit(data, epochs: 2, verbose: Models.Verbosity.Silent);
        Assert.Equal(2, history["loss"].Count);
        Assert.True(double.IsFinite(history["loss"][1]));
    }
}
