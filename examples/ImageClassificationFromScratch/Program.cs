// keras.io's "Image classification from scratch", in C#: ./build.sh example image-classification-from-scratch [--help].
// A small Xception-like convnet learns two classes of images from a folder of class subfolders (Keras's example uses
// Kaggle's cats and dogs: --data PetImages). Without --data, the example writes a folder of sandals and sneakers from
// Fashion-MNIST (Debian's dataset-fashion-mnist) and learns those.
using KerasNet;
using KerasNet.Data;
using KerasNet.Layers;
using KerasNet.Losses;
using KerasNet.Metrics;
using BinaryCrossentropy = KerasNet.Losses.BinaryCrossentropy;
using KerasNet.Models;
using KerasNet.Optimizers;
using TorchSharp;
using static TorchSharp.torch;

var options = Options.Parse(args);
torch.manual_seed(options.Seed);

var directory = options.Data ?? SandalsAndSneakers.Write(options.ImagesPerClass);

// Generate the training and validation datasets: 80% and 20% of the images, resized, in batches.
var imageSize = (options.ImageSize, options.ImageSize);
var batchSize = options.BatchSize;
var (trainDs, valDs) = ImageDatasets.ImageDatasetsFromDirectory(directory, validationSplit: 0.2, seed: 1337, labelMode: "binary",
    imageSize: imageSize, batchSize: batchSize);
var classNames = trainDs.ClassNames;
if (classNames.Count != 2)
{
    Console.Error.WriteLine($"image-classification-from-scratch: {directory} has {classNames.Count} class folders ({string.Join(", ", classNames)}); this example needs exactly 2.");
    return 2;
}

// Data augmentation: random horizontal flips and small rotations, active only while training.
Layer[] dataAugmentationLayers = [new RandomFlip("horizontal"), new RandomRotation(0.1)];
KerasTensor DataAugmentation(KerasTensor images)
{
    foreach (var layer in dataAugmentationLayers) images = layer.Apply(images);
    return images;
}

// A small version of the Xception network; `width` scales every layer's filters (128 is Keras's network). Keras's
// BatchNormalization momentum is 0.99: its moving statistics need a few hundred steps to settle, so a short run
// (--batch-norm-momentum 0.9) validates with a lower one.
var bnMomentum = options.BatchNormMomentum;
Model MakeModel(long[] inputShape, int numClasses, int width)
{
    long Filters(int size) => Math.Max(1, (long)size * width / 128);
    var inputs = Keras.Input(inputShape);
    var x = DataAugmentation(inputs);

    // Entry block.
    x = new Rescaling(1.0 / 255).Apply(x);
    x = new Conv2D(Filters(128), 3, strides: 2, padding: "same").Apply(x);
    x = new BatchNormalization(momentum: bnMomentum).Apply(x);
    x = new Activation("relu").Apply(x);

    var previousBlockActivation = x; // set aside residual

    foreach (var size in new[] { 256, 512, 728 })
    {
        x = new Activation("relu").Apply(x);
        x = new SeparableConv2D(Filters(size), 3, padding: "same").Apply(x);
        x = new BatchNormalization(momentum: bnMomentum).Apply(x);

        x = new Activation("relu").Apply(x);
        x = new SeparableConv2D(Filters(size), 3, padding: "same").Apply(x);
        x = new BatchNormalization(momentum: bnMomentum).Apply(x);

        x = new MaxPooling2D(3, strides: 2, padding: "same").Apply(x);

        // Project residual.
        var residual = new Conv2D(Filters(size), 1, strides: 2, padding: "same").Apply(previousBlockActivation);
        x = new Add().Apply(x, residual); // add back residual
        previousBlockActivation = x;      // set aside next residual
    }

    x = new SeparableConv2D(Filters(1024), 3, padding: "same").Apply(x);
    x = new BatchNormalization(momentum: bnMomentum).Apply(x);
    x = new Activation("relu").Apply(x);

    x = new GlobalAveragePooling2D().Apply(x);
    var units = numClasses == 2 ? 1 : numClasses;
    x = new Dropout(0.25).Apply(x);
    // We specify activation=None so as to return logits.
    var outputs = new Dense(units, activation: null).Apply(x);
    return new Model(inputs, outputs);
}

var model = MakeModel(inputShape: [3, options.ImageSize, options.ImageSize], numClasses: 2, width: options.Width);
model.PrintSummary();

// Train. The model returns logits: the accuracy thresholds them at 0 (a probability of 0.5).
var epochs = options.Epochs;
model.Compile(optimizer: new Adam(3e-4), loss: new BinaryCrossentropy(fromLogits: true), metrics: [new BinaryAccuracy(threshold: 0.0, name: "acc")]);
model.Fit(trainDs, epochs: epochs, validationData: valDs);
var score = model.EvaluateDict(valDs, verbose: Verbosity.Silent);
Console.WriteLine($"Validation accuracy: {score["acc"]:F4}");

// Run inference on one image: the sigmoid of the logit is the probability of the second class.
var first = Directory.EnumerateFiles(Path.Combine(directory, classNames[0])).Order(StringComparer.Ordinal).First();
var img = Utils.LoadImg(first, targetSize: imageSize);
var imgArray = Utils.ImgToArray(img).unsqueeze(0); // create batch axis
var predictions = model.Predict(imgArray, verbose: Verbosity.Silent);
var score1 = torch.sigmoid(predictions[0, 0]).ToDouble();
Console.WriteLine($"{Path.GetFileName(first)}: this image is {100 * (1 - score1):F2}% {classNames[0]} and {100 * score1:F2}% {classNames[1]}.");
return 0;

internal sealed record Options(string? Data, int ImagesPerClass, int ImageSize, int Width, int Epochs, int BatchSize, double BatchNormMomentum, long Seed)
{
    public static Options Parse(string[] args) => CommandLine.Parse("image-classification-from-scratch",
        "Trains a small Xception-like convnet from scratch on a folder of two image classes.", args, line =>
        {
            var options = new Options(
                Data: line.OptionalText("--data", "a folder with one subfolder of images per class (2 classes), e.g. Kaggle's PetImages",
                    $"{SandalsAndSneakers.Folder}, written from Fashion-MNIST", "DIR"),
                ImagesPerClass: line.Int("--images-per-class", 1000, "Fashion-MNIST images written per class (without --data)", min: 10),
                ImageSize: line.Int("--image-size", 32, "images are resized to this size (Keras's example: 180)", min: 8),
                Width: line.Int("--width", 32, "filters of the entry convolution; the other layers scale with it (Keras's network: 128)", min: 1),
                Epochs: line.Int("--epochs", 25, "passes over the training images"),
                BatchSize: line.Int("--batch-size", 128, "images per training step"),
                BatchNormMomentum: line.Double("--batch-norm-momentum", 0.99, "momentum of the BatchNormalization moving statistics",
                    "a number in [0, 1)", m => m >= 0 && m < 1),
                Seed: line.Long("--seed", 1337, "seed of the initial weights, the shuffling and the augmentation"));
            line.Require(options.Data is null || Directory.Exists(options.Data), $"--data: no folder at '{options.Data}'.");
            return options;
        });
}
