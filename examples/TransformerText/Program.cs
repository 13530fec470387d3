// Text classification of Debian's fortunes quotations by category (computers, politics, science, songs-poems)
// with a small Transformer: TokenAndPositionEmbedding + TransformerEncoder + average over the sequence, in the
// spirit of Keras's "text classification with Transformer" example. Same data and vectorization as lstm-text.
//
//   ./build.sh example transformer-text [--help]   (builds datasets/fortunes from Debian's 'fortunes' package first)
using KerasNet;
using KerasNet.Data;
using KerasNet.Layers;
using KerasNet.Models;
using TorchSharp;
using static TorchSharp.torch;

var options = Options.Parse(args);
torch.manual_seed(options.Seed);

var train = Utils.TextDatasetFromDirectory(Path.Combine(options.Data, "train"), batchSize: options.BatchSize, seed: (int)options.Seed);
var test = Utils.TextDatasetFromDirectory(Path.Combine(options.Data, "test"), batchSize: options.BatchSize, shuffle: false);
if (options.TrainLimit is { } limit && limit < train.Count) train = train.Take(Enumerable.Range(0, limit).ToArray());
var classes = train.ClassNames.Count;
Console.WriteLine($"Classes: {string.Join(", ", train.ClassNames)}; {train.Count} training and {test.Count} test quotations.");

// Strings cannot enter a model (libtorch has no string tensors): a TextVectorization turns each batch of texts into
// int64 token indices in the data pipeline, in front of the model.
var vectorizer = new TextVectorization(maxTokens: options.MaxTokens, outputSequenceLength: options.SequenceLength);
vectorizer.Adapt(train.Texts);
Console.WriteLine($"Vocabulary: {vectorizer.VocabularySize()} tokens");

const int embeddingDim = 64, heads = 4, feedForward = 64;
var model = new Sequential(new Layer[]
{
    Keras.Input(new long[] { options.SequenceLength }, ScalarType.Int64),
    new TokenAndPositionEmbedding(vectorizer.VocabularySize(), options.SequenceLength, embeddingDim),
    new TransformerEncoder(intermediateDim: feedForward, numHeads: heads, dropout: 0.1),
    new GlobalAveragePooling1D(), // (batch, steps, features): average over the steps
    new Dropout(0.1),
    new Dense(classes, activation: "softmax"),
});
model.PrintSummary();

var trainData = vectorizer.Vectorize(train);
var testData = vectorizer.Vectorize(test);
model.Compile(optimizer: "adam", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"])
     .Fit(trainData, epochs: options.Epochs, validationData: testData);
var score = model.EvaluateDict(testData, verbose: Verbosity.Silent);
Console.WriteLine($"Chance (largest class): {test.Labels!.GroupBy(l => l).Max(g => g.Count()) / (double)test.Count:F4}");
Console.WriteLine($"Test loss: {score["loss"]:F4}");
Console.WriteLine($"Test accuracy: {score["accuracy"]:F4}");

internal sealed record Options(int Epochs, int BatchSize, int MaxTokens, int SequenceLength, long Seed, int? TrainLimit, string Data)
{
    public static Options Parse(string[] args) => CommandLine.Parse("transformer-text", "Classifies fortunes quotations by category with a small Transformer.", args, line => new Options(
        Epochs: line.Int("--epochs", 10, "passes over the training quotations"),
        BatchSize: line.Int("--batch-size", 32, "quotations per training step"),
        MaxTokens: line.Int("--max-tokens", 10000, "vocabulary size, padding and unknown included"),
        SequenceLength: line.Int("--sequence-length", 100, "tokens per quotation, padded or cut"),
        Seed: line.Long("--seed", 1337, "seed of the initial weights and the shuffling"),
        TrainLimit: line.OptionalInt("--train-limit", "train on the first N training quotations", "all"),
        Data: FortunesFolder.Option(line)));
}
