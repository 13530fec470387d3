namespace KerasNet.Layers;

/// <summary>
/// libtorch's fused whole-sequence recurrent kernels (<c>torch.lstm</c>, <c>torch.gru</c>, <c>torch.rnn_tanh</c>,
/// <c>torch.rnn_relu</c>, what nn.LSTM/GRU/RNN call) with the caller's own weights, which TorchSharp does not bind:
/// reached through one fixed TorchScript compilation unit, compiled once per process. Single layer, one direction,
/// batch first (Bidirectional runs two layers). Autograd records through the calls, so gradients reach the weights.
/// </summary>
internal static class RecurrentKernels
{
    // Fixed and covered by tests: a TorchScript source that fails to compile aborts the process.
    private const string Script = """
        def lstm(x: Tensor, h0: Tensor, c0: Tensor, weights: List[Tensor], has_biases: bool) -> Tuple[Tensor, Tensor, Tensor]:
            return torch.lstm(x, [h0, c0], weights, has_biases, 1, 0.0, False, False, True)

        def gru(x: Tensor, h0: Tensor, weights: List[Tensor], has_biases: bool) -> Tuple[Tensor, Tensor]:
            return torch.gru(x, h0, weights, has_biases, 1, 0.0, False, False, True)

        def rnn_tanh(x: Tensor, h0: Tensor, weights: List[Tensor], has_biases: bool) -> Tuple[Tensor, Tensor]:
            return torch.rnn_tanh(x, h0, weights, has_biases, 1, 0.0, False, False, True)

        def rnn_relu(x: Tensor, h0: Tensor, weights: List[Tensor], has_biases: bool) -> Tuple[Tensor, Tensor]:
            return torch.rnn_relu(x, h0, weights, has_biases, 1, 0.0, False, False, True)
        """;

    // TorchScript wants the source to end with a newline.
    private static readonly Lazy<torch.jit.CompilationUnit> Unit = new(() => torch.jit.compile(Script + "\n"));

    /// <summary>
    /// An LSTM over (batch, steps, features) <paramref name="x"/> with PyTorch's weights [w_ih (4u, in), w_hh (4u, u),
    /// b_ih, b_hh] (gates input, forget, cell, output); <paramref name="state"/>: (h0, c0), each (1, batch, u), or null
    /// for zeros. Returns the outputs (batch, steps, u) and the final h and c, each (1, batch, u).
    /// </summary>
    internal static (Tensor Output, Tensor H, Tensor C) Lstm(Tensor x, (Tensor H0, Tensor C0)? state, Tensor[] weights, bool hasBiases)
    {
        var units = weights[1].size(1);
        var (h0, c0) = state ?? (Zeros(x, units), Zeros(x, units));
        return Unit.Value.invoke<(Tensor, Tensor, Tensor)>("lstm", x, h0, c0, weights, hasBiases);
    }

    /// <summary>A GRU (gates reset, update, new, PyTorch's order); <paramref name="h0"/> (1, batch, u) or null for zeros.</summary>
    internal static (Tensor Output, Tensor H) Gru(Tensor x, Tensor? h0, Tensor[] weights, bool hasBiases) =>
        Unit.Value.invoke<(Tensor, Tensor)>("gru", x, h0 ?? Zeros(x, weights[1].size(1)), weights, hasBiases);

    /// <summary>An Elman RNN with tanh (or ReLU with <paramref name="relu"/>); <paramref name="h0"/> (1, batch, u) or null for zeros.</summary>
    internal static (Tensor Output, Tensor H) Rnn(Tensor x, Tensor? h0, Tensor[] weights, bool hasBiases, bool relu) =>
        Unit.Value.invoke<(Tensor, Tensor)>(relu ? "rnn_relu" : "rnn_tanh", x, h0 ?? Zeros(x, weights[1].size(1)), weights, hasBiases);

    private static Tensor Zeros(Tensor x, long units) => torch.zeros(new[] { 1, x.size(0), units }, x.dtype, x.device);
}
