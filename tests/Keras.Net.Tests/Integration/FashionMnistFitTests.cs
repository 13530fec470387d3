using KerasNet.Datasets;
using KerasNet.Layers;
using KerasNet.Models;

namespace KerasNet.Tests.Integration;

/// <summary>Fit on real data (Debian's Fashion-MNIST files) must learn: a stated accuracy floor on held-out images.</summary>
[Collection("Training")]
public class FashionMnistFitTests
{
    [Fact]
    public void SmallConvnetReachesEightyPercentOnHeldOutImages()
    {
        torch.manual_seed(7);
        var ((xTrain, yTrain), (xTest, yTest)) = FashionMnist.LoadData();
        using var scope = torch.NewDisposeScope();
        // 20,000 training images and the first 2,000 test images keep the test near half a minute on two cores.
        var x = (xTrain.narrow(0, 0, 20000).to(ScalarType.Float32) / 255.0).unsqueeze(1);
        var y = yTrain.narrow(0, 0, 20000);
        var xt = (xTest.narrow(0, 0, 2000).to(ScalarType.Float32) / 255.0).unsqueeze(1);
        var yt = yTest.narrow(0, 0, 2000);

        var model = new Sequential(new Layer[]
        {
            Keras.Input(1, 28, 28),
            new Conv2D(16, 3, activation: "relu"),
            new MaxPooling2D(2),
            new Conv2D(32, 3, activation: "relu"),
            new MaxPooling2D(2),
            new Flatten(),
            new Dense(10, activation: "softmax"),
        });
        var history = model.Compile("adam", "sparse_categorical_crossentropy", ["accuracy"])
                           .Fit(x, y, batchSize: 64, epochs: 3, verbose: Verbosity.Silent, validationSplit: 0.1);

        Assert.Equal(3, history["loss"].Count);
        Assert.True(history["loss"][2] < history["loss"][0], $"training loss did not fall: {string.Join(", ", history["loss"])}");
        var score = model.EvaluateDict(xt, yt, verbose: Verbosity.Silent);
        // Measured on this setup: 83.8% here, and 84.3% for the same network, initialization and optimizer written in
        // PyTorch (3 epochs on these 18,000 images). A model that does not learn properly stays far below 80%.
        Assert.True(score["accuracy"] >= 0.80, $"test accuracy {score["accuracy"]:F4} is below the 0.80 floor");
        Assert.True(history["val_accuracy"][2] >= 0.80, $"validation accuracy {history["val_accuracy"][2]:F4} is below the 0.80 floor");
        xTrain.Dispose(); yTrain.Dispose(); xTest.Dispose(); yTest.Dispose();
    }
}
