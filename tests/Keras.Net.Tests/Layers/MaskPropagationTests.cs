using KerasNet.Layers;
using KerasNet.Losses;
using KerasNet.Metrics;
using KerasNet.Models;
using KerasNet.Optimizers;
using SparseCategoricalCrossentropy = KerasNet.Losses.SparseCategoricalCrossentropy;

namespace KerasNet.Tests.LayersTests;

/// <summary>
/// Masks over time steps: produced by Embedding(maskZero) and Masking, carried through eager calls, Sequential and
/// functional models, passed on by layers that keep the time axis, and consumed by recurrent layers,
/// GlobalAveragePooling1D and the loss and metrics. A padded sample must give what its unpadded prefix gives.
/// </summary>
public class MaskPropagationTests
{
    // Sample 0 is [5, 2, 7] padded with zeros to 6 steps; sample 1 uses every step.
    private static Tensor Padded() => TestData.Longs(5, 2, 7, 0, 0, 0, 1, 2, 3, 4, 5, 6).reshape(2, 6);
    private static Tensor Unpadded() => TestData.Longs(5, 2, 7).reshape(1, 3);

    private static (Embedding Embedding, LSTM Lstm, Dense Dense) Layers(bool maskZero)
    {
        return (new Embedding(10, 4, maskZero: maskZero), new LSTM(3), new Dense(2));
    }

    [Fact]
    public void SequentialEmbeddingMaskZeroLstmDenseGivesThePaddedSampleTheUnpaddedPrediction()
    {
        using var scope = torch.NewDisposeScope();
        var (embedding, lstm, dense) = Layers(maskZero: true);
        using var model = new Sequential(new Layer[] { embedding, lstm, dense });
        var padded = model.Predict(Padded(), verbose: Verbosity.Silent);
        var unpadded = model.Predict(Unpadded(), verbose: Verbosity.Silent);
        TestData.Close(unpadded[0], padded[0], "prediction of the padded sample");
    }

    [Theory]
    [InlineData("concat")]
    [InlineData("sum")]
    public void BidirectionalSequencesThenMaskedAveragePoolingIgnorePadding(string mergeMode)
    {
        using var scope = torch.NewDisposeScope();
        using var model = new Sequential(new Layer[]
        {
            new Embedding(10, 4, maskZero: true), new Bidirectional(new GRU(3, returnSequences: true), mergeMode),
            new GlobalAveragePooling1D(dataFormat: "channels_last"), new Dense(2),
        });
        var padded = model.Predict(Padded(), verbose: Verbosity.Silent);
        var unpadded = model.Predict(Unpadded(), verbose: Verbosity.Silent);
        TestData.Close(unpadded[0], padded[0], $"bidirectional ({mergeMode}) prediction of the padded sample");
    }

    [Fact]
    public void TokenAndPositionEmbeddingMaskReachesTheTransformerEncoderAndPooling()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(11);
        using var model = new Sequential(new Layer[]
        {
            new TokenAndPositionEmbedding(10, 6, 8, maskZero: true), new TransformerEncoder(16, 2),
            new GlobalAveragePooling1D(dataFormat: "channels_last"), new Dense(2),
        });
        var padded = model.Predict(Padded(), verbose: Verbosity.Silent);
        var unpadded = model.Predict(Unpadded(), verbose: Verbosity.Silent);
        TestData.Close(unpadded[0], padded[0], "transformer prediction of the padded sample");
    }

    [Fact]
    public void MultiHeadAttentionReadsTheMaskCarriedByItsValue()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(12);
        var embedding = new Embedding(10, 4, maskZero: true);
        var attention = new MultiHeadAttention(2, 3);
        var query = torch.randn(1, 2, 4);
        var paddedValue = embedding.Apply(TestData.Longs(5, 2, 7, 0, 0, 0).reshape(1, 6));
        Assert.NotNull(Layer.GetMask(paddedValue));
        var fromPadded = attention.Apply(query, paddedValue);
        var fromUnpadded = attention.Apply(query, embedding.Apply(Unpadded()));
        TestData.Close(fromUnpadded, fromPadded, "attention over the padded value");
    }

    [Fact]
    public void WithoutMaskZeroThePaddingChangesThePrediction()
    {
        // The control for the test above: padding does matter when nothing masks it.
        using var scope = torch.NewDisposeScope();
        var (embedding, lstm, dense) = Layers(maskZero: false);
        using var model = new Sequential(new Layer[] { embedding, lstm, dense });
        var padded = model.Predict(Padded(), verbose: Verbosity.Silent);
        var unpadded = model.Predict(Unpadded(), verbose: Verbosity.Silent);
        Assert.True((padded[0] - unpadded[0]).abs().max().item<float>() > 1e-4f);
    }

    [Fact]
    public void FunctionalModelCarriesTheMaskFromEmbeddingToLstm()
    {
        using var scope = torch.NewDisposeScope();
        var (embedding, lstm, dense) = Layers(maskZero: true);
        var input6 = Keras.Input(new long[] { 6 }, ScalarType.Int64);
        using var model6 = new Model(input6, dense.Apply(lstm.Apply(embedding.Apply(input6))));
        var input3 = Keras.Input(new long[] { 3 }, ScalarType.Int64);
        using var model3 = new Model(input3, dense.Apply(lstm.Apply(embedding.Apply(input3))));
        var padded = model6.Predict(Padded(), verbose: Verbosity.Silent);
        var unpadded = model3.Predict(Unpadded(), verbose: Verbosity.Silent);
        TestData.Close(unpadded[0], padded[0], "functional prediction of the padded sample");
    }

    [Fact]
    public void EagerApplyCarriesTheMaskAndLayersThatKeepTheTimeAxisPassItOn()
    {
        using var scope = torch.NewDisposeScope();
        var (embedding, lstm, _) = Layers(maskZero: true);
        var embedded = embedding.Apply(Padded());
        var mask = Layer.GetMask(embedded);
        Assert.NotNull(mask);
        Assert.Equal(new[] { true, true, true, false, false, false, true, true, true, true, true, true }, mask!.reshape(-1).data<bool>().ToArray());

        var dense = new Dense(4).Apply(embedded);
        var dropped = new Dropout(0.5).Apply(dense, training: true);
        var activated = new Activation("tanh").Apply(dropped);
        Assert.Same(mask, Layer.GetMask(dense));
        Assert.Same(mask, Layer.GetMask(activated));
        Assert.Null(Layer.GetMask(new Flatten().Apply(embedded)));

        var last = lstm.Apply(embedded);
        Assert.Null(Layer.GetMask(last));
        TestData.Close(lstm.Apply(embedding.Apply(Unpadded()))[0], last[0], "eager LSTM on the padded sample");
        // An explicit mask overrides the carried one: no mask at all gives a different result.
        Assert.True((lstm.Apply(embedded, mask: null)[0] - last[0]).abs().max().item<float>() > 1e-4f);
    }

    [Fact]
    public void MaskingLayerZeroesAndMasksStepsWhoseFeaturesAllEqualTheMaskValue()
    {
        using var scope = torch.NewDisposeScope();
        var x = TestData.Floats(new[] { 1f, 2f, -1f, -1f, 3f, -1f, -1f, -1f }, 1, 4, 2);
        var y = new Masking(-1.0).Apply(x);
        Assert.Equal(new[] { 1f, 2f, 0f, 0f, 3f, -1f, 0f, 0f }, y.data<float>().ToArray());
        Assert.Equal(new[] { true, false, true, false }, Layer.GetMask(y)!.reshape(-1).data<bool>().ToArray());
    }

    [Fact]
    public void GlobalAveragePooling1DAveragesOnlyTheUnmaskedSteps()
    {
        using var scope = torch.NewDisposeScope();
        var (embedding, _, _) = Layers(maskZero: true);
        var embedded = embedding.Apply(Padded());
        var pooled = new GlobalAveragePooling1D(dataFormat: "channels_last").Apply(embedded);
        TestData.Close(embedded[0].narrow(0, 0, 3).mean(new long[] { 0 }), pooled[0], "masked average of sample 0");
        TestData.Close(embedded[1].mean(new long[] { 0 }), pooled[1], "average of the unpadded sample 1");
        Assert.Null(Layer.GetMask(pooled));
    }

    [Fact]
    public void LossAndMetricsIgnoreMaskedSteps()
    {
        using var scope = torch.NewDisposeScope();
        var model = new Sequential(new Layer[]
        {
            new Embedding(10, 4, maskZero: true), new LSTM(3, returnSequences: true), new TimeDistributed(new Dense(2)),
        });
        model.Compile(new SGD(0.01), new SparseCategoricalCrossentropy(fromLogits: true), metrics: new Metric[] { new SparseCategoricalAccuracy() });
        var x = Padded();
        var y = TestData.Longs(0, 1, 1, 0, 0, 0, 1, 0, 1, 0, 1, 0).reshape(2, 6);
        var yOtherPadding = TestData.Longs(0, 1, 1, 1, 1, 1, 1, 0, 1, 0, 1, 0).reshape(2, 6);
        var logs = model.TestOnBatch(x, y);
        var other = model.TestOnBatch(x, yOtherPadding);
        Assert.Equal(logs["loss"], other["loss"], 6);
        Assert.Equal(logs["sparse_categorical_accuracy"], other["sparse_categorical_accuracy"], 6);

        // The loss is the mean cross-entropy over the 9 real steps.
        var logits = model.PredictOnBatch(x);
        var perStep = torch.nn.functional.cross_entropy(logits.reshape(12, 2), y.reshape(12), reduction: torch.nn.Reduction.None);
        var keep = x.ne(0).reshape(12).to(ScalarType.Float32);
        var expected = (perStep * keep).sum().item<float>() / 9.0;
        Assert.Equal(expected, logs["loss"], 5);
        var correct = logits.argmax(-1).eq(y).reshape(12).to(ScalarType.Float32);
        Assert.Equal((correct * keep).sum().item<float>() / 9.0, logs["sparse_categorical_accuracy"], 5);
    }

    [Fact]
    public void TrainingAMaskedSequenceModelGivesTheSameStepForPaddedAndUnpaddedSamples()
    {
        using var scope = torch.NewDisposeScope();
        Sequential Make()
        {
            var m = new Sequential(new Layer[] { new Embedding(10, 4, maskZero: true), new LSTM(3), new Dense(2) });
            m.Compile(new SGD(0.1), new SparseCategoricalCrossentropy(fromLogits: true));
            return m;
        }
        using var padded = Make();
        using var unpadded = Make();
        padded.PredictOnBatch(Unpadded());
        unpadded.PredictOnBatch(Unpadded());
        WeightTools.Copy(padded, unpadded);
        var lossPadded = padded.TrainOnBatch(Padded().narrow(0, 0, 1), TestData.Longs(1))["loss"];
        var lossUnpadded = unpadded.TrainOnBatch(Unpadded(), TestData.Longs(1))["loss"];
        Assert.Equal(lossUnpadded, lossPadded, 6);
        for (var i = 0; i < padded.Weights.Count; i++)
            TestData.Close(unpadded.Weights[i].Value, padded.Weights[i].Value, $"weight {unpadded.Weights[i].Path} after one step");
    }
}
