// Text classification of Debian's fortunes quotations by category (computers, politics, science, songs-poems):
// an Embedding + Bidirectional LSTM classifier beside a bag-of-words (multi-hot) Dense baseline, both trained the
// same way, in the spirit of Keras's text classification examples.
//
//   ./build.sh example lstm-text [--help]   (builds datasets/fortunes from Debian's 'fortunes' package first)
using KerasNet;
using KerasNet.Data;
using KerasNet.Layers;
using KerasNet.Models;
using TorchSharp;
using static TorchSharp.torch;

var options = Options.Parse(args);
torch.manual_seed(options.Seed);

// datasets/fortunes/{train,test}/<category>/NNNN.txt, made by datasets/fortunes-to-folders.py.
var train = Utils.TextDatasetFromDirectory(Path.Combine(options.Data, "train"), batchSize: options.BatchSize, seed: (int)options.Seed);
var test = Utils.TextDatasetFromDirectory(Path.Combine(options.Data, "test"), batchSize: options.BatchSize, shuffle: false);
if (options.TrainLimit is { } limit && limit < train.Count) train = train.Take(Enumerable.Range(0, limit).ToArray());
var classes = train.ClassNames.Count;
Console.WriteLine($"Classes: {string.Join(", ", train.ClassNames)}; {train.Count} training and {test.Count} test quotations.");

// 1. Embedding + Bidirectional LSTM over token indices. Strings cannot enter a model (libtorch has no string tensors):
// a TextVectorization turns each batch of texts into token indices (int64) in the data pipeline, in front of the model.
var sequences = new TextVectorization(maxTokens: options.MaxTokens, outputSequenceLength: options.SequenceLength);
sequences.Adapt(train.Texts);
Console.WriteLine($"Vocabulary: {sequences.VocabularySize()} tokens (most frequent: {string.Join(" ", sequences.GetVocabulary().Skip(2).Take(10))})");
var lstm = new Sequential(new Layer[]
{
    Keras.Input(new long[] { options.SequenceLength }, ScalarType.Int64),
    // --mask: index 0 (padding) yields a mask and the LSTM skips padded steps exactly, but then runs step by step
    // instead of on libtorch's fused kernel (several times slower); without it, padding is read as a token.
    new Embedding(sequences.VocabularySize(), 64, maskZero: options.Mask),
    new Bidirectional(new LSTM(32)),
    new Dropout(0.5),
    new Dense(classes, activation: "softmax"),
});
lstm.PrintSummary();
var lstmAccuracy = TrainAndTest(lstm, sequences.Vectorize(train), sequences.Vectorize(test), "Bidirectional LSTM");

// 2. Baseline: a bag of words (which words occur, not their order: multi-hot float32 vectors) into a small Dense network.
var bagOfWords = new TextVectorization(maxTokens: options.MaxTokens, outputMode: "multi_hot");
bagOfWords.Adapt(train.Texts);
var dense = new Sequential(new Layer[]
{
    Keras.Input(bagOfWords.VocabularySize()),
    new Dense(64, activation: "relu"),
    new Dropout(0.5),
    new Dense(classes, activation: "softmax"),
});
var baselineAccuracy = TrainAndTest(dense, bagOfWords.Vectorize(train), bagOfWords.Vectorize(test), "Bag-of-words Dense");

Console.WriteLine($"Chance (largest class): {test.Labels!.GroupBy(l => l).Max(g => g.Count()) / (double)test.Count:F4}");
Console.WriteLine($"Test accuracy (Bidirectional LSTM): {lstmAccuracy:F4}");
Console.WriteLine($"Test accuracy (bag-of-words Dense): {baselineAccuracy:F4}");

double TrainAndTest(Model model, IDataSource trainData, IDataSource testData, string title)
{
    Console.WriteLine($"Training: {title}");
    model.Compile(optimizer: "adam", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"])
         .Fit(trainData, epochs: options.Epochs, validationData: testData);
    return model.EvaluateDict(testData, verbose: Verbosity.Silent)["accuracy"];
}

internal sealed record Options(int Epochs, int BatchSize, int MaxTokens, int SequenceLength, long Seed, int? TrainLimit, string Data, bool Mask)
{
    public static Options Parse(string[] args) => CommandLine.Parse("lstm-text", "Classifies fortunes quotations by category: a Bidirectional LSTM beside a bag-of-words baseline.", args, line => new Options(
        Epochs: line.Int("--epochs", 10, "passes over the training quotations, for each model"),
        BatchSize: line.Int("--batch-size", 32, "quotations per training step"),
        MaxTokens: line.Int("--max-tokens", 10000, "vocabulary size, padding and unknown included"),
        SequenceLength: line.Int("--sequence-length", 100, "tokens per quotation for the LSTM, padded or cut"),
        Seed: line.Long("--seed", 1337, "seed of the initial weights and the shuffling"),
        TrainLimit: line.OptionalInt("--train-limit", "train on the first N training quotations", "all"),
        Data: FortunesFolder.Option(line),
        Mask: line.Flag("--mask", "skip padded steps exactly; slower, as the LSTM then runs step by step")));
}
