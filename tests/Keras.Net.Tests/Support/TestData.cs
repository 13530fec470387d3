using System.Text.Json;
using KerasNet.Initializers;
using KerasNet.Serialization;
using KerasNet.TestSupport;

namespace KerasNet.Tests;

/// <summary>Small helpers shared by the Keras API tests: seeded data, tensors from arrays, configs as JSON.</summary>
public static class TestData
{
    /// <summary>Standard normal values from a private seeded generator (independent of other tests' use of the global one).</summary>
    public static Tensor Randn(int seed, params long[] shape)
    {
        using var generator = new Generator((ulong)(seed));
        return torch.randn(shape, generator: generator);
    }

    /// <summary>Uniform [0, 1) values from a private seeded generator.</summary>
    public static Tensor Rand(int seed, params long[] shape)
    {
        using var generator = new Generator((ulong)(seed));
        return torch.rand(shape, generator: generator);
    }

    /// <summary>A float32 tensor of <paramref name="shape"/> holding <paramref name="values"/>.</summary>
    public static Tensor Floats(float[] values, params long[] shape) => torch.tensor(values, shape.Length == 0 ? new long[] { values.Length } : shape);

    /// <summary>An int64 tensor holding <paramref name="values"/>.</summary>
    public static Tensor Longs(params long[] values) => torch.tensor(values);

    /// <summary>The values of a tensor as doubles.</summary>
    public static double[] Values(Tensor t) => t.detach().to(ScalarType.Float64).data<double>().ToArray();

    /// <summary>A config as canonical JSON text (the form in which configs are compared).</summary>
    public static string Json(IReadOnlyDictionary<string, object?> config) => JsonSerializer.Serialize(config);

    /// <summary>A config parsed back from JSON text, values as <see cref="JsonElement"/>s (as a loader gives them).</summary>
    public static Dictionary<string, object?> ParseJson(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone());
    }

    /// <summary>Asserts closeness with the float32 parity tolerances (rtol 1e-5, atol 1e-6) unless others are given.</summary>
    public static void Close(Tensor expected, Tensor actual, string what, double rtol = TensorAssert.Rtol, double atol = TensorAssert.Atol) =>
        TensorAssert.Close(expected.detach(), actual.detach(), rtol, atol, what);
}

/// <summary>An initializer that returns a copy of a given tensor: builds layers with known weights.</summary>
public sealed class FixedValue : Initializer
{
    private readonly Tensor value;

    public FixedValue(Tensor value) => this.value = value;

    public override Tensor Call(long[] shape, ScalarType dtype = ScalarType.Float32, (long In, long Out)? fans = null)
    {
        if (!shape.SequenceEqual(value.shape))
            throw new ArgumentException($"FixedValue holds shape {Shape.Format(value.shape)}; asked for {Shape.Format(shape)}.");
        return value.to(dtype).clone();
    }

    public override Dictionary<string, object?> GetConfig() => new();
}

/// <summary>A layer that only holds variables with given values, to drive optimizers directly.</summary>
public sealed class VariableHolder : Layer
{
    public VariableHolder() : base("variable_holder") { }

    public Variable Add(string name, Tensor value, bool trainable = true) =>
        AddWeight(name, value.shape, new FixedValue(value), trainable);

    protected override Tensor Call(Tensor inputs, CallContext context) => inputs.alias();
}

/// <summary>Copies and snapshots of layer weights.</summary>
public static class WeightTools
{
    /// <summary>Copies the weights of <paramref name="from"/> into <paramref name="to"/>, in order (shapes must match).</summary>
    public static void Copy(Layer from, Layer to)
    {
        var source = from.Weights;
        var target = to.Weights;
        Assert.Equal(source.Count, target.Count);
        for (var i = 0; i < source.Count; i++) target[i].Assign(source[i].Value);
    }

    /// <summary>Detached copies of every weight's value.</summary>
    public static Tensor[] Snapshot(Layer layer) => layer.Weights.Select(w => w.Value.detach().clone()).ToArray();
}
