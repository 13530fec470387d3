using KerasNet.Layers;
using KerasNet.Models;

namespace KerasNet.Bench.Workloads;

/// <summary>
/// Embedding 20000x128 + LSTM 128 + Dense 2 on (64, 200) token indices, as the reference's <c>lstm</c>
/// (nn.Embedding, nn.LSTM(batch_first) whose last hidden state feeds nn.Linear).
/// </summary>
internal sealed class Lstm : TrainStepWorkload
{
    public override string Name => "lstm";

    protected override (Model, long[], long, long?) Create() => (new Sequential(new Layer[]
    {
        Keras.Input(new long[] { 200 }, TorchSharp.torch.ScalarType.Int64),
        new Embedding(20000, 128),
        new LSTM(128),
        new Dense(2),
    }), new long[] { 64, 200 }, 2, 20000);
}
