using KerasNet.Export;
using KerasNet.Layers;
using KerasNet.Models;

namespace KerasNet.Tests.Export;

/// <summary>What Export refuses, and how a custom layer gives itself an ONNX form.</summary>
public class OnnxExportErrorTests
{
    private sealed class Doubler : Layer
    {
        public Doubler() : base("doubler") { }
        protected override Tensor Call(Tensor inputs, CallContext context) => inputs * 2;
        public override TensorShape ComputeOutputShape(TensorShape inputShape) => inputShape;
    }

    private sealed class ExportableDoubler : Layer, IOnnxExportable
    {
        protected override Tensor Call(Tensor inputs, CallContext context) => inputs * 2;
        public override TensorShape ComputeOutputShape(TensorShape inputShape) => inputShape;
        public IReadOnlyList<string> ExportOnnx(OnnxGraph graph, IReadOnlyList<OnnxValue> inputs) =>
            new[] { graph.Node("Mul", inputs[0].Name, graph.Scalar(2f)) };
    }

    private sealed class Subclassed : Model
    {
        private readonly Dense dense;
        public Subclassed() => dense = TrackLayer(new Dense(2));
        protected override Tensor Call(Tensor inputs, CallContext context) => dense.Apply(inputs);
    }

    [Fact]
    public void LambdaNamesTheLayerAndHowToExportIt()
    {
        var model = new Sequential(new Layer[] { Keras.Input(3), new Lambda(x => x * 2, name: "times_two"), new Dense(1) });
        var error = Assert.Throws<OnnxExportException>(() => model.Export(Path.Combine(Path.GetTempPath(), "never.onnx")));
        Assert.Equal("times_two", error.LayerName);
        Assert.Contains("Layer 'times_two' (Lambda) has no ONNX form", error.Message);
        Assert.Contains("IOnnxExportable", error.Message);
    }

    [Fact]
    public void UndeclaredCustomLayerIsRefusedAndNoFileIsLeft()
    {
        var path = Path.Combine(Path.GetTempPath(), $"undeclared-{Guid.NewGuid():N}.onnx");
        var model = new Sequential(new Layer[] { Keras.Input(3), new Doubler() });
        var error = Assert.Throws<OnnxExportException>(() => model.Export(path));
        Assert.Contains("Layer 'doubler' (Doubler) has no ONNX form: Doubler has no built-in ONNX converter", error.Message);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void CustomLayerDeclaringItsOnnxFormExports()
    {
        torch.manual_seed(1);
        var model = new Sequential(new Layer[] { Keras.Input(3), new Dense(4), new ExportableDoubler() });
        OnnxRuntimeCheck.AssertMatches(model, new[] { torch.randn(2, 3) });
    }

    [Fact]
    public void CustomActivationFunctionIsRefused()
    {
        var model = new Sequential(new Layer[] { Keras.Input(3), new Dense(2, activation: Activations.ActivationFunction.Custom("relu", x => x.abs()), name: "odd") });
        var error = Assert.Throws<OnnxExportException>(() => model.Export(Path.Combine(Path.GetTempPath(), "never.onnx")));
        Assert.Contains("Dense 'odd' cannot be exported to ONNX: its activation 'relu' is a custom C# function", error.Message);
    }

    [Fact]
    public void SubclassedModelSaysHowToMakeItExportable()
    {
        var model = new Subclassed();
        model.Apply(torch.zeros(1, 3));
        var error = Assert.Throws<OnnxExportException>(() => model.Export(Path.Combine(Path.GetTempPath(), "never.onnx")));
        Assert.Contains("is a subclassed model", error.Message);
        Assert.Contains("IOnnxExportable", error.Message);
    }

    [Fact]
    public void UnbuiltModelIsRefused()
    {
        var model = new Sequential(new Layer[] { new Dense(2) }, name: "empty_shapes");
        var error = Assert.Throws<OnnxExportException>(() => model.Export(Path.Combine(Path.GetTempPath(), "never.onnx")));
        Assert.Contains("Model 'empty_shapes' is not built", error.Message);
    }

    [Fact]
    public void SequentialBuiltByACallExports()
    {
        torch.manual_seed(2);
        var model = new Sequential(new Layer[] { new Dense(3, activation: "relu"), new Dense(2) });
        model.Apply(torch.zeros(1, 4));
        var path = OnnxRuntimeCheck.ExportToTemp(model);
        try
        {
            using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(path);
            Assert.Equal(new[] { "input" }, session.InputNames);
            OnnxRuntimeCheck.AssertMatches(model, session, new[] { torch.randn(3, 4) });
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void OtherFormatsAreRefused()
    {
        var model = new Sequential(new Layer[] { Keras.Input(3), new Dense(1) });
        var error = Assert.Throws<ArgumentException>(() => model.Export("model.tflite", format: "tflite"));
        Assert.Contains("export format 'tflite' is not supported; expected \"onnx\"", error.Message);
    }

    [Fact]
    public void FileHasNamedInputsOutputsDynamicBatchAndOpset17()
    {
        var a = Keras.Input(new long[] { 3 }, name: "pixels");
        var model = new Model(a, new Dense(2, name: "scores").Apply(a));
        var path = OnnxRuntimeCheck.ExportToTemp(model);
        try
        {
            using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(path);
            Assert.Equal(new[] { "pixels" }, session.InputNames);
            Assert.Equal(new[] { "scores" }, session.OutputNames);
            Assert.Equal(new[] { -1, 3 }, session.InputMetadata["pixels"].Dimensions);
            Assert.Equal("batch", session.InputMetadata["pixels"].SymbolicDimensions[0]);
            Assert.Equal("Keras.Net", session.ModelMetadata.ProducerName);
            var proto = KerasNet.Export.Onnx.Proto.ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
            Assert.Equal(17, proto.OpsetImport.Single().Version);
            Assert.Equal(2, proto.Graph.Initializer.Count);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
