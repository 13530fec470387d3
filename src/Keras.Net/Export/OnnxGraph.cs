using System.Globalization;
using System.Runtime.InteropServices;
using Google.Protobuf;
using KerasNet.Export.Onnx.Proto;

namespace KerasNet.Export;

/// <summary>
/// The ONNX graph a model is being written into, as converters and <see cref="IOnnxExportable"/> layers see it: add
/// operator nodes, weights and constants, and get back the names of the values they produce. Names are made unique
/// and start with the name of the layer being exported.
/// </summary>
public sealed class OnnxGraph
{
    private readonly GraphProto graph = new();
    private readonly HashSet<string> names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> constants = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> producedMasks = new(StringComparer.Ordinal);
    private int counter;

    internal OnnxGraph(string name) => graph.Name = name;

    internal GraphProto Proto => graph;

    /// <summary>The ONNX operator set version the graph is written for (the default domain).</summary>
    public int Opset => OnnxExporter.Opset;

    /// <summary>The name of the layer being exported (a prefix of the names this graph hands out).</summary>
    public string Scope { get; internal set; } = "";

    /// <summary>A name no other value or node of the graph has, built from <paramref name="hint"/>.</summary>
    public string UniqueName(string hint)
    {
        var name = Scope.Length > 0 ? $"{Scope}/{hint}" : hint;
        return Reserve(name);
    }

    internal string Reserve(string name)
    {
        var candidate = name;
        while (!names.Add(candidate)) candidate = $"{name}_{++counter}";
        return candidate;
    }

    /// <summary>Adds an operator node with one output and no attributes; returns the output's name.</summary>
    public string Node(string opType, params string[] inputs) => Node(opType, inputs, Array.Empty<(string, object)>());

    /// <summary>
    /// Adds an operator node with one output; returns the output's name. An attribute value is an <c>int</c> or
    /// <c>long</c>, a <c>float</c> or <c>double</c>, a <c>string</c>, or an array of <c>long</c>, <c>int</c>,
    /// <c>float</c>, <c>double</c> or <c>string</c>. An empty input name is an omitted optional input.
    /// </summary>
    public string Node(string opType, IReadOnlyList<string> inputs, params (string Name, object Value)[] attributes) =>
        Nodes(opType, inputs, 1, attributes)[0];

    /// <summary>Adds an operator node with <paramref name="outputCount"/> outputs; returns their names.</summary>
    public IReadOnlyList<string> Nodes(string opType, IReadOnlyList<string> inputs, int outputCount, params (string Name, object Value)[] attributes)
    {
        ArgumentException.ThrowIfNullOrEmpty(opType);
        ArgumentNullException.ThrowIfNull(inputs);
        if (outputCount < 1) throw new ArgumentOutOfRangeException(nameof(outputCount), outputCount, "A node has at least one output.");
        var node = new NodeProto { OpType = opType, Name = UniqueName(opType) };
        node.Input.AddRange(inputs);
        var outputs = new string[outputCount];
        for (var i = 0; i < outputCount; i++) outputs[i] = UniqueName(outputCount == 1 ? $"{opType}_out" : $"{opType}_out{i}");
        node.Output.AddRange(outputs);
        foreach (var (name, value) in attributes) node.Attribute.Add(Attribute(opType, name, value));
        graph.Node.Add(node);
        return outputs;
    }

    /// <summary>Adds a weight as a float32 initializer (copied now, from any device and floating dtype); returns its name.</summary>
    public string Weight(Tensor value, string name)
    {
        ArgumentNullException.ThrowIfNull(value);
        using var scope = torch.NewDisposeScope();
        var data = value.detach().to(ScalarType.Float32).cpu().contiguous().data<float>().ToArray();
        return Floats(value.shape, data, name);
    }

    /// <summary>Adds a float32 initializer of shape <paramref name="shape"/>; returns its name.</summary>
    public string Floats(long[] shape, float[] values, string name = "const")
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(values);
        var count = shape.Aggregate(1L, (a, b) => a * b);
        if (count != values.Length)
            throw new ArgumentException($"An initializer of shape ({string.Join(", ", shape)}) needs {count} values; received {values.Length}.", nameof(values));
        return AddInitializer(name, shape, TensorProto.Types.DataType.Float, MemoryMarshal.AsBytes(values.AsSpan()));
    }

    /// <summary>A float32 scalar constant (shared by every use of the same value); returns its name.</summary>
    public string Scalar(float value) =>
        Shared("f:" + value.ToString("R", CultureInfo.InvariantCulture), () => Floats(Array.Empty<long>(), new[] { value }, "scalar"));

    /// <summary>A 1-D int64 constant (shapes, axes, pads; shared by every use of the same values); returns its name.</summary>
    public string Int64s(params long[] values) =>
        Shared("i:" + string.Join(",", values), () => AddInitializer("ints", new long[] { values.Length }, TensorProto.Types.DataType.Int64,
            MemoryMarshal.AsBytes(values.AsSpan())));

    private string Shared(string key, Func<string> create)
    {
        if (constants.TryGetValue(key, out var name)) return name;
        var saved = Scope;
        Scope = "";
        try { return constants[key] = create(); }
        finally { Scope = saved; }
    }

    private string AddInitializer(string hint, long[] shape, TensorProto.Types.DataType type, ReadOnlySpan<byte> bytes)
    {
        var tensor = new TensorProto { Name = UniqueName(hint), DataType = (int)type, RawData = ByteString.CopyFrom(bytes) };
        tensor.Dims.AddRange(shape);
        graph.Initializer.Add(tensor);
        return tensor.Name;
    }

    private static AttributeProto Attribute(string opType, string name, object value)
    {
        var attribute = new AttributeProto { Name = name };
        switch (value)
        {
            case int or long:
                attribute.Type = AttributeProto.Types.AttributeType.Int;
                attribute.I = Convert.ToInt64(value, CultureInfo.InvariantCulture);
                break;
            case float or double:
                attribute.Type = AttributeProto.Types.AttributeType.Float;
                attribute.F = Convert.ToSingle(value, CultureInfo.InvariantCulture);
                break;
            case string s:
                attribute.Type = AttributeProto.Types.AttributeType.String;
                attribute.S = ByteString.CopyFromUtf8(s);
                break;
            case long[] longs:
                attribute.Type = AttributeProto.Types.AttributeType.Ints;
                attribute.Ints.AddRange(longs);
                break;
            case int[] ints:
                attribute.Type = AttributeProto.Types.AttributeType.Ints;
                attribute.Ints.AddRange(ints.Select(i => (long)i));
                break;
            case float[] floats:
                attribute.Type = AttributeProto.Types.AttributeType.Floats;
                attribute.Floats.AddRange(floats);
                break;
            case string[] strings:
                attribute.Type = AttributeProto.Types.AttributeType.Strings;
                attribute.Strings.AddRange(strings.Select(ByteString.CopyFromUtf8));
                break;
            case double[] doubles:
                attribute.Type = AttributeProto.Types.AttributeType.Floats;
                attribute.Floats.AddRange(doubles.Select(d => (float)d));
                break;
            default:
                throw new ArgumentException(
                    $"Attribute '{name}' of ONNX node {opType} has a value of type {value?.GetType().Name ?? "null"}; expected int, long, float, double, string, or an array of long, int, float, double or string.",
                    nameof(value));
        }
        return attribute;
    }

    /// <summary>Records that a layer's output <paramref name="value"/> carries the new mask <paramref name="mask"/> (Masking, Embedding with maskZero).</summary>
    internal void SetProducedMask(string value, string mask) => producedMasks[value] = mask;

    /// <summary>The mask a converter recorded for <paramref name="value"/>, removed from the record; null when none.</summary>
    internal string? TakeProducedMask(string value) => producedMasks.Remove(value, out var mask) ? mask : null;

    internal void AddInput(string name, TensorShape shape, TensorProto.Types.DataType type) => graph.Input.Add(ValueInfo(name, shape, type));

    internal void AddOutput(string name, TensorShape shape, TensorProto.Types.DataType type) => graph.Output.Add(ValueInfo(name, shape, type));

    private static ValueInfoProto ValueInfo(string name, TensorShape shape, TensorProto.Types.DataType type)
    {
        var tensorShape = new TensorShapeProto();
        for (var i = 0; i < shape.Rank; i++)
        {
            var dim = new TensorShapeProto.Types.Dimension();
            if (i == 0) dim.DimParam = "batch";
            else if (shape[i] is { } size) dim.DimValue = size;
            else dim.DimParam = $"{name}_dim{i}";
            tensorShape.Dim.Add(dim);
        }
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = tensorShape } },
        };
    }
}
