using KerasNet.Layers;
using KerasNet.Serialization;

namespace KerasNet.Tests.LayersTests;

/// <summary>Recurrent layers' behaviour beyond parity: state handling, direction, dropout, Embedding, wrappers, and bad input.</summary>
public class RecurrentLayerTests
{
    private static Tensor Sequence(int seed, long batch = 2, long steps = 6, long features = 3) => TestData.Randn(seed, batch, steps, features);

    [Fact]
    public void StatefulLstmOnTwoHalvesEqualsOneCallOnTheWholeSequenceAndResetStatesStartsAgain()
    {
        using var scope = torch.NewDisposeScope();
        using var whole = new LSTM(4, returnSequences: true);
        using var stateful = new LSTM(4, returnSequences: true, stateful: true);
        var x = Sequence(1);
        var expected = whole.Apply(x);
        stateful.BuildFor(TensorShape.WithBatch(6, 3));
        WeightTools.Copy(whole, stateful);
        var first = stateful.Apply(x.narrow(1, 0, 3));
        var second = stateful.Apply(x.narrow(1, 3, 3));
        TestData.Close(expected, torch.cat(new[] { first, second }, 1), "stateful halves");
        Assert.NotNull(stateful.States);
        Assert.Equal(2, stateful.States!.Count);

        stateful.ResetStates();
        Assert.Null(stateful.States);
        TestData.Close(first, stateful.Apply(x.narrow(1, 0, 3)), "first half after ResetStates");
    }

    [Fact]
    public void StatefulLayerRejectsAnotherBatchSizeUntilReset()
    {
        using var scope = torch.NewDisposeScope();
        using var layer = new GRU(4, stateful: true);
        layer.Apply(Sequence(1, batch: 2));
        var e = Assert.Throws<ArgumentException>(() => layer.Apply(Sequence(2, batch: 3)));
        Assert.Contains("carries states for a batch of 2; received a batch of 3", e.Message);
        Assert.Contains("ResetStates()", e.Message);
        layer.ResetStates();
        Assert.Equal(new long[] { 3, 4 }, layer.Apply(Sequence(2, batch: 3)).shape);
    }

    [Theory]
    [InlineData("lstm")]
    [InlineData("gru")]
    [InlineData("simple_rnn")]
    public void GoBackwardsEqualsTheForwardLayerOnTheReversedSequence(string kind)
    {
        using var scope = torch.NewDisposeScope();
        BaseRNN Make(bool backwards) => kind switch
        {
            "lstm" => new LSTM(4, returnSequences: true, goBackwards: backwards),
            "gru" => new GRU(4, returnSequences: true, goBackwards: backwards),
            _ => new SimpleRNN(4, returnSequences: true, goBackwards: backwards),
        };
        using var forward = Make(false);
        using var backward = Make(true);
        var x = Sequence(3);
        var expected = forward.Apply(x.flip(1));
        backward.BuildFor(TensorShape.WithBatch(6, 3));
        WeightTools.Copy(forward, backward);
        TestData.Close(expected, backward.Apply(x), $"{kind} goBackwards");
    }

    [Fact]
    public void LstmUnitForgetBiasStartsTheForgetGateBiasAtOne()
    {
        using var scope = torch.NewDisposeScope();
        using var layer = new LSTM(3);
        layer.BuildFor(TensorShape.WithBatch(5, 2));
        Assert.Equal(new float[] { 0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0 }, layer.Bias!.Value.data<float>().ToArray());
        using var plain = new LSTM(3, unitForgetBias: false);
        plain.BuildFor(TensorShape.WithBatch(5, 2));
        Assert.All(plain.Bias!.Value.data<float>().ToArray(), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void DropoutAndRecurrentDropoutActOnlyInTrainingAndSeededMasksRepeat()
    {
        using var scope = torch.NewDisposeScope();
        using var a = new LSTM(4, dropout: 0.5, recurrentDropout: 0.5, seed: 3);
        using var b = new LSTM(4, dropout: 0.5, recurrentDropout: 0.5, seed: 3);
        var x = Sequence(4);
        var inference = a.Apply(x);
        b.BuildFor(TensorShape.WithBatch(6, 3));
        WeightTools.Copy(a, b);
        TestData.Close(inference, b.Apply(x), "inference ignores dropout");
        var trainA = a.Apply(x, training: true);
        var trainB = b.Apply(x, training: true);
        TestData.Close(trainA, trainB, "same seed, same masks");
        Assert.True((trainA - inference).abs().max().item<float>() > 1e-4f);
    }

    [Fact]
    public void EmbeddingLooksUpRowsAndRoundTripsItsConfig()
    {
        using var scope = torch.NewDisposeScope();
        using var layer = new Embedding(6, 3, maskZero: true);
        var y = layer.Apply(TestData.Longs(4, 0, 5).reshape(1, 3));
        Assert.Equal(new long[] { 1, 3, 3 }, y.shape);
        TestData.Close(layer.Embeddings.Value[4], y[0][0], "row 4");
        TestData.Close(layer.Embeddings.Value[5], y[0][2], "row 5");
        Assert.True(layer.Embeddings.Value.abs().max().item<float>() <= 0.05f);
        var config = layer.GetConfig();
        using var copy = KerasRegistry.FromConfig<Layer>("Embedding", TestData.ParseJson(TestData.Json(config)));
        Assert.Equal(TestData.Json(config), TestData.Json(copy.GetConfig()));
        Assert.True(((Embedding)copy).MaskZero);
    }

    [Fact]
    public void LstmInSequentialTrainsAndLossFalls()
    {
        using var scope = torch.NewDisposeScope();
        var model = new KerasNet.Models.Sequential(new Layer[]
        {
            Keras.Input(new long[] { 6 }, ScalarType.Int64), new Embedding(10, 8), new Bidirectional(new LSTM(8)), new Dense(2),
        });
        model.Compile(new KerasNet.Optimizers.Adam(0.01), new KerasNet.Losses.SparseCategoricalCrossentropy(fromLogits: true));
        // The label is whether token 1 occurs in the sequence.
        var x = TestData.Longs(1, 2, 3, 4, 5, 6, 2, 3, 4, 5, 6, 7, 3, 1, 5, 7, 8, 9, 9, 8, 7, 6, 5, 4).reshape(4, 6);
        var y = TestData.Longs(1, 0, 1, 0);
        var first = model.TrainOnBatch(x, y)["loss"];
        double last = first;
        for (var i = 0; i < 30; i++) last = model.TrainOnBatch(x, y)["loss"];
        Assert.True(last < first * 0.5, $"loss went from {first} to {last}");
    }

    [Fact]
    public void WrappedWeightsArePrefixedWithTheWrappersName()
    {
        using var scope = torch.NewDisposeScope();
        using var bidirectional = new Bidirectional(new GRU(2, name: "inner_gru"), name: "bi");
        bidirectional.BuildFor(TensorShape.WithBatch(4, 3));
        Assert.Equal(new[] { "bi/inner_gru/kernel", "bi/inner_gru/recurrent_kernel", "bi/inner_gru/bias",
                             "bi/backward_inner_gru/kernel", "bi/backward_inner_gru/recurrent_kernel", "bi/backward_inner_gru/bias" },
            bidirectional.Weights.Select(w => w.Path));
        using var distributed = new TimeDistributed(new Dense(2, name: "step_dense"), name: "td");
        distributed.BuildFor(TensorShape.WithBatch(4, 3));
        Assert.Equal(new[] { "td/step_dense/kernel", "td/step_dense/bias" }, distributed.Weights.Select(w => w.Path));
    }

    [Fact]
    public void ReturnStateInAFunctionalModelGivesOutputAndStates()
    {
        using var scope = torch.NewDisposeScope();
        var input = Keras.Input(5, 3);
        var outputs = new LSTM(4, returnState: true).ApplyMulti(input);
        Assert.Equal(3, outputs.Count);
        Assert.All(outputs, o => Assert.Equal(TensorShape.WithBatch(4), o.Shape));
        var initial = Keras.Input(4);
        var decoded = new GRU(4, returnSequences: true).Apply(input, initial);
        Assert.Equal(TensorShape.WithBatch(5, 4), decoded.Shape);
        using var model = new KerasNet.Models.Model(new[] { input, initial }, new[] { decoded, outputs[1] });
        var results = model.PredictMulti(new[] { Sequence(5, 2, 5, 3), TestData.Randn(6, 2, 4) }, verbose: KerasNet.Models.Verbosity.Silent);
        Assert.Equal(new long[] { 2, 5, 4 }, results[0].shape);
        Assert.Equal(new long[] { 2, 4 }, results[1].shape);
    }

    // ---- bad input ----

    [Fact]
    public void RankTwoInputIsRejectedWithTheExpectedLayout()
    {
        using var scope = torch.NewDisposeScope();
        using var layer = new LSTM(4, name: "enc");
        var e = Assert.Throws<ArgumentException>(() => layer.Apply(TestData.Randn(1, 2, 5)));
        Assert.Equal("LSTM 'enc' expects input of rank 3 (batch, timesteps, features) with a known feature axis; received shape (2, 5). " +
                     "A single feature per step needs a feature axis (x.unsqueeze(-1)); a single step needs a time axis (x.unsqueeze(1)).", e.Message);
    }

    [Fact]
    public void FeatureCountDifferentFromTheBuiltOneIsRejected()
    {
        using var scope = torch.NewDisposeScope();
        using var layer = new GRU(4, name: "g");
        layer.Apply(Sequence(1, features: 3));
        var e = Assert.Throws<ArgumentException>(() => layer.Apply(Sequence(1, features: 5)));
        Assert.Equal("GRU 'g' expects 3 features on the last axis (it was built for them); received shape (2, 6, 5).", e.Message);
    }

    [Fact]
    public void InitialStatesOfTheWrongShapeOrNumberAreRejected()
    {
        using var scope = torch.NewDisposeScope();
        using var layer = new LSTM(4, name: "dec");
        var x = Sequence(1);
        var e = Assert.Throws<ArgumentException>(() => layer.Apply(new[] { x, TestData.Randn(2, 2, 4), TestData.Randn(3, 2, 5) }));
        Assert.Equal("LSTM 'dec': initial state 1 (c) must have shape (batch, 4); received shape (None, 5).", e.Message);
        e = Assert.Throws<ArgumentException>(() => layer.Apply(new[] { x, TestData.Randn(2, 2, 4) }));
        Assert.Equal("LSTM 'dec' takes the sequence, optionally followed by 2 initial state(s) (h and c); received 2 inputs.", e.Message);
        layer.Apply(x);
        e = Assert.Throws<ArgumentException>(() => layer.Apply(new[] { x, TestData.Randn(2, 3, 4), TestData.Randn(3, 3, 4) }));
        Assert.Equal("LSTM 'dec': initial state 0 (h) must have shape (2, 4) (batch, units) to match the input; received (3, 4).", e.Message);
    }

    [Fact]
    public void MaskOfTheWrongShapeIsRejected()
    {
        using var scope = torch.NewDisposeScope();
        using var layer = new SimpleRNN(2, name: "r");
        var e = Assert.Throws<ArgumentException>(() => layer.Apply(Sequence(1), torch.ones(new long[] { 2, 5 }, ScalarType.Bool)));
        Assert.Equal("SimpleRNN 'r': the mask must have shape (2, 6) (batch, timesteps); received (2, 5).", e.Message);
    }

    [Fact]
    public void InvalidConstructorArgumentsAreRejected()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new LSTM(0));
        Assert.StartsWith("LSTM: units must be a positive integer; received 0.", e.Message);
        e = Assert.Throws<ArgumentOutOfRangeException>(() => new GRU(3, recurrentDropout: 1.0));
        Assert.StartsWith("GRU: recurrentDropout must be in [0, 1); received 1.", e.Message);
        e = Assert.Throws<ArgumentOutOfRangeException>(() => new Embedding(0, 4));
        Assert.StartsWith("Embedding: inputDim must be a positive integer (the vocabulary size); received 0.", e.Message);
        var a = Assert.Throws<ArgumentException>(() => new Bidirectional(new LSTM(2), mergeMode: "max"));
        Assert.StartsWith("Bidirectional: mergeMode must be one of concat, sum, mul, ave or null (none); received 'max'.", a.Message);
        a = Assert.Throws<ArgumentException>(() => new Bidirectional(new LSTM(2, name: "l1"), backwardLayer: new LSTM(2, name: "l2")));
        Assert.StartsWith("Bidirectional: backwardLayer 'l2' must have goBackwards = True (the opposite of layer 'l1').", a.Message);
        a = Assert.Throws<ArgumentException>(() => new Bidirectional(new LSTM(2, stateful: true, name: "s")));
        Assert.StartsWith("Bidirectional: the wrapped layer 's' is stateful", a.Message);
    }

    [Fact]
    public void EmbeddingIndexOutsideTheVocabularyIsRejectedWithTheRange()
    {
        using var scope = torch.NewDisposeScope();
        using var layer = new Embedding(5, 2, name: "emb");
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => layer.Apply(TestData.Longs(1, 7, 2).reshape(1, 3)));
        Assert.StartsWith("Embedding 'emb' received indices from 1 to 7, but inputDim is 5 (indices must be in [0, 5)). " +
                          "Increase inputDim to the vocabulary size (+1 with maskZero), or clip the indices.", e.Message);
    }

    [Fact]
    public void TimeDistributedAndMaskingRejectInputWithoutATimeAxis()
    {
        using var scope = torch.NewDisposeScope();
        using var distributed = new TimeDistributed(new Dense(2), name: "td");
        var e = Assert.Throws<ArgumentException>(() => distributed.Apply(TestData.Randn(1, 2, 3)));
        Assert.Equal("TimeDistributed 'td' expects input of rank >= 3 (batch, timesteps, ...); received shape (2, 3). TimeDistributed applies its layer to each step of axis 1.", e.Message);
        using var masking = new Masking(name: "m");
        e = Assert.Throws<ArgumentException>(() => masking.Apply(TestData.Randn(1, 2, 3)));
        Assert.Equal("Masking 'm' expects input of rank >= 3 (batch, timesteps, features); received shape (2, 3). A single feature per step needs a feature axis: x.unsqueeze(-1).", e.Message);
    }
}
