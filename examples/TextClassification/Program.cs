// keras.io's "Text classification from scratch" (sentiment of IMDB movie reviews): raw text files, a TextVectorization
// in the data pipeline, then Embedding -> Dropout -> two strided Conv1D -> GlobalMaxPooling1D -> Dense -> Dense(sigmoid).
// The 1D layers take (batch, steps, features), Keras's layout, with no argument.
//
// The IMDB reviews: download https://ai.stanford.edu/~amaas/data/sentiment/aclImdb_v1.tar.gz, extract it into
// datasets/ (giving datasets/aclImdb/train/{pos,neg} and datasets/aclImdb/test/{pos,neg}; delete aclImdb/train/unsup,
// as keras.io does), or pass --data DIR. Without them the example runs offline on a small sample of the same kind:
// two categories of Debian's fortunes quotations (datasets/fortunes, computers against songs-poems).
//
//   ./build.sh example text-classification [--help]
using System.Text.RegularExpressions;
using KerasNet;
using KerasNet.Data;
using KerasNet.Layers;
using KerasNet.Models;
using TorchSharp;
using static TorchSharp.torch;

var options = Options.Parse(args);
torch.manual_seed(options.Seed);

var imdb = Directory.Exists(Path.Combine(options.Data, "train", "pos"));
Console.WriteLine(imdb
    ? $"IMDB reviews from {options.Data}"
    : $"IMDB reviews not found in {options.Data} (see the top of Program.cs for where to put them): the offline sample, " +
      "fortunes quotations, computers (0) against songs-poems (1)");
var textRoot = imdb ? options.Data : FortunesFolder.Find();

// keras.io: 20% of the training reviews for validation, the test folder for the final score.
var rawTrain = Utils.TextDatasetFromDirectory(Path.Combine(textRoot, "train"), batchSize: options.BatchSize,
                                              validationSplit: 0.2, subset: "training", seed: 1337);
var rawVal = Utils.TextDatasetFromDirectory(Path.Combine(textRoot, "train"), batchSize: options.BatchSize,
                                            validationSplit: 0.2, subset: "validation", seed: 1337);
var rawTest = Utils.TextDatasetFromDirectory(Path.Combine(textRoot, "test"), batchSize: options.BatchSize, shuffle: false);
if (!imdb) (rawTrain, rawVal, rawTest) = (TwoClasses(rawTrain, true), TwoClasses(rawVal, false), TwoClasses(rawTest, false));
if (options.TrainLimit is { } limit && limit < rawTrain.Count) rawTrain = rawTrain.Take(Enumerable.Range(0, limit).ToArray());
Console.WriteLine($"{rawTrain.Count} training, {rawVal.Count} validation and {rawTest.Count} test texts.");

// The reviews hold HTML line breaks: lower-case, drop "<br />", then strip punctuation (keras.io's custom_standardization).
static string CustomStandardization(string text) =>
    Regex.Replace(Regex.Replace(text.ToLowerInvariant(), "<br />", " "), @"[\p{P}\p{S}]", "");

const int maxFeatures = 20000, embeddingDim = 128;
var vectorizeLayer = new TextVectorization(maxTokens: maxFeatures, outputMode: "int", outputSequenceLength: options.SequenceLength,
                                           standardize: null, customStandardize: CustomStandardization);
vectorizeLayer.Adapt(rawTrain.Texts);
Console.WriteLine($"Vocabulary: {vectorizeLayer.VocabularySize()} tokens");

var trainDs = vectorizeLayer.Vectorize(rawTrain);
var valDs = vectorizeLayer.Vectorize(rawVal);
var testDs = vectorizeLayer.Vectorize(rawTest);

// A integer input for the vocab indices.
var inputs = Keras.Input(new long[] { options.SequenceLength }, ScalarType.Int64);
// Next, we add a layer to map those vocab indices into a space of dimensionality 'embeddingDim'.
var x = new Embedding(maxFeatures, embeddingDim).Apply(inputs);
x = new Dropout(0.5).Apply(x);
// Conv1D + global max pooling over (batch, steps, features).
x = new Conv1D(128, 7, padding: "valid", activation: "relu", strides: 3).Apply(x);
x = new Conv1D(128, 7, padding: "valid", activation: "relu", strides: 3).Apply(x);
x = new GlobalMaxPooling1D().Apply(x);
// We add a vanilla hidden layer:
x = new Dense(128, activation: "relu").Apply(x);
x = new Dropout(0.5).Apply(x);
// We project onto a single unit output layer, and squash it with a sigmoid:
var predictions = new Dense(1, activation: "sigmoid", name: "predictions").Apply(x);

var model = new Model(inputs, predictions);
model.PrintSummary();
// Compile the model with binary crossentropy loss and an adam optimizer.
model.Compile(loss: "binary_crossentropy", optimizer: "adam", metrics: ["accuracy"]);
// Fit the model using the train and validation datasets.
model.Fit(trainDs, validationData: valDs, epochs: options.Epochs);

var score = model.EvaluateDict(testDs, verbose: Verbosity.Silent);
Console.WriteLine($"Chance (largest class): {rawTest.Labels!.GroupBy(l => l).Max(g => g.Count()) / (double)rawTest.Count:F4}");
Console.WriteLine($"Test loss: {score["loss"]:F4}");
Console.WriteLine($"Test accuracy: {score["accuracy"]:F4}");

// The offline sample: the quotations of two fortunes categories, labelled 0 and 1.
TextDataset TwoClasses(TextDataset all, bool shuffle)
{
    var (negative, positive) = (all.ClassNames.ToList().IndexOf("computers"), all.ClassNames.ToList().IndexOf("songs-poems"));
    var kept = Enumerable.Range(0, all.Count).Where(i => all.Labels![i] == negative || all.Labels![i] == positive).ToArray();
    return new TextDataset(kept.Select(i => all.Texts[i]).ToArray(), kept.Select(i => all.Labels![i] == positive ? 1L : 0L).ToArray(),
                           new[] { "computers", "songs-poems" }, "int", options.BatchSize, shuffle, seed: 1337);
}

internal sealed record Options(int Epochs, int BatchSize, int SequenceLength, long Seed, int? TrainLimit, string Data)
{
    public static Options Parse(string[] args) => CommandLine.Parse("text-classification",
        "keras.io's text classification from scratch: IMDB review sentiment with 1D convolutions.", args, line => new Options(
        Epochs: line.Int("--epochs", 3, "passes over the training texts"),
        BatchSize: line.Int("--batch-size", 32, "texts per training step"),
        SequenceLength: line.Int("--sequence-length", 500, "tokens per text, padded or cut"),
        Seed: line.Long("--seed", 1337, "seed of the initial weights and the shuffling"),
        TrainLimit: line.OptionalInt("--train-limit", "train on the first N training texts", "all"),
        Data: line.Text("--data", ImdbFolder(), "the extracted aclImdb folder (train/ and test/ of pos/ and neg/ reviews)", "DIR")));

    /// <summary>datasets/aclImdb in the repository, found by walking up from the current folder and the program's folder.</summary>
    private static string ImdbFolder()
    {
        foreach (var start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (Directory.Exists(Path.Combine(dir.FullName, "datasets", "aclImdb")))
                    return Path.Combine(dir.FullName, "datasets", "aclImdb");
        return Path.Combine("datasets", "aclImdb");
    }
}
