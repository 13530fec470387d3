using KerasNet.Layers;
using KerasNet.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace KerasNet.Bench.Workloads;

/// <summary>
/// The reference's <c>transformer</c>: token (20000 × 128) plus learned position (128 × 128) embeddings, two
/// post-norm encoder blocks (4 heads, feed-forward 256, ReLU, dropout 0.1, LayerNormalization epsilon 1e-5), mean over
/// the sequence, Dense(2); batch 64 of 128 tokens. The blocks are Keras-NLP's TransformerEncoder, whose feed-forward
/// part has no dropout between its two Dense layers (PyTorch's nn.TransformerEncoderLayer has one there).
/// </summary>
internal sealed class Transformer : TrainStepWorkload
{
    public override string Name => "transformer";

    protected override (Model, long[], long, long?) Create()
    {
        const long vocabulary = 20000, sequence = 128, dim = 128;
        var tokens = Keras.Input(new[] { sequence }, ScalarType.Int64);
        var x = new TokenAndPositionEmbedding(vocabulary, sequence, dim).Apply(tokens);
        for (var i = 0; i < 2; i++) x = new TransformerEncoder(intermediateDim: 256, numHeads: 4, dropout: 0.1).Apply(x);
        var pooled = new GlobalAveragePooling1D(dataFormat: "channels_last").Apply(x);
        return (new Model(tokens, new Dense(2).Apply(pooled)), new[] { 64, sequence }, 2, vocabulary);
    }
}
