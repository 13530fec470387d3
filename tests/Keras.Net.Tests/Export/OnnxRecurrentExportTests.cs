using KerasNet.Layers;
using KerasNet.Models;

namespace KerasNet.Tests.Export;

/// <summary>GRU, SimpleRNN and Bidirectional as ONNX's recurrent operators, matched in ONNX Runtime; LSTM refused.</summary>
public class OnnxRecurrentExportTests
{
    public static readonly Dictionary<string, Func<Model>> Models = new()
    {
        ["gru_reset_after"] = () => Stack(new GRU(6, returnSequences: true), new GRU(3, goBackwards: true)),
        ["gru_reset_before"] = () => Stack(new GRU(5, resetAfter: false)),
        ["simple_rnn"] = () => Stack(new SimpleRNN(4, returnSequences: true), new SimpleRNN(3, activation: "relu")),
        ["bidirectional_concat"] = () => Stack(new Bidirectional(new GRU(4, returnSequences: true)), new Bidirectional(new GRU(3), mergeMode: "sum")),
        ["bidirectional_ave_mul"] = () => Stack(new Bidirectional(new SimpleRNN(3, returnSequences: true), mergeMode: "ave"), new Bidirectional(new SimpleRNN(2), mergeMode: "mul")),
        // The LstmText example's classifier with a GRU in place of its LSTM (without its mask option).
        ["text_classifier"] = TextClassifier,
    };

    public static TheoryData<string> Cases() => new(Models.Keys);

    private static Model Stack(params Layer[] layers) => new Sequential(new Layer[] { Keras.Input(7, 3) }.Concat(layers));

    private static Model TextClassifier()
    {
        var tokens = Keras.Input(new long[] { 12 }, ScalarType.Int64, name: "tokens");
        var x = new Embedding(50, 8).Apply(tokens);
        x = new Bidirectional(new GRU(6)).Apply(x);
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
        var batches = name == "text_classifier"
            ? new[] { new[] { torch.randint(0, 50, new long[] { 1, 12 }) }, new[] { torch.randint(0, 50, new long[] { 4, 12 }) } }
            : new[] { OnnxLayerExportTests.RandomInputs(model, 1), OnnxLayerExportTests.RandomInputs(model, 3) };
        OnnxRuntimeCheck.AssertMatches(model, batches);
    }

    [Fact]
    public void ReturnedStatesAndInitialStatesMatch()
    {
        torch.manual_seed(22);
        var sequence = Keras.Input(new long[] { 5, 3 }, name: "sequence");
        var h = Keras.Input(new long[] { 4 }, name: "h");
        var outputs = new SimpleRNN(4, returnSequences: true, returnState: true).ApplyMulti(sequence, h);
        var gruOutputs = new GRU(4, returnState: true).ApplyMulti(sequence, h);
        var model = new Model(new[] { sequence, h }, outputs.Concat(gruOutputs).ToArray());
        OnnxRuntimeCheck.RandomizeStatistics(model);
        OnnxRuntimeCheck.AssertMatches(model, OnnxLayerExportTests.RandomInputs(model, 2));
    }

    [Fact]
    public void StatefulLayerAndLstmAreRefused()
    {
        var model = new Sequential(new Layer[] { Keras.Input(new long[] { 4, 2 }, batchSize: 1), new GRU(3, stateful: true, name: "memory") });
        var error = Assert.Throws<KerasNet.Export.OnnxExportException>(() => model.Export(Path.Combine(Path.GetTempPath(), "never.onnx")));
        Assert.Contains("GRU 'memory' cannot be exported to ONNX: it is stateful", error.Message);
        var lstm = new Sequential(new Layer[] { Keras.Input(4, 2), new LSTM(3, name: "long_short") });
        var lstmError = Assert.Throws<KerasNet.Export.OnnxExportException>(() => lstm.Export(Path.Combine(Path.GetTempPath(), "never.onnx")));
        Assert.Contains("LSTM 'long_short' cannot be exported to ONNX: LSTM export is not available yet", lstmError.Message);
    }
}
