// A character-level LSTM language model on Debian's fortunes quotations, in the spirit of Keras's character-level
// text generation example: it learns to predict the next character, reports the validation perplexity (exp of the
// mean cross-entropy per character) and, after each epoch, writes new text at several temperatures.
//
//   ./build.sh example char-rnn [--help]   (builds datasets/fortunes from Debian's 'fortunes' package first)
using KerasNet;
using KerasNet.Callbacks;
using KerasNet.Layers;
using KerasNet.Losses;
using KerasNet.Models;
using KerasNet.Optimizers;
using TorchSharp;
using static TorchSharp.torch;

var options = Options.Parse(args);
torch.manual_seed(options.Seed);

// The quotations of every category, one after another: train/ for training, test/ for validation.
var trainTexts = Utils.TextDatasetFromDirectory(Path.Combine(options.Data, "train"), labels: null, shuffle: true, seed: (int)options.Seed).Texts;
var testTexts = Utils.TextDatasetFromDirectory(Path.Combine(options.Data, "test"), labels: null, shuffle: true, seed: (int)options.Seed).Texts;
var trainCorpus = Cut(string.Join("\n", trainTexts), options.MaxChars);
var testCorpus = Cut(string.Join("\n", testTexts), options.MaxChars / 4);

// One token per character; index 0 (padding) and 1 (unknown character) never occur in the training text.
var characters = new TextVectorization(standardize: null, split: "character");
characters.Adapt(new[] { trainCorpus });
var vocabulary = characters.GetVocabulary();
Console.WriteLine($"{trainCorpus.Length} training and {testCorpus.Length} validation characters; {vocabulary.Count - 2} distinct characters.");

var (xTrain, yTrain) = Windows(characters, trainCorpus, options.SequenceLength);
var (xTest, yTest) = Windows(characters, testCorpus, options.SequenceLength);
Console.WriteLine($"{xTrain.size(0)} training and {xTest.size(0)} validation sequences of {options.SequenceLength} characters.");

var model = new Sequential(new Layer[]
{
    Keras.Input(new long[] { options.SequenceLength }, ScalarType.Int64),
    new Embedding(vocabulary.Count, 64),
    new LSTM(options.Units, returnSequences: true),
    new Dense(vocabulary.Count), // logits for the next character at every step
});
model.PrintSummary();

var random = new Random((int)options.Seed);
var prompt = testCorpus[..options.SequenceLength];
var sampler = new LambdaCallback(onEpochEnd: (epoch, logs) =>
{
    Console.WriteLine($"Epoch {epoch + 1}: validation perplexity {Math.Exp(logs["val_loss"]):F3} (training {Math.Exp(logs["loss"]):F3})");
    foreach (var temperature in new[] { 0.2, 0.5, 1.0 })
        Console.WriteLine($"--- temperature {temperature:0.0}:{Environment.NewLine}{Generate(prompt, temperature, options.SampleLength)}");
});

model.Compile(optimizer: new Adam(learningRate: 0.002), loss: new SparseCategoricalCrossentropy(fromLogits: true))
     .Fit(xTrain, yTrain, batchSize: options.BatchSize, epochs: options.Epochs, validationData: (xTest, yTest), callbacks: [sampler]);

var loss = model.Evaluate(xTest, yTest, batchSize: options.BatchSize, verbose: Verbosity.Silent);
Console.WriteLine($"Validation loss: {loss:F4}");
Console.WriteLine($"Validation perplexity: {Math.Exp(loss):F4}");

// Continues the text one character at a time: the model sees the last sequenceLength characters, and the next one
// is drawn from softmax(logits / temperature) (low temperatures pick the likeliest characters, 1.0 samples the model).
string Generate(string start, double temperature, int length)
{
    var ids = characters.Call(new[] { start }).data<long>().ToArray().ToList();
    var output = new System.Text.StringBuilder();
    for (var step = 0; step < length; step++)
    {
        using var scope = torch.NewDisposeScope();
        var window = torch.tensor(ids.Skip(ids.Count - options.SequenceLength).ToArray(), new long[] { 1, options.SequenceLength });
        var logits = model.PredictOnBatch(window)[0, -1].data<float>().ToArray();
        var next = Sample(logits, temperature);
        ids.Add(next);
        output.Append(vocabulary[next]);
    }
    return start + "|" + output;
}

int Sample(float[] logits, double temperature)
{
    var scores = logits.Select((l, i) => i < 2 ? double.NegativeInfinity : l / temperature).ToArray();
    var max = scores.Max();
    var weights = scores.Select(s => Math.Exp(s - max)).ToArray();
    var pick = random.NextDouble() * weights.Sum();
    for (var i = 0; i < weights.Length; i++)
        if ((pick -= weights[i]) <= 0) return i;
    return weights.Length - 1;
}

// Non-overlapping windows: the inputs are characters [i, i + T), the targets the characters [i + 1, i + T + 1).
static (Tensor x, Tensor y) Windows(TextVectorization characters, string text, int length)
{
    var ids = characters.Call(new[] { text }).data<long>().ToArray();
    var count = (ids.Length - 1) / length;
    var x = new long[count * length];
    var y = new long[count * length];
    for (var i = 0; i < count; i++)
    {
        Array.Copy(ids, i * length, x, i * length, length);
        Array.Copy(ids, i * length + 1, y, i * length, length);
    }
    return (torch.tensor(x, new long[] { count, length }), torch.tensor(y, new long[] { count, length }));
}

static string Cut(string text, int maxChars) => text.Length <= maxChars ? text : text[..maxChars];

internal sealed record Options(int Epochs, int BatchSize, int SequenceLength, int Units, int MaxChars, int SampleLength, long Seed, string Data)
{
    public static Options Parse(string[] args) => CommandLine.Parse("char-rnn", "A character-level LSTM language model on the fortunes quotations.", args, line => new Options(
        Epochs: line.Int("--epochs", 10, "passes over the training text"),
        BatchSize: line.Int("--batch-size", 64, "sequences per training step"),
        SequenceLength: line.Int("--sequence-length", 100, "characters per training sequence, and the model's context when it writes"),
        Units: line.Int("--units", 256, "LSTM units"),
        MaxChars: line.Int("--max-chars", 300_000, "training characters; validation reads a quarter as many"),
        SampleLength: line.Int("--sample-length", 200, "characters written at each temperature after each epoch"),
        Seed: line.Long("--seed", 1337, "seed of the initial weights, the shuffling and the sampling"),
        Data: FortunesFolder.Option(line)));
}
