// Pretrain, save, fine-tune: does a pretrained network help with few images? ./build.sh example fine-tune [--help]
//
// 1. Pretrain a small MobileNetV2 (width 0.35, 32x32 inputs) on Fashion-MNIST classes 0-4 and save its weights as a
//    PyTorch-style state_dict (safetensors).
// 2. Write 50 training images of each of the classes 5-9 to an image folder (one subfolder per class).
// 3. Fine-tune: load the saved weights without the top, freeze them, put a new head on, train it on the folder; then
//    unfreeze the last blocks and continue at a low learning rate (Keras's transfer-learning recipe).
// 4. Train the same architecture from scratch on the same 250 images, and compare both on the 5,000 test images of
//    classes 5-9.
using KerasNet;
using KerasNet.Applications;
using KerasNet.Data;
using KerasNet.Datasets;
using KerasNet.Layers;
using KerasNet.Models;
using KerasNet.Optimizers;
using KerasNet.Saving;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

var options = Options.Parse(args);
torch.manual_seed(options.Seed);
const double Alpha = 0.35; // MobileNetV2's width multiplier: a small network
var work = Directory.CreateTempSubdirectory("keras-net-fine-tune-").FullName;
var ((xTrain, yTrain), (xTest, yTest)) = FashionMnist.LoadData();

// 1. Pretraining on classes 0-4 (the first options.PretrainImages of their 30,000 training images).
var (xPre, yPre) = Classes(xTrain, yTrain, 0);
xPre = xPre.narrow(0, 0, Math.Min(options.PretrainImages, xPre.size(0)));
yPre = yPre.narrow(0, 0, xPre.size(0));
var (xPreTest, yPreTest) = Classes(xTest, yTest, 0);
var pretrained = Classifier(weights: null, fineTuning: false, out var pretrainedBase);
Console.WriteLine($"1. Pretraining MobileNetV2 (alpha {Alpha}) on classes 0-4: {xPre.size(0)} images");
pretrained.Compile(new Adam(2e-3), "sparse_categorical_crossentropy", ["accuracy"])
          .Fit(xPre, yPre, batchSize: 128, epochs: options.PretrainEpochs);
Console.WriteLine($"   accuracy on the classes 0-4 test images: {pretrained.EvaluateDict(xPreTest, yPreTest, batchSize: 256, verbose: Verbosity.Silent)["accuracy"]:P1}");
var weightsPath = Path.Combine(work, "mobilenet_v2_fashion_0-4.safetensors");
StateDictMapping.Export(pretrainedBase, weightsPath);
Console.WriteLine($"   saved the base as a PyTorch-style state_dict: {weightsPath}");

// 2. An image folder with options.PerClass training images of each of classes 5-9.
var folder = WriteImageFolder(xTrain, yTrain, Path.Combine(work, "images"), options.PerClass);
Console.WriteLine($"2. Wrote {Directory.GetFiles(folder, "*.png", SearchOption.AllDirectories).Length} images of classes 5-9 to {folder}");
ImageDirectoryData Folder() => ImageDatasets.ImageDatasetFromDirectory(folder, imageSize: (32, 32), batchSize: 25, seed: options.Seed, output: TextWriter.Null);
var (xEval, yEval) = Classes(xTest, yTest, 5);
double Accuracy(Model m) => m.EvaluateDict(xEval, yEval, batchSize: 250, verbose: Verbosity.Silent)["accuracy"];

// 3. Fine-tuning: frozen pretrained base, new head; then the last blocks unfrozen at a low learning rate.
var fineTuned = Classifier(weights: weightsPath, fineTuning: true, out var fineBase);
var headEpochs = options.Epochs / 2;
Console.WriteLine($"3. Fine-tuning: {headEpochs} epochs for the new head on the frozen base");
fineTuned.Compile(new Adam(1e-3), "sparse_categorical_crossentropy", ["accuracy"]).Fit(Folder(), epochs: headEpochs, verbose: Verbosity.Silent);
Console.WriteLine($"   after the head: {Accuracy(fineTuned):P1} on the 5,000 test images of classes 5-9");
fineBase.Trainable = true;
string[] lastBlocks = ["features.15", "features.16", "features.17", "features.18"];
foreach (var layer in fineBase.Layers)
    if (!lastBlocks.Any(block => layer.Name.StartsWith(block, StringComparison.Ordinal)))
        layer.Trainable = false;
Console.WriteLine($"   unfroze features.15-18 ({fineBase.TrainableWeights.Count} weights); recompiling with a low learning rate");
fineTuned.Compile(new Adam(1e-4), "sparse_categorical_crossentropy", ["accuracy"]).Fit(Folder(), epochs: options.Epochs - headEpochs, verbose: Verbosity.Silent);
var fineAccuracy = Accuracy(fineTuned);
Console.WriteLine($"   fine-tuned: {fineAccuracy:P1}");

// 4. The same architecture from scratch on the same 250 images, for as many epochs.
var scratch = Classifier(weights: null, fineTuning: false, out _);
Console.WriteLine($"4. From scratch: {options.Epochs} epochs on the same {5 * options.PerClass} images");
scratch.Compile(new Adam(1e-3), "sparse_categorical_crossentropy", ["accuracy"]).Fit(Folder(), epochs: options.Epochs, verbose: Verbosity.Silent);
var scratchAccuracy = Accuracy(scratch);
Console.WriteLine($"   from scratch: {scratchAccuracy:P1}");

Console.WriteLine();
Console.WriteLine($"Test accuracy on classes 5-9: fine-tuned {fineAccuracy:P1}, from scratch {scratchAccuracy:P1}");
// Five classes: chance is 20%. A win only counts when the fine-tuned model is clearly above chance too.
var wins = fineAccuracy > scratchAccuracy && fineAccuracy > 0.3;
Console.WriteLine(wins
    ? $"The fine-tuned model beats the model trained from scratch by {(fineAccuracy - scratchAccuracy) * 100:F1} points."
    : "The fine-tuned model did NOT clearly beat the model trained from scratch (it must exceed it and 30%; chance is 20%). Pretrain longer (--pretrain-images, --pretrain-epochs).");
Directory.Delete(work, recursive: true);
return wins ? 0 : 1;

// MobileNetV2 (width Alpha) on 32x32 RGB images, a new 5-class head. fineTuning: the base is frozen and called with
// training: false (its BatchNorm statistics stay as pretrained); otherwise the whole network trains normally.
static Model Classifier(string? weights, bool fineTuning, out Model baseModel)
{
    long[] shape = [3, 32, 32];
    baseModel = MobileNet.MobileNetV2(includeTop: false, weights: weights, inputShape: shape, alpha: Alpha);
    baseModel.Trainable = !fineTuning;
    var inputs = Keras.Input(shape);
    var x = new Rescaling(1 / 255.0).Apply(inputs);
    x = fineTuning ? baseModel.Apply(x, training: false) : baseModel.Apply(x);
    x = new GlobalAveragePooling2D(dataFormat: "channels_first").Apply(x);
    x = new Dropout(0.2).Apply(x);
    return new Model(inputs, new Dense(5, activation: "softmax").Apply(x));
}

// The images of classes first..first+4, as 32x32 RGB (values 0..255, as the folder loader gives), labels 0-4.
static (Tensor x, Tensor y) Classes(Tensor x, Tensor y, int first)
{
    var all = y.data<long>().ToArray();
    var picked = Enumerable.Range(0, all.Length).Where(i => all[i] >= first && all[i] < first + 5).Select(i => (long)i).ToArray();
    var index = torch.tensor(picked);
    // Fashion-MNIST is 28x28 grayscale: pad to 32x32 and repeat to three channels.
    return (F.pad(x.index_select(0, index).to(ScalarType.Float32).unsqueeze(1), [2, 2, 2, 2]).expand(-1, 3, -1, -1).contiguous(),
            y.index_select(0, index).sub(first));
}

// perClass training images of each of classes 5-9 as PNG files in <folder>/<class>/, padded to 32x32 like the
// in-memory images so the folder loader needs no resizing. Returns the folder.
static string WriteImageFolder(Tensor xTrain, Tensor yTrain, string folder, int perClass)
{
    string[] names = ["t-shirt", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag", "ankle-boot"];
    var pixels = F.pad(xTrain.to(ScalarType.Byte).unsqueeze(1), [2, 2, 2, 2]).contiguous().data<byte>().ToArray();
    var trainLabels = yTrain.data<long>().ToArray();
    for (var c = 5; c < 10; c++)
    {
        var dir = Directory.CreateDirectory(Path.Combine(folder, $"{c}-{names[c]}")).FullName;
        var written = 0;
        for (var i = 0; i < trainLabels.Length && written < perClass; i++)
        {
            if (trainLabels[i] != c) continue;
            PngWriter.WriteGray(Path.Combine(dir, $"{i:D5}.png"), pixels.AsSpan(i * 1024, 1024), 32, 32);
            written++;
        }
    }
    return folder;
}

internal sealed record Options(int PretrainEpochs, int PretrainImages, int Epochs, int PerClass, long Seed)
{
    public static Options Parse(string[] args) => CommandLine.Parse("fine-tune", "Pretrains a small MobileNetV2, saves it, fine-tunes it on few images and compares with training from scratch.", args, line => new Options(
        PretrainEpochs: line.Int("--pretrain-epochs", 2, "epochs of pretraining on Fashion-MNIST classes 0-4"),
        PretrainImages: line.Int("--pretrain-images", 10000, "pretraining images, of the 30,000 of classes 0-4"),
        Epochs: line.Int("--epochs", 8, "epochs on the small folder, half for the new head then half after unfreezing; as many from scratch"),
        PerClass: line.Int("--per-class", 50, "images of each of classes 5-9 in the small folder"),
        Seed: line.Long("--seed", 7, "seed of the initial weights and the shuffling")));
}
