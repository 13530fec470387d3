// Fine-tune a pretrained application on your own image folder (one subfolder per class), Keras's two-phase recipe.
//
//   ./build.sh example fine-tune-folder --data DIR --weights FILE|imagenet [options]
//
//   --model NAME          resnet18 (default), resnet34, resnet50, vgg16, mobilenet_v2, efficientnet_b0, vit_b_16
//   --weights FILE        a torchvision state_dict (.pth from torch.save, or .safetensors), or "imagenet" (downloaded once)
//   --image-size N        224 (default); convnets accept any size >= 32, ViT needs a multiple of 16 (224 for imagenet)
//   --epochs N            epochs for the new head on the frozen base (5)
//   --fine-tune-epochs N  epochs after unfreezing the top of the base, at a 10x lower learning rate (5)
//   --unfreeze-from NAME  first layer (name prefix) to unfreeze; default the last stage of the model
//   --batch-size N (16)  --validation-split F (0.2)  --learning-rate F (1e-3)  --seed N (1)  --save FILE (.safetensors)
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

// The files: class folders in alphanumeric order, a seeded split into training and validation.
string[] extensions = { ".jpg", ".jpeg", ".png", ".bmp", ".gif" };
var classes = Directory.GetDirectories(o.Data).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToArray();
if (classes.Length < 2) throw new ArgumentException($"--data {o.Data} must hold one subfolder per class (at least two); found {classes.Length}.");
var samples = classes.SelectMany((c, label) => Directory.EnumerateFiles(Path.Combine(o.Data, c), "*", SearchOption.AllDirectories)
        .Where(f => extensions.Contains(Path.GetExtension(f).ToLowerInvariant())).Order(StringComparer.Ordinal).Select(f => (File: f, Label: (long)label)))
    .ToArray();
new Random((int)o.Seed).Shuffle(samples);
var validationCount = (int)(samples.Length * o.ValidationSplit);
var (validation, training) = (samples[..validationCount], samples[validationCount..]);
Console.WriteLine($"Found {samples.Length} images in {classes.Length} classes ({string.Join(", ", classes)}); {training.Length} for training, {validation.Length} for validation.");

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
var weights = o.Weights;
var (baseModel, defaultUnfreeze) = o.Model switch
{
    "resnet18" => (ResNet.ResNet18(includeTop: false, weights: weights, inputShape: shape), "layer4"),
    "resnet34" => (ResNet.ResNet34(includeTop: false, weights: weights, inputShape: shape), "layer4"),
    "resnet50" => (ResNet.ResNet50(includeTop: false, weights: weights, inputShape: shape), "layer4"),
    "vgg16" => (Vgg.VGG16(includeTop: false, weights: weights, inputShape: shape), "features.24"),
    "mobilenet_v2" => (MobileNet.MobileNetV2(includeTop: false, weights: weights, inputShape: shape), "features.15"),
    "efficientnet_b0" => (EfficientNet.EfficientNetB0(includeTop: false, weights: weights, inputShape: shape), "features.7"),
    "vit_b_16" => (VisionTransformer.ViTB16(includeTop: false, weights: weights, inputShape: shape), "encoder.layers.encoder_layer_10"),
    _ => throw new ArgumentException($"Unknown --model {o.Model}; expected resnet18, resnet34, resnet50, vgg16, mobilenet_v2, efficientnet_b0 or vit_b_16."),
};
Console.WriteLine($"Loaded {o.Model} ({baseModel.CountParams():N0} parameters) from {weights}.");
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

internal sealed record Options(string Data, string Weights, string Model, int ImageSize, int Epochs, int FineTuneEpochs, string? UnfreezeFrom,
                               int BatchSize, double ValidationSplit, double LearningRate, long Seed, string? Save)
{
    public static Options Parse(string[] args)
    {
        string? data = null, weights = null;
        var options = new Options("", "", "resnet18", 224, 5, 5, null, 16, 0.2, 1e-3, 1, null);
        for (var i = 0; i < args.Length; i++)
        {
            string Value() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            switch (args[i])
            {
                case "--data": data = Value(); break;
                case "--weights": weights = Value(); break;
                case "--model": options = options with { Model = Value() }; break;
                case "--image-size": options = options with { ImageSize = int.Parse(Value()) }; break;
                case "--epochs": options = options with { Epochs = int.Parse(Value()) }; break;
                case "--fine-tune-epochs": options = options with { FineTuneEpochs = int.Parse(Value()) }; break;
                case "--unfreeze-from": options = options with { UnfreezeFrom = Value() }; break;
                case "--batch-size": options = options with { BatchSize = int.Parse(Value()) }; break;
                case "--validation-split": options = options with { ValidationSplit = double.Parse(Value(), System.Globalization.CultureInfo.InvariantCulture) }; break;
                case "--learning-rate": options = options with { LearningRate = double.Parse(Value(), System.Globalization.CultureInfo.InvariantCulture) }; break;
                case "--seed": options = options with { Seed = long.Parse(Value()) }; break;
                case "--save": options = options with { Save = Value() }; break;
                default: throw new ArgumentException($"Unknown option {args[i]}. Usage: --data DIR --weights FILE|imagenet [--model NAME] [--image-size N] [--epochs N] [--fine-tune-epochs N] [--unfreeze-from NAME] [--batch-size N] [--validation-split F] [--learning-rate F] [--seed N] [--save FILE]");
            }
        }
        if (data is null || weights is null) throw new ArgumentException("Give --data DIR (one subfolder per class) and --weights FILE (a .pth or .safetensors state_dict, or imagenet).");
        if (!Directory.Exists(data)) throw new DirectoryNotFoundException($"--data {data} does not exist.");
        return options with { Data = data, Weights = weights };
    }
}
