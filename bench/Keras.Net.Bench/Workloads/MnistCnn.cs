using KerasNet.Layers;
using KerasNet.Models;

namespace KerasNet.Bench.Workloads;

/// <summary>The Keras simple MNIST convnet, channels-first, batch 128, as the reference's <c>mnist_cnn</c>.</summary>
internal sealed class MnistCnn : TrainStepWorkload
{
    public override string Name => "mnist_cnn";

    protected override (Model, long[], long, long?) Create() => (new Sequential(new Layer[]
    {
        Keras.Input(1, 28, 28),
        new Conv2D(32, 3, activation: "relu"),
        new MaxPooling2D(2),
        new Conv2D(64, 3, activation: "relu"),
        new MaxPooling2D(2),
        new Flatten(),
        new Dropout(0.5),
        new Dense(10),
    }), new long[] { 128, 1, 28, 28 }, 10, null);
}
