using KerasNet.Activations;
using KerasNet.Layers;
using KerasNet.Models;
using Microsoft.ML.OnnxRuntime;

namespace KerasNet.Tests.Export;

/// <summary>LSTM, GRU, SimpleRNN and Bidirectional as ONNX's recurrent operators, matched in ONNX Runtime; stateful layers refused.</summary>
public class OnnxRecurrentExportTests
{
    public static readonly Dictionary<string, Func<Model>> Models = new()
    {
        ["gru_reset_after"] = () => Stack(new GRU(6, returnSequences: true), new GRU(3, goBackwards: true)),
        ["gru_reset_before"] = () => Stack(new GRU(5, resetAfter: false)),
        ["simple_rnn"] = () => Stack(new SimpleRNN(4, returnSequences: true), new SimpleRNN(3, activation: "relu")),
        ["bidirectional_concat"] = () => Stack(new Bidirectional(new GRU(4, returnSequences: true)), new Bidirectional(new GRU(3), mergeMode: "sum")),
        ["bidirectional_ave_mul"] = () => Stack(new Bidirectional(new SimpleRNN(3, returnSequences: true), mergeMode: "ave"), new Bidirectional(new SimpleRNN(2), mergeMode: "mul")),
        ["lstm_sequences"] = () => Stack(new LSTM(5, returnSequences: true), new LSTM(3)),
        ["lstm_backwards_no_forget_bias"] = () => Stack(new LSTM(4, goBackwards: true, unitForgetBias: false, useBias: false)),
        ["bidirectional_lstm"] = () => Stack(new Bidirectional(new LSTM(4, returnSequences: true)), new Bidirectional(new LSTM(3), mergeMode: "ave")),
        // The LstmText example's classifier (without its mask option), and the same with a GRU.
        ["text_classifier"] = () => TextClassifier(new GRU(6)),
        ["lstm_text_classifier"] = () => TextClassifier(new LSTM(32)),
    };

    public static TheoryData<string> Cases() => new(Models.Keys);

    /// <summary>Unmasked LSTMs as ONNX's LSTM operator, on inputs whose sequence length is dynamic (-1).</summary>
    public static readonly Dictionary<string, Func<Model>> DynamicLengthModels = new()
    {
        ["lstm"] = () => Dynamic(new LSTM(5, returnSequences: true), new LSTM(3)),
        ["lstm_backwards"] = () => Dynamic(new LSTM(4, goBackwards: true, returnSequences: true), new LSTM(3, goBackwards: true, useBias: false)),
        ["lstm_activations"] = () => Dynamic(
            new LSTM(4, activation: "softsign", recurrentActivation: "tanh", returnSequences: true), new LSTM(3, activation: "relu", recurrentActivation: "softplus")),
        ["bidirectional_concat_sum"] = () => Dynamic(new Bidirectional(new LSTM(4, returnSequences: true)), new Bidirectional(new LSTM(3), mergeMode: "sum")),
        ["bidirectional_ave_mul"] = () => Dynamic(new Bidirectional(new LSTM(4, returnSequences: true), mergeMode: "ave"), new Bidirectional(new LSTM(3), mergeMode: "mul")),
        ["bidirectional_unmerged"] = () => DynamicUnmerged(),
        ["states"] = () => DynamicStates(),
    };

    public static TheoryData<string> DynamicLengthCases() => new(DynamicLengthModels.Keys);

    private static Model Dynamic(params Layer[] layers) => new Sequential(new Layer[] { Keras.Input(-1, 3) }.Concat(layers));

    private static Model DynamicUnmerged()
    {
        var sequence = Keras.Input(-1, 3);
        var outputs = new Bidirectional(new LSTM(4, returnSequences: true), mergeMode: null).ApplyMulti(sequence);
        return new Model(new[] { sequence }, outputs.ToArray());
    }

    /// <summary>Returned h and c, initial states, goBackwards, and a Bidirectional LSTM given four initial states.</summary>
    private static Model DynamicStates()
    {
        var sequence = Keras.Input(new long[] { -1, 3 }, name: "sequence");
        var h = Keras.Input(new long[] { 4 }, name: "h");
        var c = Keras.Input(new long[] { 4 }, name: "c");
        var forward = new LSTM(4, returnSequences: true, returnState: true).ApplyMulti(sequence, h, c);
        var backward = new LSTM(4, goBackwards: true, returnState: true).ApplyMulti(sequence, c, h);
        var both = new Bidirectional(new LSTM(4, returnState: true)).ApplyMulti(sequence, h, c, c, h);
        return new Model(new[] { sequence, h, c }, forward.Concat(backward).Concat(both).ToArray());
    }

    private static Model Stack(params Layer[] layers) => new Sequential(new Layer[] { Keras.Input(7, 3) }.Concat(layers));

    private static Model TextClassifier(BaseRNN recurrent)
    {
        var tokens = Keras.Input(new long[] { 12 }, ScalarType.Int64, name: "tokens");
        var x = new Embedding(50, recurrent is LSTM ? 64 : 8).Apply(tokens);
        x = new Bidirectional(recurrent).Apply(x);
        x = new Dropout(0.5).Apply(x);
        return new Model(tokens, new Dense(4, activation: "softmax").Apply(x));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ExportedRecurrentModelMatches(string name)
    {
        torch.manual_seed(21);
        var model = Models[name]();
        OnnxRuntimeCheck.RandomizeStatistics(model);
        var batches = name.EndsWith("text_classifier", StringComparison.Ordinal)
            ? new[] { new[] { torch.randint(0, 50, new long[] { 1, 12 }) }, new[] { torch.randint(0, 50, new long[] { 4, 12 }) } }
            : new[] { OnnxLayerExportTests.RandomInputs(model, 1), OnnxLayerExportTests.RandomInputs(model, 3) };
        OnnxRuntimeCheck.AssertMatches(model, batches);
    }

    /// <summary>Exported once, run at two sequence lengths and two batch sizes.</summary>
    [Theory]
    [MemberData(nameof(DynamicLengthCases))]
    public void LstmWithDynamicLengthMatches(string name)
    {
        torch.manual_seed(24);
        var model = DynamicLengthModels[name]();
        OnnxRuntimeCheck.RandomizeStatistics(model);
        var path = OnnxRuntimeCheck.ExportToTemp(model);
        try
        {
            using var session = new InferenceSession(path);
            Assert.Equal(new[] { -1, -1, 3 }, session.InputMetadata[session.InputNames[0]].Dimensions);
            foreach (var steps in new long[] { 2, 9 })
            foreach (var batch in new long[] { 1, 5 })
            {
                OnnxRuntimeCheck.AssertMatches(model, session, InputsOfLength(model, batch, steps));
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Random inputs of <paramref name="batch"/> rows, with <paramref name="steps"/> steps on each dynamic axis.</summary>
    private static Tensor[] InputsOfLength(Model model, long batch, long steps)
    {
        var shapes = model.Inputs is { } inputs
            ? inputs.Select(i => i.Shape.Dims.Skip(1).Select(d => d ?? -1).ToArray()).ToArray()
            : new[] { ((Sequential)model).InputLayer!.Shape };
        return shapes.Select(shape => torch.randn(new[] { batch }.Concat(shape.Select(d => d < 0 ? steps : d)).ToArray())).ToArray();
    }

    /// <summary>An activation ONNX's LSTM lacks (hard_sigmoid) keeps the step-by-step form: a fixed length exports, a dynamic one is refused.</summary>
    [Fact]
    public void LstmWithoutAnOnnxActivationIsUnrolled()
    {
        torch.manual_seed(25);
        var fixedLength = Stack(new LSTM(4, recurrentActivation: "hard_sigmoid", returnSequences: true));
        OnnxRuntimeCheck.AssertMatches(fixedLength, OnnxLayerExportTests.RandomInputs(fixedLength, 2));
        var dynamic = Dynamic(new LSTM(4, recurrentActivation: "hard_sigmoid", name: "hard"));
        var error = Assert.Throws<KerasNet.Export.OnnxExportException>(() => OnnxRuntimeCheck.ExportToTemp(dynamic));
        Assert.Contains("LSTM 'hard' cannot be exported to ONNX: it is written out step by step", error.Message);
    }

    [Fact]
    public void ReturnedStatesAndInitialStatesMatch()
    {
        torch.manual_seed(22);
        var sequence = Keras.Input(new long[] { 5, 3 }, name: "sequence");
        var h = Keras.Input(new long[] { 4 }, name: "h");
        var outputs = new SimpleRNN(4, returnSequences: true, returnState: true).ApplyMulti(sequence, h);
        var c = Keras.Input(new long[] { 4 }, name: "c");
        var gruOutputs = new GRU(4, returnState: true).ApplyMulti(sequence, h);
        var lstmOutputs = new LSTM(4, returnSequences: true, returnState: true).ApplyMulti(sequence, h, c);
        var model = new Model(new[] { sequence, h, c }, outputs.Concat(gruOutputs).Concat(lstmOutputs).ToArray());
        OnnxRuntimeCheck.RandomizeStatistics(model);
        OnnxRuntimeCheck.AssertMatches(model, OnnxLayerExportTests.RandomInputs(model, 2));
    }

    /// <summary>The fused LSTM kernel without autograd agrees with the step loop (libtorch's inference path once did not).</summary>
    [Fact]
    public void LstmInferenceMatchesItsStepLoop()
    {
        torch.manual_seed(23);
        using var fused = new LSTM(5, returnSequences: true);
        using var loop = new LSTM(5, activation: ActivationFunction.Custom("tanh_loop", t => t.tanh()),
            recurrentActivation: ActivationFunction.Custom("sigmoid_loop", t => t.sigmoid()), returnSequences: true);
        var x = torch.randn(3, 7, 4);
        fused.BuildFor(TensorShape.WithBatch(7, 4));
        loop.BuildFor(TensorShape.WithBatch(7, 4));
        using (torch.no_grad())
        {
            loop.Kernel.Value.copy_(fused.Kernel.Value);
            loop.RecurrentKernel.Value.copy_(fused.RecurrentKernel.Value);
            loop.Bias!.Value.copy_(fused.Bias!.Value);
            var expected = loop.Apply(x);
            var actual = fused.Apply(x);
            Assert.True(actual.allclose(expected, rtol: 1e-5, atol: 1e-6), $"largest difference {(actual - expected).abs().max().ToDouble():E2}");
        }
    }

    [Fact]
    public void StatefulLayerIsRefused()
    {
        var model = new Sequential(new Layer[] { Keras.Input(new long[] { 4, 2 }, batchSize: 1), new GRU(3, stateful: true, name: "memory") });
        var error = Assert.Throws<KerasNet.Export.OnnxExportException>(() => model.Export(Path.Combine(Path.GetTempPath(), "never.onnx")));
        Assert.Contains("GRU 'memory' cannot be exported to ONNX: it is stateful", error.Message);
    }
}
