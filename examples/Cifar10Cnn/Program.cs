// A small CIFAR-10 convnet with data augmentation (random crops with padding, horizontal flips), batch
// normalization and dropout, trained from a DataLoader with worker threads.
//
//   ./build.sh example cifar10-cnn                     CIFAR-10 from the cache, datasets/cifar-10 or a download
//   ./build.sh example cifar10-cnn --data DIR          a folder holding cifar-10-binary.tar.gz or cifar-10-batches-bin/
//   options: --epochs N (25)  --batch-size N (64)  --seed N (1337)  --workers N (2)  --limit N (all training images)
using KerasNet;
using KerasNet.Data;
using KerasNet.Data.Transforms;
using KerasNet.Datasets;
using KerasNet.Layers;
using KerasNet.Metrics;
using KerasNet.Models;
using TorchSharp;
using static TorchSharp.torch;

Options options;
try
{
    options = Options.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}
torch.manual_seed(options.Seed);

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
    return 3;
}
if (options.Limit is { } limit && limit < xTrain.size(0))
{
    xTrain = xTrain.narrow(0, 0, limit);
    yTrain = yTrain.narrow(0, 0, limit);
}
Console.WriteLine($"x_train shape: {TensorShape.Of(xTrain.shape)}");
Console.WriteLine($"{xTrain.size(0)} train samples, {xTest.size(0)} test samples");

// uint8 images in, float [0, 1] out; the training images are augmented per sample, reproducibly from the seed.
var augment = new Compose(new RandomCropTransform(32, padding: 4, paddingMode: "reflect"), new RandomHorizontalFlip(), new ToFloat());
var train = new DataLoader(new TensorDataset(xTrain, yTrain, augment), batchSize: options.BatchSize, shuffle: true, seed: options.Seed,
    numWorkers: options.Workers);
var test = new DataLoader(new TensorDataset(xTest, yTest, new ToFloat()), batchSize: 256, numWorkers: options.Workers);

Layer[] Block(int filters, double dropout) => new Layer[]
{
    new Conv2D(filters, kernelSize: 3, padding: "same", activation: "relu"),
    new BatchNormalization(),
    new Conv2D(filters, kernelSize: 3, padding: "same", activation: "relu"),
    new BatchNormalization(),
    new MaxPooling2D(poolSize: 2),
    new Dropout(dropout),
};
var layers = new List<Layer> { Keras.Input(3, 32, 32) };
layers.AddRange(Block(32, 0.2));
layers.AddRange(Block(64, 0.3));
layers.AddRange(Block(128, 0.4));
layers.AddRange(new Layer[] { new Flatten(), new Dense(128, activation: "relu"), new BatchNormalization(), new Dropout(0.5), new Dense(10, activation: "softmax") });
var model = new Sequential(layers.ToArray());
model.PrintSummary();

model.Compile(optimizer: "adam", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"])
     .Fit(train, epochs: options.Epochs, validationData: test);

var score = model.EvaluateDict(test, verbose: Verbosity.Silent);
Console.WriteLine($"Test loss: {score["loss"]:F4}");
Console.WriteLine($"Test accuracy: {score["accuracy"]:F4}");
return 0;

internal sealed record Options(string? Data, int Epochs, int BatchSize, long Seed, int Workers, int? Limit)
{
    public static Options Parse(string[] args)
    {
        var options = new Options(null, 25, 64, 1337, 2, null);
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            options = args[i] switch
            {
                "--data" => options with { Data = Value() },
                "--epochs" => options with { Epochs = int.Parse(Value()) },
                "--batch-size" => options with { BatchSize = int.Parse(Value()) },
                "--seed" => options with { Seed = long.Parse(Value()) },
                "--workers" => options with { Workers = int.Parse(Value()) },
                "--limit" => options with { Limit = int.Parse(Value()) },
                _ => throw new ArgumentException($"Unknown option '{args[i]}'. Options: --data DIR, --epochs N, --batch-size N, --seed N, --workers N, --limit N."),
            };
        }
        return options;
    }
}
