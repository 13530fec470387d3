using KerasNet.Layers;
using KerasNet.Losses;
using KerasNet.Models;
using KerasNet.Optimizers;
using KerasNet.Serialization;

namespace KerasNet.Tests.LayersTests;

/// <summary>
/// What the attention and Transformer layers promise beyond parity: masks (padded keys are irrelevant; with a causal
/// mask the output at t does not depend on inputs after t), score shapes, graph calls and their flags, the position
/// layers, bad input (type and message), and a small Transformer classifier that trains and round-trips its config.
/// </summary>
public class AttentionLayerTests
{
    /// <summary>x with the steps from <paramref name="from"/> on (axis 1) replaced by other random values, for batch row <paramref name="row"/> (all rows if null).</summary>
    private static Tensor Perturb(Tensor x, long from, int seed, long? row = null)
    {
        var noise = TestData.Randn(seed, x.shape) * 3.0;
        var steps = torch.arange(0, x.size(1), ScalarType.Int64).ge(from).view(1, x.size(1), 1);
        var rows = row is { } r ? torch.arange(0, x.size(0), ScalarType.Int64).eq(r).view(x.size(0), 1, 1) : torch.ones(new[] { x.size(0), 1L, 1L }, ScalarType.Bool);
        return torch.where(steps.logical_and(rows), noise, x);
    }

    [Fact]
    public void MultiHeadAttentionPaddingMaskMakesPaddedKeysIrrelevant()
    {
        using var scope = torch.NewDisposeScope();
        using var mha = new MultiHeadAttention(2, 4);
        var query = TestData.Randn(1, 2, 5, 8);
        var value = TestData.Randn(2, 2, 6, 8);
        var keep = torch.tensor(new[] { true, true, true, true, true, true, true, true, true, true, false, false }, new long[] { 2, 6 });
        var mask = keep.unsqueeze(1); // (batch, 1, S): every query sees the same keys
        var (output, scores) = mha.ApplyWithScores(query, value, attentionMask: mask);
        var changed = mha.Apply(query, Perturb(value, 4, 3, row: 1), attentionMask: mask);
        TestData.Close(output, changed, "output after changing padded keys");
        Assert.Equal(0.0, scores.narrow(0, 1, 1).narrow(3, 4, 2).abs().max().item<float>());
        // Without the mask the same change shows.
        var unmasked = mha.Apply(query, value);
        Assert.True((unmasked - mha.Apply(query, Perturb(value, 4, 3, row: 1))).abs().max().item<float>() > 1e-3);
    }

    [Fact]
    public void SelfAttentionOnOneTensorMatchesTheSeparateProjections()
    {
        using var scope = torch.NewDisposeScope();
        using var mha = new MultiHeadAttention(2, 4, biasInitializer: "random_normal");
        var x = TestData.Randn(21, 2, 5, 8).requires_grad_();
        var copy = x.detach().clone().requires_grad_();
        var fused = mha.Apply(x, x, useCausalMask: true);
        var separate = mha.Apply(copy, copy.alias(), useCausalMask: true);
        TestData.Close(separate, fused, "output of the one-product projection");
        var upstream = TestData.Randn(22, fused.shape);
        (fused * upstream).sum().backward();
        var fusedGrads = mha.Weights.Select(w => w.Value.grad!.clone()).ToArray();
        foreach (var w in mha.Weights) w.Value.grad = null;
        (separate * upstream).sum().backward();
        TestData.Close(copy.grad!, x.grad!, "input gradient");
        for (var i = 0; i < fusedGrads.Length; i++) TestData.Close(mha.Weights[i].Value.grad!, fusedGrads[i], $"gradient of {mha.Weights[i].Path}");
    }

    [Fact]
    public void TransformerEncoderPaddingMaskKeepsRealTokensIndependentOfPadding()
    {
        using var scope = torch.NewDisposeScope();
        using var encoder = new TransformerEncoder(16, 2);
        var x = TestData.Randn(4, 2, 6, 8);
        var padding = torch.tensor(new[] { true, true, true, true, true, true, true, true, true, true, false, false }, new long[] { 2, 6 });
        var output = encoder.Apply(x, paddingMask: padding);
        var changed = encoder.Apply(Perturb(x, 4, 5, row: 1), paddingMask: padding);
        TestData.Close(output.narrow(1, 0, 4), changed.narrow(1, 0, 4), "real tokens after changing the padding");
        TestData.Close(output.narrow(0, 0, 1), changed.narrow(0, 0, 1), "the unpadded sample");
    }

    [Fact]
    public void CausalMaskMakesOutputAtTIndependentOfLaterInputs()
    {
        using var scope = torch.NewDisposeScope();
        using var mha = new MultiHeadAttention(2, 4);
        using var decoder = new TransformerDecoder(16, 2);
        using var attention = new Attention(useCausalMask: true);
        var x = TestData.Randn(6, 2, 7, 8);
        for (var t = 0L; t < 6; t++)
        {
            var later = Perturb(x, t + 1, 7 + (int)t);
            TestData.Close(mha.Apply(x, x, useCausalMask: true).narrow(1, 0, t + 1),
                           mha.Apply(later, later, useCausalMask: true).narrow(1, 0, t + 1), $"MultiHeadAttention steps 0..{t}");
            TestData.Close(decoder.Apply(x).narrow(1, 0, t + 1), decoder.Apply(later).narrow(1, 0, t + 1), $"TransformerDecoder steps 0..{t}");
            TestData.Close(attention.Apply(x, x).narrow(1, 0, t + 1), attention.Apply(later, later).narrow(1, 0, t + 1), $"Attention steps 0..{t}");
        }
        // Without the causal mask, step 0 sees the last step.
        var last = Perturb(x, 6, 20);
        Assert.True((mha.Apply(x, x).narrow(1, 0, 1) - mha.Apply(last, last).narrow(1, 0, 1)).abs().max().item<float>() > 1e-4);
    }

    [Fact]
    public void CausalAndPaddingMasksCombine()
    {
        using var scope = torch.NewDisposeScope();
        using var mha = new MultiHeadAttention(2, 4);
        var x = TestData.Randn(8, 1, 5, 8);
        var keep = torch.tensor(new[] { true, false, true, true, true }, new long[] { 1, 5 });
        var (_, scores) = mha.ApplyWithScores(x, x, attentionMask: keep.unsqueeze(1), useCausalMask: true);
        var allowed = torch.ones(new[] { 5L, 5L }, ScalarType.Bool).tril().logical_and(keep.view(1, 5));
        Assert.Equal(0.0, scores.masked_select(allowed.logical_not().expand(1, 2, 5, 5)).abs().max().item<float>());
        TestData.Close(torch.ones(1, 2, 5), scores.sum(-1), "each query's weights sum to 1");
    }

    [Fact]
    public void AQueryWithNothingToAttendToGetsFiniteUniformWeights()
    {
        using var scope = torch.NewDisposeScope();
        using var mha = new MultiHeadAttention(2, 4);
        var x = TestData.Randn(9, 1, 3, 8);
        var mask = torch.ones(new[] { 1L, 3L, 3L }, ScalarType.Bool);
        mask[0, 2] = torch.zeros(new[] { 3L }, ScalarType.Bool);
        var (output, scores) = mha.ApplyWithScores(x, x, attentionMask: mask);
        Assert.True(output.isfinite().all().item<bool>());
        TestData.Close(torch.full(new[] { 1L, 2L, 3L }, 1.0 / 3), scores.select(2, 2), "uniform weights of the fully masked query");
    }

    [Fact]
    public void AttentionScoresHaveKerasShapes()
    {
        using var scope = torch.NewDisposeScope();
        using var mha = new MultiHeadAttention(3, 4, valueDim: 2, outputShape: new long[] { 5 });
        var (output, scores) = mha.ApplyWithScores(TestData.Randn(1, 2, 4, 6), TestData.Randn(2, 2, 7, 9), key: TestData.Randn(3, 2, 7, 10));
        Assert.Equal(new long[] { 2, 4, 5 }, output.shape);
        Assert.Equal(new long[] { 2, 3, 4, 7 }, scores.shape);
        Assert.Equal(new long[] { 9, 3, 2 }, mha.ValueKernel.Shape);
        Assert.Equal(new long[] { 10, 3, 4 }, mha.KeyKernel.Shape);
        Assert.Equal(new long[] { 3, 2, 5 }, mha.OutputKernel.Shape);
        Assert.Equal(new long[] { 3, 4 }, mha.QueryBias!.Shape);
        Assert.Equal(new[] { "query/kernel", "query/bias", "key/kernel", "key/bias", "value/kernel", "value/bias", "attention_output/kernel", "attention_output/bias" },
                     mha.Weights.Select(w => w.Name));

        using var attention = new AdditiveAttention();
        var (o2, s2) = attention.ApplyWithScores(TestData.Randn(4, 2, 4, 6), TestData.Randn(5, 2, 7, 6));
        Assert.Equal(new long[] { 2, 4, 6 }, o2.shape);
        Assert.Equal(new long[] { 2, 4, 7 }, s2.shape);
    }

    [Fact]
    public void FunctionalMultiHeadAttentionWithMaskAndScoresMatchesEagerCall()
    {
        using var scope = torch.NewDisposeScope();
        var q = Keras.Input(4, 8);
        var v = Keras.Input(6, 8);
        var m = Keras.Input(new long[] { 4, 6 }, ScalarType.Bool);
        var mha = new MultiHeadAttention(2, 4);
        var (output, scores) = mha.ApplyWithScores(q, v, attentionMask: m, useCausalMask: true);
        Assert.Equal(TensorShape.WithBatch(4, 8), output.Shape);
        Assert.Equal(TensorShape.WithBatch(2, 4, 6), scores.Shape);
        Assert.True(mha.UseCausalMask && mha.ReturnAttentionScores);
        using var model = new Model(new[] { q, v, m }, new[] { output, scores });

        var (xq, xv) = (TestData.Randn(1, 3, 4, 8), TestData.Randn(2, 3, 6, 8));
        var mask = TestData.Rand(3, 3, 4, 6).gt(0.3).logical_or(torch.arange(0, 6, ScalarType.Int64).eq(0).view(1, 1, 6));
        var results = model.PredictMulti(new[] { xq, xv, mask }, verbose: Verbosity.Silent);
        var (eagerOutput, eagerScores) = mha.ApplyWithScores(xq, xv, attentionMask: mask, useCausalMask: true);
        TestData.Close(eagerOutput, results[0], "graph output");
        TestData.Close(eagerScores, results[1], "graph scores");

        // The graph flags are the layer's: they are in its config, and a second call cannot change them.
        var config = mha.GetConfig();
        Assert.Equal(true, config["use_causal_mask"]);
        Assert.Equal(true, config["return_attention_scores"]);
        var error = Assert.Throws<InvalidOperationException>(() => mha.Apply(q, v));
        LayerBadInputTests.AssertMentions(error.Message, mha.Name, "second MultiHeadAttention layer");
    }

    [Fact]
    public void FunctionalTransformerBlocksTakeTheirMasksAsGraphInputs()
    {
        using var scope = torch.NewDisposeScope();
        var source = Keras.Input(6, 8);
        var sourcePadding = Keras.Input(new long[] { 6 }, ScalarType.Bool);
        var target = Keras.Input(5, 8);
        var targetPadding = Keras.Input(new long[] { 5 }, ScalarType.Bool);
        var encoder = new TransformerEncoder(16, 2);
        var decoder = new TransformerDecoder(16, 2);
        var encoded = encoder.Apply(source, paddingMask: sourcePadding);
        var decoded = decoder.Apply(target, encoded, decoderPaddingMask: targetPadding, encoderPaddingMask: sourcePadding);
        Assert.Equal(TensorShape.WithBatch(5, 8), decoded.Shape);
        using var model = new Model(new[] { source, sourcePadding, target, targetPadding }, new[] { decoded });

        var (xs, xt) = (TestData.Randn(31, 2, 6, 8), TestData.Randn(32, 2, 5, 8));
        var ps = torch.tensor(new[] { true, true, true, true, true, true, true, true, true, false, false, false }, new long[] { 2, 6 });
        var pt = torch.tensor(new[] { true, true, true, true, true, true, true, true, false, false }, new long[] { 2, 5 });
        var graph = model.PredictMulti(new[] { xs, ps, xt, pt }, verbose: Verbosity.Silent)[0];
        var eager = decoder.Apply(xt, encoder.Apply(xs, paddingMask: ps), decoderPaddingMask: pt, encoderPaddingMask: ps);
        TestData.Close(eager, graph, "graph and eager decoder output");
        Assert.True(decoder.HasCrossAttention);
    }

    [Fact]
    public void PositionLayersGiveKerasShapesAndValues()
    {
        using var scope = torch.NewDisposeScope();
        using var positions = new PositionEmbedding(sequenceLength: 10);
        var x = TestData.Randn(1, 2, 6, 4);
        var embedded = positions.Apply(x);
        Assert.Equal(new long[] { 2, 6, 4 }, embedded.shape);
        Assert.Equal(new long[] { 10, 4 }, positions.Embeddings.Shape);
        TestData.Close(positions.Embeddings.Value.narrow(0, 0, 6), embedded.select(0, 1), "the first 6 rows");

        using var tokens = new TokenAndPositionEmbedding(vocabularySize: 20, sequenceLength: 8, embeddingDim: 4, maskZero: true);
        var ids = torch.tensor(new long[] { 3, 0, 7, 19, 1, 0 }, new long[] { 2, 3 });
        var output = tokens.Apply(ids);
        Assert.Equal(new long[] { 2, 3, 4 }, output.shape);
        var expected = tokens.TokenEmbeddings.Value.index_select(0, ids.flatten()).view(2, 3, 4) + tokens.PositionEmbeddings.Value.narrow(0, 0, 3);
        TestData.Close(expected, output, "token + position embeddings");
        Assert.Equal(new[] { true, false, true, true, true, false }, tokens.OutputMask(ids)!.flatten().data<bool>().ToArray());
        Assert.Equal(new[] { "token_embedding/embeddings", "position_embedding/embeddings" }, tokens.Weights.Select(w => w.Name));

        using var sine = new SinePositionEncoding();
        var encoded = sine.Apply(x);
        Assert.Equal(x.shape, encoded.shape);
        Assert.Equal(0.0, encoded[0, 0, 0].item<float>());  // sin(0)
        Assert.Equal(1.0, encoded[0, 0, 1].item<float>());  // cos(0)
        Assert.Equal(Math.Sin(3.0), encoded[1, 3, 0].item<float>(), 5);
        Assert.Equal(Math.Cos(3.0 / Math.Pow(10000, 2.0 / 4)), encoded[1, 3, 3].item<float>(), 5);
    }

    [Fact]
    public void BadInputsRaiseArgumentErrorsThatSayWhatWasExpected()
    {
        using var scope = torch.NewDisposeScope();
        using var mha = new MultiHeadAttention(2, 4, name: "mha_bad");
        var q = TestData.Randn(1, 2, 5, 8);
        var v = TestData.Randn(2, 2, 6, 8);
        mha.Apply(q, v);

        var rank = Assert.Throws<ArgumentException>(() => mha.Apply(TestData.Randn(3, 2, 8), v));
        LayerBadInputTests.AssertMentions(rank.Message, "mha_bad", "rank 3 (batch, sequence, features)", "(2, 8)");
        var features = Assert.Throws<ArgumentException>(() => mha.Apply(TestData.Randn(3, 2, 5, 6), v));
        LayerBadInputTests.AssertMentions(features.Message, "mha_bad", "built for query, value and key features (8, 8, 8)", "(2, 5, 6)");
        var lengths = Assert.Throws<ArgumentException>(() => mha.Apply(q, v, key: TestData.Randn(4, 2, 5, 8)));
        LayerBadInputTests.AssertMentions(lengths.Message, "same sequence length", "key (2, 5, 8)", "value (2, 6, 8)");
        var batch = Assert.Throws<ArgumentException>(() => mha.Apply(q, TestData.Randn(5, 3, 6, 8)));
        LayerBadInputTests.AssertMentions(batch.Message, "same batch size", "value (3, 6, 8)");
        var mask = Assert.Throws<ArgumentException>(() => mha.Apply(q, v, attentionMask: torch.ones(new[] { 2L, 5L, 7L }, ScalarType.Bool)));
        LayerBadInputTests.AssertMentions(mask.Message, "mha_bad", "attentionMask", "(batch, queries, keys) = (2, 5, 6)", "received shape (2, 5, 7)");
        var maskRank = Assert.Throws<ArgumentException>(() => mha.Apply(q, v, attentionMask: torch.ones(new[] { 2L, 6L }, ScalarType.Bool)));
        LayerBadInputTests.AssertMentions(maskRank.Message, "attentionMask", "received shape (2, 6)");

        var axes = Assert.Throws<ArgumentException>(() => new MultiHeadAttention(2, 4, attentionAxes: new long[] { 1, 2 }).Apply(q, v));
        LayerBadInputTests.AssertMentions(axes.Message, "attentionAxes [1, 2] does not fit inputs of rank 3 (batch, sequence, features)", "axis 2 is the features axis");
        var heads = Assert.Throws<ArgumentOutOfRangeException>(() => new MultiHeadAttention(0, 4));
        LayerBadInputTests.AssertMentions(heads.Message, "numHeads must be a positive integer; received 0");

        using var encoder = new TransformerEncoder(16, 3, name: "enc_bad");
        var divisible = Assert.Throws<ArgumentException>(() => encoder.Apply(TestData.Randn(6, 2, 5, 8)));
        LayerBadInputTests.AssertMentions(divisible.Message, "enc_bad", "divisible by numHeads (3)", "(None, 5, 8)");
        using var encoder2 = new TransformerEncoder(16, 2, name: "enc_bad2");
        var padding = Assert.Throws<ArgumentException>(() => encoder2.Apply(TestData.Randn(7, 2, 5, 8), paddingMask: torch.ones(new[] { 2L, 4L }, ScalarType.Bool)));
        LayerBadInputTests.AssertMentions(padding.Message, "enc_bad2", "paddingMask must have shape (batch, sequence) = (2, 5)", "received shape (2, 4)");
        var size = Assert.Throws<ArgumentException>(() => encoder2.Apply(TestData.Randn(8, 2, 5, 6)));
        LayerBadInputTests.AssertMentions(size.Message, "enc_bad2", "(batch, sequence, 8)", "(2, 5, 6)");

        using var decoder = new TransformerDecoder(16, 2, name: "dec_bad");
        decoder.Apply(TestData.Randn(9, 2, 5, 8));
        var cross = Assert.Throws<ArgumentException>(() => decoder.Apply(TestData.Randn(9, 2, 5, 8), TestData.Randn(10, 2, 4, 8)));
        LayerBadInputTests.AssertMentions(cross.Message, "dec_bad", "built without an encoder sequence", "(2, 4, 8)");

        using var attention = new Attention(name: "att_bad");
        var dims = Assert.Throws<ArgumentException>(() => attention.Apply(TestData.Randn(11, 2, 4, 6), TestData.Randn(12, 2, 5, 7)));
        LayerBadInputTests.AssertMentions(dims.Message, "att_bad", "same last dimension");
        var mode = Assert.Throws<ArgumentException>(() => new Attention(scoreMode: "general"));
        LayerBadInputTests.AssertMentions(mode.Message, "\"dot\" or \"concat\"", "\"general\"");

        using var tokens = new TokenAndPositionEmbedding(20, 4, 8, name: "tok_bad");
        var tooLong = Assert.Throws<ArgumentException>(() => tokens.Apply(torch.zeros(new[] { 2L, 6L }, ScalarType.Int64)));
        LayerBadInputTests.AssertMentions(tooLong.Message, "tok_bad", "at most sequenceLength = 4", "(2, 6)");
        using var positions = new PositionEmbedding(4, name: "pos_bad");
        var posLong = Assert.Throws<ArgumentException>(() => positions.Apply(TestData.Randn(13, 2, 6, 8)));
        LayerBadInputTests.AssertMentions(posLong.Message, "pos_bad", "at most sequenceLength = 4", "(2, 6, 8)");
    }

    /// <summary>Sequences of 8 tokens from 1..29; class 1 when tokens below 15 are the majority.</summary>
    private static (Tensor X, Tensor Y) Tokens(int n, int seed)
    {
        torch.manual_seed(seed);
        var x = torch.randint(1, 30, new long[] { n, 8 });
        var y = x.lt(15).sum(1).gt(4).to(ScalarType.Int64);
        return (x, y);
    }

    private static Model Classifier(out TransformerEncoder encoder)
    {
        var input = Keras.Input(new long[] { 8 }, ScalarType.Int64);
        var embedded = new TokenAndPositionEmbedding(30, 8, 16).Apply(input);
        encoder = new TransformerEncoder(32, 2);
        var encoded = encoder.Apply(embedded);
        var pooled = new GlobalAveragePooling1D(dataFormat: "channels_last").Apply(encoded);
        return new Model(input, new Dense(2).Apply(pooled));
    }

    [Fact]
    [Trait("Category", "Integration")]
    public void SmallTransformerClassifierTrainsAndRoundTripsThroughItsConfig()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(3);
        using var model = Classifier(out var encoder);
        model.Compile(new Adam(learningRate: 3e-3), new SparseCategoricalCrossentropy(fromLogits: true));
        var (x, y) = Tokens(256, 1);
        var history = model.Fit(x, y, batchSize: 32, epochs: 8, verbose: Verbosity.Silent);
        var losses = history["loss"];
        Assert.True(losses[^1] < 0.8 * losses[0], $"loss did not decrease enough: {string.Join(", ", losses)}");

        // Every layer recreated from its config (through JSON) and given the same weights computes the same function.
        var (xt, _) = Tokens(16, 2);
        var expected = model.Predict(xt, verbose: Verbosity.Silent);
        var input = Keras.Input(new long[] { 8 }, ScalarType.Int64);
        KerasTensor h = input;
        foreach (var layer in model.Layers.Where(l => l is not InputLayer))
        {
            var json = TestData.Json(layer.GetConfig());
            var copy = KerasRegistry.FromConfig<Layer>(layer.GetType().Name, TestData.ParseJson(json));
            Assert.Equal(json, TestData.Json(copy.GetConfig()));
            h = copy.Apply(h);
            WeightTools.Copy(layer, copy);
        }
        using var rebuilt = new Model(input, h);
        TestData.Close(expected, rebuilt.Predict(xt, verbose: Verbosity.Silent), "predictions of the rebuilt model", rtol: 1e-5, atol: 1e-5);
        Assert.Equal(encoder.Weights.Select(w => w.Path), rebuilt.Layers.OfType<TransformerEncoder>().Single().Weights.Select(w => w.Path));
    }

    [Fact]
    public void SequentialTransformerRoundTripsThroughSequentialConfig()
    {
        using var scope = torch.NewDisposeScope();
        using var model = new Sequential(new Layer[]
        {
            Keras.Input(new long[] { 8 }, ScalarType.Int64),
            new TokenAndPositionEmbedding(30, 8, 16),
            new TransformerEncoder(32, 4, normalizeFirst: true),
            new TransformerDecoder(32, 4),
            new RMSNormalization(),
            new GlobalAveragePooling1D(dataFormat: "channels_last"),
            new Dense(3),
        });
        var (x, _) = Tokens(4, 5);
        var expected = model.Predict(x, verbose: Verbosity.Silent);
        using var copy = Sequential.FromConfig(TestData.ParseJson(TestData.Json(model.GetConfig())));
        copy.Predict(x, verbose: Verbosity.Silent);
        WeightTools.Copy(model, copy);
        TestData.Close(expected, copy.Predict(x, verbose: Verbosity.Silent), "predictions of the copy", rtol: 1e-5, atol: 1e-5);
    }
}
