using KerasNet.Models;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace KerasNet.Tests.Export;

/// <summary>
/// Exports a model, loads the file in ONNX Runtime (whose loader checks the model against the ONNX schema and
/// infers every shape), runs it on the same inputs as Keras.Net, and compares the outputs.
/// </summary>
internal static class OnnxRuntimeCheck
{
    /// <summary>Float32 tolerance: |onnx - keras| ≤ Tolerance · (1 + |keras|).</summary>
    public const double Tolerance = 1e-5;

    public static string ExportToTemp(Model model)
    {
        var path = Path.Combine(Path.GetTempPath(), $"keras-net-onnx-{Guid.NewGuid():N}.onnx");
        model.Export(path);
        return path;
    }

    /// <summary>Exports <paramref name="model"/> and asserts ONNX Runtime matches it on each batch of inputs (one array per batch).</summary>
    public static void AssertMatches(Model model, params Tensor[][] batches)
    {
        var path = ExportToTemp(model);
        try
        {
            using var session = new InferenceSession(path);
            foreach (var inputs in batches) AssertMatches(model, session, inputs);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Runs one batch through both and asserts every output agrees; returns the largest difference.</summary>
    public static double AssertMatches(Model model, InferenceSession session, Tensor[] inputs)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        var expected = inputs.Length == 1 && model.Outputs is not { Count: > 1 } ? new[] { model.Apply(inputs[0]) } : model.Apply(inputs).ToArray();
        var actual = Run(session, inputs);
        Assert.Equal(expected.Length, actual.Count);
        var worst = 0.0;
        for (var i = 0; i < expected.Length; i++)
        {
            var reference = expected[i].to(ScalarType.Float32).contiguous();
            Assert.Equal(reference.shape, actual[i].Shape);
            var want = reference.data<float>().ToArray();
            for (var j = 0; j < want.Length; j++)
            {
                var difference = Math.Abs(actual[i].Values[j] - want[j]);
                worst = Math.Max(worst, difference);
                Assert.True(difference <= Tolerance * (1 + Math.Abs(want[j])),
                    $"output {i} element {j}: ONNX Runtime {actual[i].Values[j]}, Keras.Net {want[j]} (difference {difference:E2})");
            }
        }
        return worst;
    }

    public static List<(long[] Shape, float[] Values)> Run(InferenceSession session, Tensor[] inputs)
    {
        var names = session.InputNames;
        Assert.Equal(inputs.Length, names.Count);
        var feeds = new List<NamedOnnxValue>();
        for (var i = 0; i < inputs.Length; i++)
        {
            var dims = inputs[i].shape.Select(d => (int)d).ToArray();
            var type = session.InputMetadata[names[i]].ElementDataType;
            feeds.Add(type switch
            {
                TensorElementType.Int64 => NamedOnnxValue.CreateFromTensor(names[i], new DenseTensor<long>(inputs[i].to(ScalarType.Int64).contiguous().data<long>().ToArray(), dims)),
                TensorElementType.Bool => NamedOnnxValue.CreateFromTensor(names[i], new DenseTensor<bool>(inputs[i].to(ScalarType.Bool).contiguous().data<bool>().ToArray(), dims)),
                _ => NamedOnnxValue.CreateFromTensor(names[i], new DenseTensor<float>(inputs[i].to(ScalarType.Float32).contiguous().data<float>().ToArray(), dims)),
            });
        }
        using var results = session.Run(feeds);
        return results.Select(r =>
        {
            var tensor = r.AsTensor<float>();
            return (tensor.Dimensions.ToArray().Select(d => (long)d).ToArray(), tensor.ToArray());
        }).ToList();
    }

    /// <summary>Gives biases, normalization parameters and moving statistics random values, so they are checked too.</summary>
    public static void RandomizeStatistics(Model model)
    {
        foreach (var weight in model.Weights)
        {
            using var scope = torch.NewDisposeScope();
            var shape = weight.Shape;
            if (weight.Name.Contains("variance")) weight.Assign(torch.rand(shape) + 0.5);
            else if (weight.Name is "gamma" or "scale") weight.Assign(torch.rand(shape) + 0.5);
            else if (weight.Name.Contains("bias") || weight.Name is "beta" || weight.Name.Contains("mean")) weight.Assign(torch.randn(shape) * 0.5);
        }
    }
}
