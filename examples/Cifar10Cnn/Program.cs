// A small CIFAR-10 convnet with data augmentation (random crops with padding, horizontal flips), batch normalization
// and dropout, trained from a DataLoader with worker threads: ./build.sh example cifar10-cnn [--data DIR] [--help].
using KerasNet;
using KerasNet.Data;
using KerasNet.Data.Transforms;
using KerasNet.Datasets;
using KerasNet.Layers;
using KerasNet.Models;
using TorchSharp;
using static TorchSharp.torch;

var options = Options.Parse(args);
torch.manual_seed(options.Seed);

// Load the data: uint8 images (N, 3, 32, 32) and int64 labels (N) (Cifar10.LoadData; see LoadCifar10 below).
var ((xTrain, yTrain), (xTest, yTest)) = LoadCifar10(options);
Console.WriteLine($"x_train shape: {TensorShape.Of(xTrain.shape)}");
Console.WriteLine($"{xTrain.size(0)} train samples, {xTest.size(0)} test samples");

// uint8 images in, float [0, 1] out; the training images are augmented per sample, reproducibly from the seed.
var augment = new Compose(new RandomCropTransform(32, padding: 4, paddingMode: "reflect"), new RandomHorizontalFlip(), new ToFloat());
var train = new DataLoader(new TensorDataset(xTrain, yTrain, augment), batchSize: options.BatchSize, shuffle: true, seed: options.Seed,
    numWorkers: options.Workers);
var test = new DataLoader(new TensorDataset(xTest, yTest, new ToFloat()), batchSize: 256, numWorkers: options.Workers);

var model = new Sequential([
    Keras.Input(3, 32, 32),
    .. Block(32, dropout: 0.2),
    .. Block(64, dropout: 0.3),
    .. Block(128, dropout: 0.4),
    new Flatten(),
    new Dense(128, activation: "relu"),
    new BatchNormalization(),
    new Dropout(0.5),
    new Dense(10, activation: "softmax"),
]);
model.PrintSummary();

model.Compile(optimizer: "adam", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"])
     .Fit(train, epochs: options.Epochs, validationData: test);

var score = model.EvaluateDict(test, verbose: Verbosity.Silent);
Console.WriteLine($"Test loss: {score["loss"]:F4}");
Console.WriteLine($"Test accuracy: {score["accuracy"]:F4}");

// Two convolutions with batch normalization, then pooling and dropout.
static Layer[] Block(int filters, double dropout) =>
[
    new Conv2D(filters, kernelSize: 3, padding: "same", activation: "relu"),
    new BatchNormalization(),
    new Conv2D(filters, kernelSize: 3, padding: "same", activation: "relu"),
    new BatchNormalization(),
    new MaxPooling2D(poolSize: 2),
    new Dropout(dropout),
];

// Cifar10.LoadData, keeping the first --limit training images; where the files are missing, says where to get them
// and exits with code 3.
static ((Tensor, Tensor), (Tensor, Tensor)) LoadCifar10(Options options)
{
    Tensor xTrain, yTrain, xTest, yTest;
    try
    {
        ((xTrain, yTrain), (xTest, yTest)) = Cifar10.LoadData(options.Data, ImageDataFormat.ChannelsFirst);
    }
    catch (DatasetNotFoundException e)
    {
        Console.Error.WriteLine(e.Message);
        Console.Error.WriteLine();
        Console.Error.WriteLine("CIFAR-10 is not available. Download the binary version (cifar-10-binary.tar.gz, 162 MB) from");
        Console.Error.WriteLine("https://www.cs.toronto.edu/~kriz/cifar.html and put it (or its extracted folder cifar-10-batches-bin)");
        Console.Error.WriteLine("in datasets/cifar-10/ or ~/.keras-net/datasets/cifar-10/, or pass --data DIR.");
        Environment.Exit(3);
        throw;
    }
    if (options.Limit is { } limit && limit < xTrain.size(0))
    {
        xTrain = xTrain.narrow(0, 0, limit);
        yTrain = yTrain.narrow(0, 0, limit);
    }
    return ((xTrain, yTrain), (xTest, yTest));
}

internal sealed record Options(string? Data, int Epochs, int BatchSize, long Seed, int Workers, int? Limit)
{
    public static Options Parse(string[] args) => CommandLine.Parse("cifar10-cnn", "A small CIFAR-10 convnet with data augmentation.", args, line => new Options(
        Data: line.OptionalText("--data", "a folder holding cifar-10-binary.tar.gz or cifar-10-batches-bin/",
            "datasets/cifar-10, ~/.keras-net/datasets/cifar-10 or a download", "DIR"),
        Epochs: line.Int("--epochs", 25, "passes over the training images"),
        BatchSize: line.Int("--batch-size", 64, "images per training step"),
        Seed: line.Long("--seed", 1337, "seed of the initial weights, the shuffling and the augmentation"),
        Workers: line.Int("--workers", 2, "threads that augment and batch the images", min: 0),
        Limit: line.OptionalInt("--limit", "train on the first N training images", "all")));
}
