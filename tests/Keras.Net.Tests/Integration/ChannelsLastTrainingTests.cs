using KerasNet.Datasets;
using KerasNet.Layers;
using KerasNet.Models;
using Xunit.Abstractions;

namespace KerasNet.Tests.Integration;

/// <summary>
/// keras.io's "Simple MNIST convnet", as its script writes it (images (28, 28, 1), categorical crossentropy, Adam), runs
/// under <c>Config.ImageDataFormat = ChannelsLast</c> and learns as well as the same network channels-first.
/// </summary>
[Collection("Training")]
public class ChannelsLastTrainingTests(ITestOutputHelper output)
{
    private const int Seed = 1337;

    /// <summary>The keras.io model, for an input of <paramref name="inputShape"/> in the global layout.</summary>
    private static Sequential SimpleMnistConvnet(params long[] inputShape) => new(new Layer[]
    {
        Keras.Input(inputShape),
        new Conv2D(32, (3, 3), activation: "relu"),
        new MaxPooling2D((2, 2)),
        new Conv2D(64, (3, 3), activation: "relu"),
        new MaxPooling2D((2, 2)),
        new Flatten(),
        new Dropout(0.5),
        new Dense(10, activation: "softmax"),
    });

    private static (Sequential Model, double Accuracy) Train(ImageDataFormat format, Tensor x, Tensor y, Tensor xTest, Tensor yTest)
    {
        var previous = Config.ImageDataFormat;
        try
        {
            Config.ImageDataFormat = format;
            torch.manual_seed(Seed);
            var channelsLast = format == ImageDataFormat.ChannelsLast;
            var model = SimpleMnistConvnet(channelsLast ? new long[] { 28, 28, 1 } : new long[] { 1, 28, 28 });
            model.Compile("adam", "categorical_crossentropy", ["accuracy"]);
            model.Fit(channelsLast ? x.unsqueeze(-1) : x.unsqueeze(1), y, batchSize: 128, epochs: 2, verbose: Verbosity.Silent);
            var score = model.EvaluateDict(channelsLast ? xTest.unsqueeze(-1) : xTest.unsqueeze(1), yTest, verbose: Verbosity.Silent);
            return (model, score["accuracy"]);
        }
        finally
        {
            Config.ImageDataFormat = previous;
        }
    }

    [Fact]
    public void KerasIoSimpleMnistConvnetLearnsAsWellChannelsLastAsChannelsFirst()
    {
        var ((xTrain, yTrain), (xTest, yTest)) = FashionMnist.LoadData();
        using var scope = torch.NewDisposeScope();
        // 8,000 training and 2,000 test images, 2 epochs: about 10 s per layout on two cores.
        var x = xTrain.narrow(0, 0, 8000).to(ScalarType.Float32) / 255.0;
        var y = torch.nn.functional.one_hot(yTrain.narrow(0, 0, 8000), 10).to(ScalarType.Float32);
        var xt = xTest.narrow(0, 0, 2000).to(ScalarType.Float32) / 255.0;
        var yt = torch.nn.functional.one_hot(yTest.narrow(0, 0, 2000), 10).to(ScalarType.Float32);

        var (first, firstAccuracy) = Train(ImageDataFormat.ChannelsFirst, x, y, xt, yt);
        var (last, lastAccuracy) = Train(ImageDataFormat.ChannelsLast, x, y, xt, yt);
        Assert.Equal(ImageDataFormat.ChannelsFirst, Config.ImageDataFormat);

        // Both layouts start from the same kernels (stored in PyTorch's layout either way) but Flatten orders the features
        // differently, so Dense and Dropout see them in another order and the runs differ by their noise only. Measured
        // here (seed 1337): 0.7745 channels-first, 0.7710 channels-last.
        output.WriteLine($"test accuracy: channels-first {firstAccuracy:F4}, channels-last {lastAccuracy:F4}");
        Assert.True(firstAccuracy >= 0.72, $"channels-first test accuracy {firstAccuracy:F4} is below 0.72");
        Assert.True(lastAccuracy >= 0.72, $"channels-last test accuracy {lastAccuracy:F4} is below 0.72");
        Assert.True(Math.Abs(firstAccuracy - lastAccuracy) <= 0.03,
            $"channels-first {firstAccuracy:F4} and channels-last {lastAccuracy:F4} differ by more than 3 points");

        // The trained channels-first network, its Dense rows reordered for the channels-last Flatten, is the same function
        // in the channels-last model.
        var dense = first.Layers.OfType<Dense>().Single();
        var reordered = dense.Kernel.Value.reshape(64, 5, 5, 10).permute(1, 2, 0, 3).reshape(1600, 10);
        var (source, target) = (first.Weights, last.Weights);
        for (var i = 0; i < source.Count; i++)
            target[i].Assign(ReferenceEquals(source[i], dense.Kernel) ? reordered : source[i].Value);
        var probe = xt.narrow(0, 0, 256);
        TestData.Close(first.Predict(probe.unsqueeze(1), verbose: Verbosity.Silent), last.Predict(probe.unsqueeze(-1), verbose: Verbosity.Silent),
            "channels-last predictions with the channels-first weights", atol: 1e-5);
        first.Dispose(); last.Dispose();
        xTrain.Dispose(); yTrain.Dispose(); xTest.Dispose(); yTest.Dispose();
    }
}
