using KerasNet.Data;
using KerasNet.Layers;
using KerasNet.Tests.Data;

namespace KerasNet.Tests.Data.Text;

/// <summary>Utils.TextDatasetFromDirectory on folders the tests write, with Keras's rules.</summary>
public class TextDatasetFromDirectoryTests
{
    /// <summary>empty/ (no files), neg/{a.txt, b.txt, notes.md}, pos/{c.txt, sub/d.TXT}.</summary>
    private static string WriteThreeClasses(TempDirectory temp)
    {
        var root = temp.Combine("reviews");
        Directory.CreateDirectory(Path.Combine(root, "empty"));
        Directory.CreateDirectory(Path.Combine(root, "neg"));
        Directory.CreateDirectory(Path.Combine(root, "pos", "sub"));
        File.WriteAllText(Path.Combine(root, "neg", "b.txt"), "bad movie");
        File.WriteAllText(Path.Combine(root, "neg", "a.txt"), "awful plot");
        File.WriteAllText(Path.Combine(root, "neg", "notes.md"), "not a text file of the data set");
        File.WriteAllText(Path.Combine(root, "pos", "c.txt"), "great film é");
        File.WriteAllText(Path.Combine(root, "pos", "sub", "d.TXT"), "loved it");
        return root;
    }

    private static TextDataset Load(string root, TextWriter? log = null, string? labelMode = "int", IReadOnlyList<string>? classNames = null,
        int? batchSize = 32, int? maxLength = null, bool shuffle = false, int? seed = null, double? validationSplit = null, string? subset = null,
        string? labels = "inferred") =>
        TextDirectory.Load(root, labels, labelMode, classNames, batchSize, maxLength, shuffle, seed, validationSplit, subset, false, log)[0];

    [Fact]
    public void ClassesAreSubfoldersInAlphanumericOrderAndOnlyTxtFilesCount()
    {
        using var temp = new TempDirectory();
        var root = WriteThreeClasses(temp);
        var log = new StringWriter();
        var dataset = Load(root, log);
        Assert.Equal($"Found 4 files belonging to 3 classes.{Environment.NewLine}", log.ToString());
        Assert.Equal(new[] { "empty", "neg", "pos" }, dataset.ClassNames);
        Assert.Equal(new[] { "awful plot", "bad movie", "great film é", "loved it" }, dataset.Texts);
        Assert.Equal(new long[] { 1, 1, 2, 2 }, dataset.Labels);
        Assert.Equal(Path.Combine(root, "pos", "sub", "d.TXT"), dataset.FilePaths[3]);
    }

    [Fact]
    public void LabelModesGiveKerasShapesAndDtypes()
    {
        using var temp = new TempDirectory();
        var root = WriteThreeClasses(temp);
        using (var labels = Load(root, labelMode: "int").LabelTensor())
        {
            Assert.Equal(ScalarType.Int64, labels.dtype);
            Assert.Equal(new long[] { 1, 1, 2, 2 }, labels.data<long>().ToArray());
        }
        using (var labels = Load(root, labelMode: "categorical").LabelTensor())
        {
            Assert.Equal(new long[] { 4, 3 }, labels.shape);
            Assert.Equal(new float[] { 0, 1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 1 }, labels.data<float>().ToArray());
        }
        Directory.Delete(Path.Combine(root, "empty"));
        using (var labels = Load(root, labelMode: "binary").LabelTensor())
        {
            Assert.Equal(ScalarType.Float32, labels.dtype);
            Assert.Equal(new long[] { 4, 1 }, labels.shape);
            Assert.Equal(new float[] { 0, 0, 1, 1 }, labels.data<float>().ToArray());
        }
        var unlabelled = Load(root, labels: null, labelMode: "int", log: new StringWriter());
        Assert.Null(unlabelled.Labels);
        Assert.Null(unlabelled.LabelMode);
        Assert.All(unlabelled.GetBatches(0), batch => Assert.Null(batch.Labels));
    }

    [Fact]
    public void ClassNamesFixTheIndicesAndMustMatchTheSubfolders()
    {
        using var temp = new TempDirectory();
        var root = WriteThreeClasses(temp);
        var dataset = Load(root, classNames: new[] { "pos", "neg", "empty" });
        Assert.Equal(new long[] { 0, 0, 1, 1 }, dataset.Labels);
        Assert.Equal(new[] { "great film é", "loved it", "awful plot", "bad movie" }, dataset.Texts);
        var error = Assert.Throws<ArgumentException>(() => Load(root, classNames: new[] { "pos", "neg" }));
        Assert.StartsWith($"classNames [pos, neg] do not match the subfolders of '{root}': [empty, neg, pos].", error.Message);
    }

    [Fact]
    public void ValidationSplitHoldsOutTheFilesNumPysShufflePutsLast()
    {
        using var temp = new TempDirectory();
        var root = temp.Combine("numbers");
        foreach (var (name, count) in new[] { ("a", 4), ("b", 6) })
        {
            Directory.CreateDirectory(Path.Combine(root, name));
            for (var i = 0; i < count; i++) File.WriteAllText(Path.Combine(root, name, $"{i}.txt"), $"{name}{i}");
        }
        var log = new StringWriter();
        var both = TextDirectory.Load(root, "inferred", "int", null, 4, null, true, 7, 0.2, "both", false, log);
        Assert.Equal(string.Join(Environment.NewLine, "Found 10 files belonging to 2 classes.", "Using 8 files for training.", "Using 2 files for validation.", ""),
            log.ToString());
        // Files in order a0..a3, b0..b5; np.random.RandomState(7).shuffle(np.arange(10)) = [8, 5, 0, 2, 1, 9, 7, 3, 6, 4].
        Assert.Equal(new[] { "b4", "b1", "a0", "a2", "a1", "b5", "b3", "a3" }, both[0].Texts);
        Assert.Equal(new[] { "b2", "b0" }, both[1].Texts);
        Assert.Empty(both[0].Texts.Intersect(both[1].Texts));
        Assert.True(both[0].Shuffle);
        Assert.False(both[1].Shuffle);
        Assert.Equal(new long[] { 1, 1, 0, 0, 0, 1, 1, 0 }, both[0].Labels);
        var training = Load(root, shuffle: true, seed: 7, validationSplit: 0.2, subset: "training", batchSize: 4);
        Assert.Equal(both[0].Texts, training.Texts);
    }

    [Fact]
    public void BatchesAreReshuffledEveryEpochAndMapToTensorsForFit()
    {
        using var temp = new TempDirectory();
        var root = WriteThreeClasses(temp);
        var dataset = Load(root, batchSize: 3, shuffle: true, seed: 1);
        var epoch0 = dataset.GetBatches(0).SelectMany(b => b.Texts).ToArray();
        Assert.Equal(dataset.Texts.OrderBy(t => t), epoch0.OrderBy(t => t));
        var orders = Enumerable.Range(0, 6).Select(e => string.Join("|", dataset.GetBatches(e).SelectMany(b => b.Texts))).Distinct().Count();
        Assert.True(orders > 1, "six epochs all used the same order");

        var vectorizer = new TextVectorization(outputMode: "multi_hot");
        vectorizer.Adapt(dataset.Texts);
        var source = vectorizer.Vectorize(dataset);
        Assert.Equal(2, source.BatchCount);
        var batches = source.GetBatches(0).ToList();
        Assert.Equal(new long[] { 3, vectorizer.VocabularySize() }, batches[0].X[0].shape);
        Assert.Equal(new long[] { 1 }, batches[1].Y[0].shape);
        var texts = dataset.GetBatches(0).First().Texts;
        using var expected = vectorizer.Call(texts);
        Assert.Equal(expected.data<float>().ToArray(), batches[0].X[0].data<float>().ToArray());
        foreach (var batch in batches)
        {
            batch.X[0].Dispose();
            batch.Y[0].Dispose();
        }
    }

    [Fact]
    public void MaxLengthTruncatesTexts()
    {
        using var temp = new TempDirectory();
        var root = WriteThreeClasses(temp);
        Assert.Equal(new[] { "awf", "bad", "gre", "lov" }, Load(root, maxLength: 3).Texts);
    }

    [Fact]
    public void BadInputSaysWhatIsWrong()
    {
        using var temp = new TempDirectory();
        var missing = temp.Combine("nowhere");
        Assert.Equal($"TextDatasetFromDirectory: the folder '{missing}' does not exist; expected a folder with one subfolder of .txt files per class.",
            Assert.Throws<DirectoryNotFoundException>(() => Utils.TextDatasetFromDirectory(missing)).Message);
        var emptyRoot = temp.Combine("no-texts");
        Directory.CreateDirectory(Path.Combine(emptyRoot, "a"));
        Assert.StartsWith($"No text files found in '{emptyRoot}'. Allowed format: .txt, in one subfolder per class.",
            Assert.Throws<ArgumentException>(() => Utils.TextDatasetFromDirectory(emptyRoot, verbose: false)).Message);
        var root = WriteThreeClasses(temp);
        Assert.StartsWith("With validationSplit and shuffle, give a seed",
            Assert.Throws<ArgumentException>(() => Utils.TextDatasetFromDirectory(root, validationSplit: 0.5, subset: "training", verbose: false)).Message);
        Assert.StartsWith("validationSplit is set, so subset must be",
            Assert.Throws<ArgumentException>(() => Utils.TextDatasetFromDirectory(root, validationSplit: 0.5, seed: 1, verbose: false)).Message);
        Assert.StartsWith("labelMode \"binary\" needs exactly 2 classes;",
            Assert.Throws<ArgumentException>(() => Utils.TextDatasetFromDirectory(root, labelMode: "binary", verbose: false)).Message);
        Assert.StartsWith("subset \"both\" returns two datasets: call Utils.TextDatasetsFromDirectory",
            Assert.Throws<ArgumentException>(() => Utils.TextDatasetFromDirectory(root, validationSplit: 0.5, seed: 1, subset: "both", verbose: false)).Message);
        Assert.StartsWith("validationSplit 0.1 of 4 files leaves an empty validation subset",
            Assert.Throws<ArgumentException>(() => Utils.TextDatasetFromDirectory(root, validationSplit: 0.1, seed: 1, subset: "training", verbose: false)).Message);
        Assert.StartsWith("labelMode received 'sparse'",
            Assert.Throws<ArgumentException>(() => Utils.TextDatasetFromDirectory(root, labelMode: "sparse", verbose: false)).Message);
    }
}
