using KerasNet.Export;
using KerasNet.Layers;
using KerasNet.Models;

namespace KerasNet.Tests.Export;

/// <summary>
/// Masked models (Masking, Embedding and TokenAndPositionEmbedding with maskZero) exported with their masks and
/// matched in ONNX Runtime on batches padded differently per sample (right, left, in the middle, not at all, fully),
/// at two batch sizes.
/// </summary>
public class OnnxMaskExportTests
{
    private const long Steps = 8;
    private const long Vocabulary = 30;

    public static readonly Dictionary<string, Func<Model>> Models = new()
    {
        ["masking_lstm"] = () => new Sequential(new Layer[]
        {
            Keras.Input(Steps, 3), new Masking(), new LSTM(5, returnSequences: true), new LSTM(3, goBackwards: true), new Dense(2),
        }),
        ["masking_lstm_states"] = MaskingLstmWithStates,
        ["embedding_gru"] = () => Text(new GRU(5, returnSequences: true), new GRU(4, goBackwards: true, resetAfter: false)),
        ["embedding_gru_sequences_backwards"] = () => Text(new GRU(4, returnSequences: true, goBackwards: true, resetAfter: false), new GRU(3, activation: "relu")),
        ["embedding_simple_rnn"] = () => Text(new SimpleRNN(4, returnSequences: true), new SimpleRNN(3, goBackwards: true, activation: "relu")),
        ["embedding_bidirectional_lstm"] = () => Text(new Bidirectional(new LSTM(4, returnSequences: true)), new Bidirectional(new LSTM(3), mergeMode: "ave")),
        ["embedding_bidirectional_gru"] = () => Text(new Bidirectional(new GRU(3, returnSequences: true), mergeMode: "mul"), new Bidirectional(new SimpleRNN(3))),
        ["embedding_average_pooling"] = () => Text(new Dense(5, activation: "tanh"), new Dropout(0.3), new GlobalAveragePooling1D()),
        ["embedding_max_pooling"] = () => Text(new GlobalMaxPooling1D()),
        ["merged_masks"] = MergedMasks,
        ["transformer_text"] = TransformerText,
        ["embedding_self_attention"] = SelfAttention,
        ["embedding_decoder"] = () => Text(new TransformerDecoder(12, 2), new GlobalAveragePooling1D()),
    };

    public static TheoryData<string> Cases() => new(Models.Keys);

    /// <summary>Token ids → Embedding(maskZero) → <paramref name="layers"/> → Dense(3).</summary>
    private static Model Text(params Layer[] layers)
    {
        var tokens = Keras.Input(new long[] { Steps }, ScalarType.Int64, name: "tokens");
        var x = new Embedding(Vocabulary, 6, maskZero: true).Apply(tokens);
        foreach (var layer in layers) x = layer.Apply(x);
        return new Model(tokens, new Dense(3).Apply(x));
    }

    private static Model MaskingLstmWithStates()
    {
        var sequence = Keras.Input(new long[] { Steps, 3 }, name: "sequence");
        var masked = new Masking(maskValue: 0.0).Apply(sequence);
        var outputs = new LSTM(4, returnSequences: true, returnState: true).ApplyMulti(masked);
        var gru = new GRU(3, returnState: true).ApplyMulti(outputs[0]);
        return new Model(new[] { sequence }, outputs.Concat(gru).ToArray());
    }

    /// <summary>Two masked embeddings added (masks and'ed), concatenated with an unmasked one (Keras's widened mask), into a GRU.</summary>
    private static Model MergedMasks()
    {
        var tokens = Keras.Input(new long[] { Steps }, ScalarType.Int64, name: "tokens");
        var a = new Embedding(Vocabulary, 4, maskZero: true).Apply(tokens);
        var b = new Embedding(Vocabulary, 4, maskZero: true).Apply(tokens);
        var sum = new Add().Apply(a, b);
        var gru = new GRU(3, returnSequences: true).Apply(sum);
        var plain = new Embedding(Vocabulary, 2).Apply(tokens);
        var both = new Concatenate().Apply(gru, plain);
        return new Model(tokens, new SimpleRNN(3).Apply(both));
    }

    /// <summary>The TransformerText example's classifier with padding masks (maskZero), at a smaller size.</summary>
    private static Model TransformerText() => new Sequential(new Layer[]
    {
        Keras.Input(new long[] { Steps }, ScalarType.Int64),
        new TokenAndPositionEmbedding(Vocabulary, Steps, 16, maskZero: true),
        new TransformerEncoder(intermediateDim: 32, numHeads: 2, dropout: 0.1),
        new TransformerEncoder(intermediateDim: 24, numHeads: 4, normalizeFirst: true),
        new GlobalAveragePooling1D(),
        new Dropout(0.1),
        new Dense(4, activation: "softmax"),
    });

    private static Model SelfAttention()
    {
        var tokens = Keras.Input(new long[] { Steps }, ScalarType.Int64, name: "tokens");
        var x = new Embedding(Vocabulary, 8, maskZero: true).Apply(tokens);
        var attended = new MultiHeadAttention(2, 4).Apply(x, x);
        // Per-step outputs: a pooling would hide what the padded query rows compute.
        return new Model(tokens, new Dense(3).Apply(new LayerNormalization().Apply(new Add().Apply(x, attended))));
    }

    /// <summary>
    /// Which steps are real in row <paramref name="row"/>: right padding of varied length, left padding, holes in the
    /// middle, none, and a fully padded row.
    /// </summary>
    internal static bool[] Keep(long row) => (row % 6) switch
    {
        0 => Enumerable.Range(0, (int)Steps).Select(t => t < 5).ToArray(),
        1 => Enumerable.Range(0, (int)Steps).Select(t => t >= 3).ToArray(),
        2 => Enumerable.Range(0, (int)Steps).Select(t => t is not (2 or 3 or 6)).ToArray(),
        3 => Enumerable.Repeat(true, (int)Steps).ToArray(),
        4 => Enumerable.Range(0, (int)Steps).Select(t => t < 2).ToArray(),
        _ => new bool[Steps],
    };

    private static Tensor KeepMask(long batch) =>
        torch.tensor(Enumerable.Range(0, (int)batch).SelectMany(r => Keep(r)).ToArray()).reshape(batch, Steps);

    /// <summary>Token ids 1..29 at real steps, 0 at padded ones.</summary>
    internal static Tensor Tokens(long batch) => torch.randint(1, Vocabulary, new[] { batch, Steps }) * KeepMask(batch).to(ScalarType.Int64);

    /// <summary>Random features at real steps, zeros (Masking's default mask value) at padded ones.</summary>
    private static Tensor Features(long batch, long features) => torch.randn(batch, Steps, features) * KeepMask(batch).unsqueeze(-1).to(ScalarType.Float32);

    [Theory]
    [MemberData(nameof(Cases))]
    public void ExportedMaskedModelMatches(string name)
    {
        torch.manual_seed(41);
        var model = Models[name]();
        OnnxRuntimeCheck.RandomizeStatistics(model);
        Tensor[] Batch(long size) => new[] { name.StartsWith("masking", StringComparison.Ordinal) ? Features(size, 3) : Tokens(size) };
        OnnxRuntimeCheck.AssertMatches(model, Batch(1), Batch(6), Batch(13));
    }

    /// <summary>Initial states with a mask: masked steps keep the given states, and the output before the first real step is zeros.</summary>
    [Fact]
    public void MaskedLayersWithInitialStatesMatch()
    {
        torch.manual_seed(44);
        var sequence = Keras.Input(new long[] { Steps, 3 }, name: "sequence");
        var h = Keras.Input(new long[] { 4 }, name: "h");
        var c = Keras.Input(new long[] { 4 }, name: "c");
        var masked = new Masking().Apply(sequence);
        var gru = new GRU(4, returnSequences: true, returnState: true).ApplyMulti(masked, h);
        var rnn = new SimpleRNN(4, goBackwards: true, returnState: true).ApplyMulti(masked, h);
        var lstm = new LSTM(4, returnState: true).ApplyMulti(masked, h, c);
        var model = new Model(new[] { sequence, h, c }, gru.Concat(rnn).Concat(lstm).ToArray());
        OnnxRuntimeCheck.RandomizeStatistics(model);
        Tensor[] Batch(long size) => new[] { Features(size, 3), torch.randn(size, 4), torch.randn(size, 4) };
        OnnxRuntimeCheck.AssertMatches(model, Batch(2), Batch(6));
    }

    /// <summary>The mask reaches the file: changing only the padded steps' embeddings changes nothing, in both runtimes.</summary>
    [Fact]
    public void PaddedStepsDoNotChangeTheExportedOutputs()
    {
        torch.manual_seed(42);
        var model = Text(new GRU(4));
        var path = OnnxRuntimeCheck.ExportToTemp(model);
        try
        {
            using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(path);
            var tokens = Tokens(6);
            var padded = OnnxRuntimeCheck.Run(session, new[] { tokens })[0].Values;
            var embedding = (Embedding)((Model)model).Layers.First(l => l is Embedding);
            using (torch.no_grad()) embedding.Embeddings.Value[0].copy_(torch.randn(6) * 10);
            var path2 = OnnxRuntimeCheck.ExportToTemp(model);
            try
            {
                using var session2 = new Microsoft.ML.OnnxRuntime.InferenceSession(path2);
                Assert.Equal(padded, OnnxRuntimeCheck.Run(session2, new[] { tokens })[0].Values);
            }
            finally
            {
                File.Delete(path2);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void MaskWithDynamicSequenceLengthIsRefused()
    {
        var tokens = Keras.Input(new long[] { -1 }, ScalarType.Int64, name: "tokens");
        var x = new Embedding(Vocabulary, 4, maskZero: true).Apply(tokens);
        var model = new Model(tokens, new GRU(3, name: "masked_gru").Apply(x));
        var error = Assert.Throws<OnnxExportException>(() => model.Export(Path.Combine(Path.GetTempPath(), "never.onnx")));
        Assert.Equal("masked_gru", error.LayerName);
        Assert.Contains("GRU 'masked_gru' cannot be exported to ONNX: a mask arrives with its input", error.Message);
        Assert.Contains("fixed sequence length", error.Message);
    }

    [Fact]
    public void DynamicSequenceLengthWithoutRecurrentLayersExports()
    {
        torch.manual_seed(43);
        var tokens = Keras.Input(new long[] { -1 }, ScalarType.Int64, name: "tokens");
        var x = new Embedding(Vocabulary, 4, maskZero: true).Apply(tokens);
        var model = new Model(tokens, new Dense(2).Apply(new GlobalAveragePooling1D().Apply(new Dense(5).Apply(x))));
        var path = OnnxRuntimeCheck.ExportToTemp(model);
        try
        {
            using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(path);
            OnnxRuntimeCheck.AssertMatches(model, session, new[] { Tokens(6) });
            OnnxRuntimeCheck.AssertMatches(model, session, new[] { Tokens(4).narrow(1, 0, 5) });
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void LayerThatBuildsItsOwnMaskIsRefused()
    {
        var tokens = Keras.Input(new long[] { Steps }, ScalarType.Int64, name: "tokens");
        var x = new Embedding(Vocabulary, 4, maskZero: true).Apply(tokens);
        var model = new Model(tokens, new GRU(3).Apply(new InvertedMask(name: "inverter").Apply(x)));
        var error = Assert.Throws<OnnxExportException>(() => model.Export(Path.Combine(Path.GetTempPath(), "never.onnx")));
        Assert.Equal("inverter", error.LayerName);
        Assert.Contains("InvertedMask 'inverter' cannot be exported to ONNX: its ComputeMask builds a new mask in C# code", error.Message);
    }

    /// <summary>A custom exportable layer whose mask is computed by C# code (the exporter cannot write it).</summary>
    private sealed class InvertedMask : Layer, IOnnxExportable
    {
        public InvertedMask(string? name = null) : base(name) { }

        protected override Tensor Call(Tensor inputs, CallContext context) => inputs.alias();

        public override Tensor? ComputeMask(Tensor inputs, Tensor? mask) => mask?.logical_not();

        public override TensorShape ComputeOutputShape(TensorShape inputShape) => inputShape;

        public IReadOnlyList<string> ExportOnnx(OnnxGraph graph, IReadOnlyList<OnnxValue> inputs) => new[] { graph.Node("Identity", inputs[0].Name) };
    }
}
