using KerasNet.Activations;

namespace KerasNet.Export.Onnx;

/// <summary>The named activation functions as ONNX operators (opset 17: GELU and Mish are composed).</summary>
internal static class OnnxActivations
{
    internal static string Emit(OnnxGraph graph, Layer layer, ActivationFunction function, string x)
    {
        if (!function.IsBuiltIn)
            throw OnnxConverters.Unsupported(layer, $"its activation '{function.Name}' is a custom C# function",
                "Use a named activation (relu, gelu, sigmoid...), or a separate layer that implements KerasNet.Export.IOnnxExportable.");
        return function.Name switch
        {
            "linear" => x,
            "relu" => graph.Node("Relu", x),
            "relu6" => graph.Node("Clip", x, graph.Scalar(0f), graph.Scalar(6f)),
            "leaky_relu" => graph.Node("LeakyRelu", new[] { x }, ("alpha", 0.2f)),
            "elu" => graph.Node("Elu", new[] { x }, ("alpha", 1f)),
            "selu" => graph.Node("Selu", x),
            "gelu" => Gelu(graph, x),
            "silu" => graph.Node("Mul", x, graph.Node("Sigmoid", x)),
            "mish" => graph.Node("Mul", x, graph.Node("Tanh", graph.Node("Softplus", x))),
            "sigmoid" => graph.Node("Sigmoid", x),
            "hard_sigmoid" => graph.Node("HardSigmoid", new[] { x }, ("alpha", 1f / 6f), ("beta", 0.5f)),
            "hard_silu" => graph.Node("HardSwish", x),
            "tanh" => graph.Node("Tanh", x),
            "softmax" => graph.Node("Softmax", new[] { x }, ("axis", -1L)),
            "log_softmax" => graph.Node("LogSoftmax", new[] { x }, ("axis", -1L)),
            "softplus" => graph.Node("Softplus", x),
            "softsign" => graph.Node("Softsign", x),
            "exponential" => graph.Node("Exp", x),
            var other => throw OnnxConverters.Unsupported(layer, $"activation '{other}' has no ONNX form", "Use another named activation."),
        };
    }

    /// <summary>The exact (erf) GELU: x · ½ · (1 + erf(x / √2)).</summary>
    private static string Gelu(OnnxGraph graph, string x)
    {
        var erf = graph.Node("Erf", graph.Node("Mul", x, graph.Scalar((float)(1 / Math.Sqrt(2)))));
        var half = graph.Node("Mul", graph.Node("Add", erf, graph.Scalar(1f)), graph.Scalar(0.5f));
        return graph.Node("Mul", x, half);
    }
}
