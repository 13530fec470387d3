// Train in Keras.Net, serve in ONNX Runtime: ./build.sh example export-onnx [--epochs N] [--output model.onnx] [--help].
// Trains the simple MNIST convnet briefly, exports it to ONNX, runs the file in ONNX Runtime from C# and compares.
using KerasNet;
using KerasNet.Datasets;
using KerasNet.Layers;
using KerasNet.Models;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using TorchSharp;
using static TorchSharp.torch;

var options = Options.Parse(args);
torch.manual_seed(options.Seed);

// The data: images scaled to [0, 1] with a channel axis, (N, 1, 28, 28).
var ((xTrain, yTrain), (xTest, yTest)) = Mnist.LoadData();
xTrain = (xTrain.to(ScalarType.Float32) / 255.0).unsqueeze(1);
xTest = (xTest.to(ScalarType.Float32) / 255.0).unsqueeze(1);

// The Keras simple convnet, trained briefly.
var model = new Sequential([
    Keras.Input(new long[] { 1, 28, 28 }, name: "image"),
    new Conv2D(32, kernelSize: 3, activation: "relu"),
    new MaxPooling2D(poolSize: 2),
    new Conv2D(64, kernelSize: 3, activation: "relu"),
    new MaxPooling2D(poolSize: 2),
    new Flatten(),
    new Dropout(0.5),
    new Dense(10, activation: "softmax", name: "probabilities"),
]);
model.Compile(optimizer: "adam", loss: "sparse_categorical_crossentropy", metrics: ["accuracy"])
     .Fit(xTrain, yTrain, batchSize: 128, epochs: options.Epochs, verbose: Verbosity.Silent);

// Export: inputs and outputs are named after the layers ("image" -> "probabilities"), the batch axis is dynamic.
model.Export(options.Output);
Console.WriteLine($"Exported {options.Output} ({new FileInfo(options.Output).Length:N0} bytes)");

// Serve: ONNX Runtime loads the file (checking it) and runs the whole test set in one call.
var kerasPredictions = model.Predict(xTest, batchSize: 500, verbose: Verbosity.Silent);
using var session = new InferenceSession(options.Output);
var images = new DenseTensor<float>(xTest.contiguous().data<float>().ToArray(), xTest.shape.Select(d => (int)d).ToArray());
using var results = session.Run([NamedOnnxValue.CreateFromTensor("image", images)]);
var onnxPredictions = results.Single(r => r.Name == "probabilities").AsTensor<float>().ToArray();

// Compare: the largest difference of the probabilities, and each side's accuracy.
var keras = kerasPredictions.contiguous().data<float>().ToArray();
var largest = keras.Zip(onnxPredictions, (a, b) => Math.Abs(a - b)).Max();
var labels = yTest.data<long>().ToArray();
double Accuracy(float[] probabilities) =>
    labels.Select((label, i) => ArgMax(probabilities.AsSpan(i * 10, 10)) == label ? 1.0 : 0.0).Average();
Console.WriteLine($"Test images: {labels.Length}");
Console.WriteLine($"Largest difference Keras.Net vs ONNX Runtime: {largest:E2}");
Console.WriteLine($"Keras.Net accuracy: {Accuracy(keras):F4}");
Console.WriteLine($"ONNX Runtime accuracy: {Accuracy(onnxPredictions):F4}");

static int ArgMax(ReadOnlySpan<float> values)
{
    var best = 0;
    for (var i = 1; i < values.Length; i++) if (values[i] > values[best]) best = i;
    return best;
}

/// <summary>Command-line options.</summary>
internal sealed record Options(int Epochs, string Output, long Seed)
{
    public static Options Parse(string[] args) => CommandLine.Parse("export-onnx",
        "Trains the MNIST convnet briefly, exports it to ONNX and checks ONNX Runtime's predictions against Keras.Net's.", args, line => new Options(
            Epochs: line.Int("--epochs", 2, "passes over the training images"),
            Output: line.Text("--output", "mnist_cnn.onnx", "where the ONNX file is written", "PATH"),
            Seed: line.Long("--seed", 1337, "seed of the initial weights and the shuffling")));
}
