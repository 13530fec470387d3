using KerasNet.Data;
using KerasNet.Tests.Data;

namespace KerasNet.Tests.Data.Text;

/// <summary>Utils.TextDatasetFromDirectory with Keras's explicit list of labels (one per .txt file, in sorted path order).</summary>
public class TextDatasetFromDirectoryLabelListTests
{
    /// <summary>
    /// Six .txt files whose text is their position in Keras's order ("f0".."f5"), plus a file that is not .txt. The root's
    /// own files come first, and "neg-2" sorts between "neg" and "neg/sub" ('-' is below '/'), as Keras sorts walked folders.
    /// </summary>
    private static (string Root, string[] Expected) WriteFiles(TempDirectory temp)
    {
        var root = temp.Combine("reviews");
        var expected = new[]
        {
            Path.Combine("readme.txt"),
            Path.Combine("neg", "a.txt"),
            Path.Combine("neg", "b.TXT"),
            Path.Combine("neg-2", "c.txt"),
            Path.Combine("neg", "sub", "d.txt"),
            Path.Combine("pos", "e.txt"),
        };
        foreach (var i in new[] { 4, 1, 5, 0, 3, 2 })
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(root, expected[i]))!);
            File.WriteAllText(Path.Combine(root, expected[i]), $"f{i}");
        }
        File.WriteAllText(Path.Combine(root, "pos", "notes.md"), "not a .txt file");
        return (root, expected);
    }

    private static TextDataset Load(string root, IReadOnlyList<long> labels, string? labelMode = "int", TextWriter? log = null, bool shuffle = false,
        int? seed = null, double? validationSplit = null, string? subset = null) =>
        TextDirectory.Load(root, null, labelMode, null, 32, null, shuffle, seed, validationSplit, subset, false, log, labels)[0];

    [Fact]
    public void TheIthFileInSortedPathOrderTakesTheIthLabel()
    {
        using var temp = new TempDirectory();
        var (root, expected) = WriteFiles(temp);
        var log = new StringWriter();
        long[] labels = { 1, 0, 2, 2, 0, 1 };
        var dataset = Load(root, labels, log: log);
        Assert.Equal($"Found 6 files belonging to 3 classes.{Environment.NewLine}", log.ToString());
        Assert.Equal(new[] { "f0", "f1", "f2", "f3", "f4", "f5" }, dataset.Texts);
        Assert.Equal(expected.Select(p => Path.Combine(root, p)), dataset.FilePaths);
        Assert.Equal(labels, dataset.Labels);
        Assert.Equal(new[] { "0", "1", "2" }, dataset.ClassNames);
        using var tensor = dataset.LabelTensor();
        Assert.Equal(labels, tensor.data<long>().ToArray());

        // The public overload gives the same, and labels: null still means "no labels" (the other overload).
        var viaUtils = Utils.TextDatasetFromDirectory(root, labels, shuffle: false, verbose: false);
        Assert.Equal(dataset.Texts, viaUtils.Texts);
        Assert.Equal(labels, viaUtils.Labels);
        var unlabelled = Utils.TextDatasetFromDirectory(root, labels: null, shuffle: false, verbose: false);
        Assert.Equal(dataset.FilePaths, unlabelled.FilePaths);
        Assert.Null(unlabelled.Labels);
    }

    [Fact]
    public void LabelModesApplyToTheList()
    {
        using var temp = new TempDirectory();
        var (root, _) = WriteFiles(temp);
        using (var categorical = Load(root, [0, 3, 0, 1, 1, 0], labelMode: "categorical").LabelTensor())
        {
            Assert.Equal(new long[] { 6, 4 }, categorical.shape);
            Assert.Equal(new float[] { 1, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0 }, categorical.data<float>().ToArray());
        }
        using (var binary = Load(root, [0, 1, 1, 0, 0, 1], labelMode: "binary").LabelTensor())
        {
            Assert.Equal(ScalarType.Float32, binary.dtype);
            Assert.Equal(new long[] { 6, 1 }, binary.shape);
            Assert.Equal(new float[] { 0, 1, 1, 0, 0, 1 }, binary.data<float>().ToArray());
        }
        var none = Load(root, [0, 1, 1, 0, 0, 1], labelMode: null);
        Assert.Null(none.Labels);
        Assert.All(none.GetBatches(0), batch => Assert.Null(batch.Labels));
    }

    [Fact]
    public void InferredLabelsWithLabelModeNullGiveTextsOnly()
    {
        using var temp = new TempDirectory();
        var root = temp.Combine("classes");
        Directory.CreateDirectory(Path.Combine(root, "a"));
        File.WriteAllText(Path.Combine(root, "a", "1.txt"), "one");
        var dataset = Utils.TextDatasetFromDirectory(root, labelMode: null, verbose: false);
        Assert.Equal(new[] { "one" }, dataset.Texts);
        Assert.Null(dataset.Labels);
        Assert.Null(dataset.LabelMode);
    }

    [Fact]
    public void AWrongListSaysWhatIsWrong()
    {
        using var temp = new TempDirectory();
        var (root, expected) = WriteFiles(temp);
        var count = Assert.Throws<ArgumentException>(() => Utils.TextDatasetFromDirectory(root, new long[] { 0, 1 }, verbose: false));
        Assert.Equal("labels", count.ParamName);
        Assert.StartsWith($"TextDatasetFromDirectory: labels holds 2 labels but 6 files were found in '{root}'; give one label per file, " +
            "in the alphanumeric order of the file paths", count.Message);
        var negative = Assert.Throws<ArgumentException>(() => Load(root, [0, 1, 0, 0, -3, 1]));
        Assert.StartsWith($"TextDatasetFromDirectory: labels[4] is -3 (file '{Path.Combine(root, expected[4])}'); labels are class indices and must be 0 or more.",
            negative.Message);
        var binary = Assert.Throws<ArgumentException>(() => Load(root, [0, 1, 2, 0, 0, 1], labelMode: "binary"));
        Assert.StartsWith($"TextDatasetFromDirectory: labelMode 'binary' needs labels 0 and 1; labels[2] is 2 (file '{Path.Combine(root, expected[2])}').",
            binary.Message);
        Assert.StartsWith("TextDatasetFromDirectory: labelMode 'binary' needs labels 0 and 1; all 6 labels are 0.",
            Assert.Throws<ArgumentException>(() => Load(root, new long[6], labelMode: "binary")).Message);
        Assert.Contains("labels holds 7 labels but 6 files",
            Assert.Throws<ArgumentException>(() => Load(root, new long[7], labelMode: null)).Message);
        Assert.StartsWith("subset \"both\" returns two datasets",
            Assert.Throws<ArgumentException>(() => Utils.TextDatasetFromDirectory(root, new long[6], validationSplit: 0.5, seed: 1, subset: "both", verbose: false)).Message);
    }

    [Fact]
    public void AValidationSplitKeepsEachFileWithItsLabel()
    {
        using var temp = new TempDirectory();
        var root = temp.Combine("numbers");
        Directory.CreateDirectory(root);
        for (var i = 0; i < 10; i++) File.WriteAllText(Path.Combine(root, $"{i}.txt"), $"t{i}");
        long[] labels = { 3, 1, 4, 1, 5, 9, 2, 6, 5, 3 };
        var log = new StringWriter();
        var (training, validation) = Utils.TextDatasetsFromDirectory(root, 0.2, 7, labels, batchSize: 4, verbose: false);
        var both = TextDirectory.Load(root, null, "int", null, 4, null, true, 7, 0.2, "both", false, log, labels);
        Assert.Equal(string.Join(Environment.NewLine, "Found 10 files belonging to 10 classes.", "Using 8 files for training.", "Using 2 files for validation.", ""),
            log.ToString());
        // np.random.RandomState(7).shuffle(np.arange(10)) = [8, 5, 0, 2, 1, 9, 7, 3, 6, 4]: files and labels move together.
        Assert.Equal(new[] { "t8", "t5", "t0", "t2", "t1", "t9", "t7", "t3" }, training.Texts);
        Assert.Equal(new long[] { 5, 9, 3, 4, 1, 3, 6, 1 }, training.Labels);
        Assert.Equal(new[] { "t6", "t4" }, validation.Texts);
        Assert.Equal(new long[] { 2, 5 }, validation.Labels);
        Assert.Equal(training.Texts, both[0].Texts);
        Assert.Equal(validation.Labels, both[1].Labels);

        // Through the per-epoch reshuffle of the batches too.
        foreach (var batch in training.GetBatches(3))
        {
            using var y = batch.Labels!;
            Assert.Equal(batch.Texts.Select(t => labels[int.Parse(t[1..])]), y.data<long>().ToArray());
        }
        var alone = Utils.TextDatasetFromDirectory(root, labels, shuffle: true, seed: 7, validationSplit: 0.2, subset: "validation", verbose: false);
        Assert.Equal(validation.Texts, alone.Texts);
        Assert.Equal(validation.Labels, alone.Labels);
    }
}
