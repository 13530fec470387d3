// Fine-tune a pretrained application on your own image folder (one subfolder per class), Keras's two-phase recipe:
//   ./build.sh example fine-tune-folder --data DIR --weights FILE|imagenet [--model resnet18] [--help]
using KerasNet;
using KerasNet.Applications;
using KerasNet.Data;
using KerasNet.Data.Transforms;
using KerasNet.Layers;
using KerasNet.Models;
using KerasNet.Optimizers;
using TorchSharp;
using static TorchSharp.torch;

var o = Options.Parse(args);
torch.manual_seed(o.Seed);

// The image files: class folders in alphanumeric order, a seeded split into training and validation (ListImages below).
var (classes, training, validation) = ListImages(o.Data, o.ValidationSplit, o.Seed);
Console.WriteLine($"Found {training.Length + validation.Length} images in {classes.Length} classes ({string.Join(", ", classes)}); {training.Length} for training, {validation.Length} for validation.");

// Augmentation for training (random resized crops, flips); a plain resize and center crop for validation; both end
// with torchvision's ImageNet normalization, which the pretrained weights expect.
var size = o.ImageSize;
ITransform trainTransform = new Compose(new RandomResizedCrop(size), new RandomHorizontalFlip(), new ToFloat(), Normalize.ImageNet());
ITransform evalTransform = new Compose(new Resize(size * 8 / 7), new CenterCropTransform(size), new ToFloat(), Normalize.ImageNet());
DataLoader Loader((string File, long Label)[] set, ITransform transform, bool shuffle) => new(
    new ImageFileDataset(set.Select(s => s.File).ToArray(), torch.tensor(set.Select(s => s.Label).ToArray()), transform: transform),
    batchSize: o.BatchSize, shuffle: shuffle, seed: o.Seed, numWorkers: 2);
var trainData = Loader(training, trainTransform, shuffle: true);
var validationData = validation.Length > 0 ? Loader(validation, evalTransform, shuffle: false) : null;

// The pretrained base without its top, frozen; a new head.
var shape = new long[] { 3, size, size };
var (baseModel, defaultUnfreeze) = PretrainedBase(o.Model, o.Weights, shape);
Console.WriteLine($"Loaded {o.Model} ({baseModel.CountParams():N0} parameters) from {o.Weights}.");
baseModel.Trainable = false;
var inputs = Keras.Input(shape);
var x = baseModel.Apply(inputs, training: false); // BatchNorm stays in inference mode, even once unfrozen
if (x.Shape.Rank == 4) x = new GlobalAveragePooling2D(dataFormat: "channels_first").Apply(x);
x = new Dropout(0.2).Apply(x);
var model = new Model(inputs, new Dense(classes.Length, activation: "softmax", name: "new_head").Apply(x));

Console.WriteLine($"Phase 1: training the new head ({model.TrainableWeights.Count} weights) for {o.Epochs} epochs.");
model.Compile(new Adam(o.LearningRate), "sparse_categorical_crossentropy", ["accuracy"]);
model.Fit(trainData, epochs: o.Epochs, validationData: validationData);

// Phase 2: unfreeze the top of the base and continue at a low learning rate (Compile again: trainability changed).
var from = o.UnfreezeFrom ?? defaultUnfreeze;
baseModel.Trainable = true;
var reached = false;
foreach (var layer in baseModel.Layers)
{
    reached |= layer.Name.StartsWith(from, StringComparison.Ordinal);
    layer.Trainable = reached;
}
if (!reached) throw new ArgumentException($"--unfreeze-from {from}: no layer of {o.Model} starts with that name.");
Console.WriteLine($"Phase 2: unfroze {from} onwards ({model.TrainableWeights.Count} trainable weights); {o.FineTuneEpochs} epochs at learning rate {o.LearningRate / 10}.");
model.Compile(new Adam(o.LearningRate / 10), "sparse_categorical_crossentropy", ["accuracy"]);
model.Fit(trainData, epochs: o.FineTuneEpochs, validationData: validationData);

if (validationData is not null)
    Console.WriteLine($"Validation accuracy: {model.EvaluateDict(validationData, verbose: Verbosity.Silent)["accuracy"]:P1}");
if (o.Save is not null)
{
    model.SaveWeights(o.Save);
    Console.WriteLine($"Saved the fine-tuned weights to {o.Save}.");
}

// The application without its top, with its weights, and the first layer of its last stage (unfrozen in phase 2).
static (Model Base, string LastStage) PretrainedBase(string name, string weights, long[] shape) => name switch
{
    "resnet18" => (ResNet.ResNet18(includeTop: false, weights: weights, inputShape: shape), "layer4"),
    "resnet34" => (ResNet.ResNet34(includeTop: false, weights: weights, inputShape: shape), "layer4"),
    "resnet50" => (ResNet.ResNet50(includeTop: false, weights: weights, inputShape: shape), "layer4"),
    "vgg16" => (Vgg.VGG16(includeTop: false, weights: weights, inputShape: shape), "features.24"),
    "mobilenet_v2" => (MobileNet.MobileNetV2(includeTop: false, weights: weights, inputShape: shape), "features.15"),
    "efficientnet_b0" => (EfficientNet.EfficientNetB0(includeTop: false, weights: weights, inputShape: shape), "features.7"),
    "vit_b_16" => (VisionTransformer.ViTB16(includeTop: false, weights: weights, inputShape: shape), "encoder.layers.encoder_layer_10"),
    _ => throw new ArgumentException($"Unknown model '{name}'; expected one of {string.Join(", ", Options.Models)}."),
};

// The images under data/<class>/ (any depth; .jpg, .jpeg, .png, .bmp, .gif), labelled by class folder in ordinal
// order, shuffled with the seed and split: the first validationSplit of them for validation.
static (string[] Classes, (string File, long Label)[] Training, (string File, long Label)[] Validation) ListImages(string data, double validationSplit, long seed)
{
    string[] extensions = [".jpg", ".jpeg", ".png", ".bmp", ".gif"];
    var classes = Directory.GetDirectories(data).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToArray();
    var samples = classes.SelectMany((c, label) => Directory.EnumerateFiles(Path.Combine(data, c), "*", SearchOption.AllDirectories)
            .Where(f => extensions.Contains(Path.GetExtension(f).ToLowerInvariant())).Order(StringComparer.Ordinal).Select(f => (File: f, Label: (long)label)))
        .ToArray();
    new Random((int)seed).Shuffle(samples);
    var validationCount = (int)(samples.Length * validationSplit);
    return (classes, samples[validationCount..], samples[..validationCount]);
}

internal sealed record Options(string Data, string Weights, string Model, int ImageSize, int Epochs, int FineTuneEpochs, string? UnfreezeFrom,
                               int BatchSize, double ValidationSplit, double LearningRate, long Seed, string? Save)
{
    /// <summary>The applications --model accepts.</summary>
    public static readonly string[] Models = ["resnet18", "resnet34", "resnet50", "vgg16", "mobilenet_v2", "efficientnet_b0", "vit_b_16"];

    public static Options Parse(string[] args) => CommandLine.Parse("fine-tune-folder", "Fine-tunes a pretrained application on an image folder (one subfolder per class).", args, line =>
    {
        var options = new Options(
            Data: line.RequiredText("--data", "the image folder, one subfolder per class", "DIR"),
            Weights: line.RequiredText("--weights", "a torchvision state_dict (.pth from torch.save, or .safetensors), or imagenet (downloaded once)", "FILE|imagenet"),
            Model: line.Choice("--model", "resnet18", "the pretrained application", Models),
            ImageSize: line.Int("--image-size", 224, "image side in pixels: at least 32 for the convnets, a multiple of 16 for ViT, 224 for its imagenet weights", min: 32),
            Epochs: line.Int("--epochs", 5, "epochs for the new head on the frozen base", min: 0),
            FineTuneEpochs: line.Int("--fine-tune-epochs", 5, "epochs after unfreezing the top of the base, at a 10x lower learning rate", min: 0),
            UnfreezeFrom: line.OptionalText("--unfreeze-from", "first layer (name prefix) to unfreeze", "the last stage of the model", "NAME"),
            BatchSize: line.Int("--batch-size", 16, "images per training step"),
            ValidationSplit: line.Double("--validation-split", 0.2, "share of the images held out for validation", "a number from 0 to below 1", v => v is >= 0 and < 1),
            LearningRate: line.Double("--learning-rate", 1e-3, "Adam's learning rate for the head; phase 2 uses a tenth of it", "a number above 0", v => v > 0),
            Seed: line.Long("--seed", 1, "seed of the new head, the split, the shuffling and the augmentation"),
            Save: line.OptionalText("--save", "where to save the fine-tuned weights (.safetensors)", "not saved", "FILE"));
        line.Require(options.Data.Length == 0 || Directory.Exists(options.Data) && Directory.GetDirectories(options.Data).Length >= 2,
            $"--data: received '{options.Data}'; expected an existing folder with one subfolder per class (at least two).");
        return options;
    });
}
