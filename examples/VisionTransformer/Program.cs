// keras.io's "Image classification with Vision Transformer", in C#: ./build.sh example vision-transformer [--help].
// The images are cut into patches, each patch is projected and given a learned position embedding, Transformer blocks
// mix the patches, and an MLP head classifies. Keras's example trains on CIFAR-100 at 72x72; this one trains on
// Fashion-MNIST (Debian's dataset-fashion-mnist) at 28x28 with 4x4 patches, so it runs on a CPU.
using KerasNet;
using KerasNet.Datasets;
using KerasNet.Layers;
using KerasNet.Losses;
using KerasNet.Metrics;
using SparseCategoricalCrossentropy = KerasNet.Losses.SparseCategoricalCrossentropy;
using KerasNet.Models;
using KerasNet.Optimizers;
using TorchSharp;
using static TorchSharp.torch;

var options = Options.Parse(args);
torch.manual_seed(options.Seed);

const int numClasses = 10;
long[] inputShape = [1, 28, 28]; // channels-first

var ((xTrain, yTrain), (xTest, yTest)) = FashionMnist.LoadData();
xTrain = xTrain.to(ScalarType.Float32).unsqueeze(1);
xTest = xTest.to(ScalarType.Float32).unsqueeze(1);
if (options.TrainLimit is { } trainLimit) (xTrain, yTrain) = (xTrain[..trainLimit], yTrain[..trainLimit]);
if (options.TestLimit is { } testLimit) (xTest, yTest) = (xTest[..testLimit], yTest[..testLimit]);
Console.WriteLine($"x_train shape: {TensorShape.Of(xTrain.shape)} - y_train shape: {TensorShape.Of(yTrain.shape)}");
Console.WriteLine($"x_test shape: {TensorShape.Of(xTest.shape)} - y_test shape: {TensorShape.Of(yTest.shape)}");

// Hyperparameters.
var learningRate = 0.001;
var weightDecay = 0.0001;
var batchSize = options.BatchSize;
var numEpochs = options.Epochs;
var imageSize = options.ImageSize;  // images are resized to this size
var patchSize = options.PatchSize;  // size of the patches to be extracted from the input images
var numPatches = (imageSize / patchSize) * (imageSize / patchSize);
var projectionDim = options.ProjectionDim;
var numHeads = 4;
int[] transformerUnits = [projectionDim * 2, projectionDim]; // size of the transformer layers
var transformerLayers = options.TransformerLayers;
int[] mlpHeadUnits = [options.HeadUnits, options.HeadUnits / 2]; // size of the dense layers of the final classifier

// Data augmentation: normalization adapted to the training images, resizing, flips, small rotations and zooms.
var normalization = new Normalization(axis: [1]);
normalization.Adapt(xTrain);
var dataAugmentation = new Sequential(
[
    normalization,
    new Resizing(imageSize, imageSize),
    new RandomFlip("horizontal"),
    new RandomRotation(factor: 0.02),
    new RandomZoom(heightFactor: 0.2, widthFactor: 0.2),
], name: "data_augmentation");

// The multilayer perceptron: Dense(gelu) and Dropout per size.
KerasTensor Mlp(KerasTensor x, int[] hiddenUnits, double dropoutRate)
{
    foreach (var units in hiddenUnits)
    {
        x = new Dense(units, activation: "gelu").Apply(x);
        x = new Dropout(dropoutRate).Apply(x);
    }
    return x;
}

Model CreateVitClassifier()
{
    var inputs = Keras.Input(inputShape);
    var augmented = dataAugmentation.Apply(inputs);
    var patches = new Patches(patchSize).Apply(augmented);
    var encodedPatches = new PatchEncoder(numPatches, projectionDim).Apply(patches);

    for (var i = 0; i < transformerLayers; i++)
    {
        // Layer normalization 1, then multi-head self-attention and a skip connection.
        var x1 = new LayerNormalization(epsilon: 1e-6).Apply(encodedPatches);
        var attentionOutput = new MultiHeadAttention(numHeads: numHeads, keyDim: projectionDim, dropout: 0.1).Apply(x1, x1);
        var x2 = new Add().Apply(attentionOutput, encodedPatches);
        // Layer normalization 2, then the MLP and a second skip connection.
        var x3 = new LayerNormalization(epsilon: 1e-6).Apply(x2);
        x3 = Mlp(x3, transformerUnits, dropoutRate: 0.1);
        encodedPatches = new Add().Apply(x3, x2);
    }

    // A [batch_size, projection_dim] representation, then the MLP head and the logits.
    var representation = new LayerNormalization(epsilon: 1e-6).Apply(encodedPatches);
    representation = new Flatten().Apply(representation);
    representation = new Dropout(0.5).Apply(representation);
    var features = Mlp(representation, mlpHeadUnits, dropoutRate: 0.5);
    var logits = new Dense(numClasses).Apply(features);
    return new Model(inputs, logits, name: "vit_classifier");
}

(double Accuracy, double TopFive) RunExperiment(Model model)
{
    var optimizer = new AdamW(learningRate: learningRate, weightDecay: weightDecay);
    model.Compile(optimizer: optimizer, loss: new SparseCategoricalCrossentropy(fromLogits: true),
        metrics: [new SparseCategoricalAccuracy(name: "accuracy"), new SparseTopKCategoricalAccuracy(5, name: "top-5-accuracy")]);
    model.Fit(xTrain, yTrain, batchSize: batchSize, epochs: numEpochs, validationSplit: 0.1);
    var score = model.EvaluateDict(xTest, yTest, verbose: Verbosity.Silent);
    Console.WriteLine($"Test accuracy: {score["accuracy"]:F4}");
    Console.WriteLine($"Test top 5 accuracy: {score["top-5-accuracy"]:F4}");
    return (score["accuracy"], score["top-5-accuracy"]);
}

var vitClassifier = CreateVitClassifier();
vitClassifier.PrintSummary();
RunExperiment(vitClassifier);

internal sealed record Options(int Epochs, int BatchSize, int ImageSize, int PatchSize, int ProjectionDim, int TransformerLayers, int HeadUnits,
                               long Seed, int? TrainLimit, int? TestLimit)
{
    public static Options Parse(string[] args) => CommandLine.Parse("vision-transformer",
        "Classifies Fashion-MNIST clothes with a small Vision Transformer (patches, self-attention blocks, MLP head).", args, line =>
        {
            var options = new Options(
                Epochs: line.Int("--epochs", 10, "passes over the training images"),
                BatchSize: line.Int("--batch-size", 256, "images per training step"),
                ImageSize: line.Int("--image-size", 28, "images are resized to this size", min: 2),
                PatchSize: line.Int("--patch-size", 4, "side of the square patches; must divide --image-size"),
                ProjectionDim: line.Int("--projection-dim", 64, "width of the patch embeddings"),
                TransformerLayers: line.Int("--transformer-layers", 8, "Transformer blocks"),
                HeadUnits: line.Int("--head-units", 512, "width of the first layer of the MLP head (the second has half)", min: 2),
                Seed: line.Long("--seed", 1337, "seed of the initial weights, the shuffling and the augmentation"),
                TrainLimit: line.OptionalInt("--train-limit", "train on the first N training images", "all 60,000"),
                TestLimit: line.OptionalInt("--test-limit", "evaluate on the first N test images", "all 10,000"));
            line.Require(options.ImageSize % options.PatchSize == 0,
                $"--patch-size must divide --image-size; received {options.PatchSize} and {options.ImageSize}.");
            return options;
        });
}
