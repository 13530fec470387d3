using KerasNet.Layers;
using KerasNet.Models;

namespace KerasNet.Bench.Workloads;

/// <summary>784-512-512-10 with ReLU on (128, 1, 28, 28) inputs, as the reference's <c>mlp</c>.</summary>
internal sealed class Mlp : TrainStepWorkload
{
    public override string Name => "mlp";

    protected override (Model, long[], long, long?) Create() => (new Sequential(new Layer[]
    {
        Keras.Input(1, 28, 28),
        new Flatten(),
        new Dense(512, activation: "relu"),
        new Dense(512, activation: "relu"),
        new Dense(10),
    }), new long[] { 128, 1, 28, 28 }, 10, null);
}
