using F = TorchSharp.torch.nn.functional;
using KerasNet.Layers;
using KerasNet.TestSupport;

namespace KerasNet.Tests.BackendTests;

/// <summary>
/// libtorch's recurrent kernels as <see cref="RecurrentKernels"/> reaches them (one layer, one direction, batch
/// first) against nn.LSTM, nn.GRU, nn.RNN and their cells (fixtures from tests/fixtures/cases/recurrent.py, written
/// with PyTorch 1.13.1): outputs, final states, and the gradients with respect to the input, the initial states and
/// every weight. Deeper and bidirectional modules are composed from the one-layer kernel the way PyTorch composes
/// them (a reversed direction runs on the flipped sequence; the directions' outputs are concatenated; dropout
/// between layers); a cell is the kernel over a sequence of one step. Tolerances: the float32 parity ones
/// (rtol 1e-5, atol 1e-6).
/// </summary>
[Collection(GlobalSeedCollection.Name)]
public sealed class RecurrentKernelParityTests : IDisposable
{
    private readonly Fixture fx = Fixture.Load("recurrent");

    public void Dispose() => fx.Dispose();

    private enum Kind { Lstm, Gru, RnnTanh, RnnRelu }

    /// <summary>
    /// Loads the case (input, states when stored, weights), runs <paramref name="run"/>, compares its results with
    /// <c>out</c>/<c>h_n</c>/<c>c_n</c> (those present), backpropagates the stored upstream gradients and compares every gradient.
    /// </summary>
    private void Check(string @case, Func<Tensor, Tensor?, Tensor?, Tensor[], Tensor[]> run)
    {
        using var scope = torch.NewDisposeScope();
        var x = fx[$"{@case}.x"].clone().requires_grad_();
        var h0 = fx.Has($"{@case}.h0") ? fx[$"{@case}.h0"].clone().requires_grad_() : null;
        var c0 = fx.Has($"{@case}.c0") ? fx[$"{@case}.c0"].clone().requires_grad_() : null;
        var weights = new List<Tensor>();
        while (fx.Has($"{@case}.w{weights.Count}")) weights.Add(fx[$"{@case}.w{weights.Count}"].clone().requires_grad_());

        var results = run(x, h0, c0, weights.ToArray());
        var names = fx.Has($"{@case}.out") ? new[] { "out", "h_n", "c_n" } : new[] { "h_n", "c_n" };
        var upstreams = new[] { "up_out", "up_h", "up_c" }[(names.Length == 3 ? 0 : 1)..];
        Assert.Equal(names.Count(n => fx.Has($"{@case}.{n}")), results.Length);
        Tensor? loss = null;
        for (var i = 0; i < results.Length; i++)
        {
            TensorAssert.Close(fx[$"{@case}.{names[i]}"], results[i], what: $"{@case} {names[i]}");
            var term = (results[i] * fx[$"{@case}.{upstreams[i]}"]).sum();
            loss = loss is null ? term : loss + term;
        }
        loss!.backward();

        TensorAssert.Close(fx[$"{@case}.grad_x"], x.grad!, what: $"{@case} gradient of x");
        if (h0 is not null) TensorAssert.Close(fx[$"{@case}.grad_h0"], h0.grad!, what: $"{@case} gradient of h0");
        if (c0 is not null) TensorAssert.Close(fx[$"{@case}.grad_c0"], c0.grad!, what: $"{@case} gradient of c0");
        for (var i = 0; i < weights.Count; i++)
            TensorAssert.Close(fx[$"{@case}.grad_w{i}"], weights[i].grad!, what: $"{@case} gradient of weight {i}");
    }

    /// <summary>
    /// A module of <paramref name="layers"/> layers in PyTorch's layout (states (layers · directions, batch, size),
    /// weights layer by layer, direction by direction, [w_ih, w_hh, b_ih, b_hh, w_hr] each) run as one-layer kernel
    /// calls. Returns the output and the final h (and c), stacked as PyTorch stacks them.
    /// </summary>
    private static Tensor[] Module(Kind kind, Tensor x, Tensor? h0, Tensor? c0, Tensor[] w, int layers = 1, bool bidirectional = false,
                                   bool batchFirst = false, Func<Tensor, Tensor>? betweenLayers = null)
    {
        var directions = bidirectional ? 2 : 1;
        var perCell = w.Length / (layers * directions);
        var hasBiases = perCell >= 4; // 2 without biases, 4 with, 5 with biases and projections
        var input = batchFirst ? x : x.transpose(0, 1);
        var hs = new List<Tensor>();
        var cs = new List<Tensor>();
        for (var layer = 0; layer < layers; layer++)
        {
            if (layer > 0 && betweenLayers is not null) input = betweenLayers(input);
            var outputs = new Tensor[directions];
            for (var d = 0; d < directions; d++)
            {
                var index = layer * directions + d;
                var weights = w[(index * perCell)..((index + 1) * perCell)];
                var sequence = d == 1 ? input.flip(1) : input;
                var h = h0?.narrow(0, index, 1);
                var c = c0?.narrow(0, index, 1);
                Tensor output;
                switch (kind)
                {
                    case Kind.Lstm:
                        var lstm = RecurrentKernels.Lstm(sequence, h is null ? null : (h, c!), weights, hasBiases);
                        (output, _, _) = lstm;
                        hs.Add(lstm.H);
                        cs.Add(lstm.C);
                        break;
                    case Kind.Gru:
                        var gru = RecurrentKernels.Gru(sequence, h, weights, hasBiases);
                        output = gru.Output;
                        hs.Add(gru.H);
                        break;
                    default:
                        var rnn = RecurrentKernels.Rnn(sequence, h, weights, hasBiases, relu: kind == Kind.RnnRelu);
                        output = rnn.Output;
                        hs.Add(rnn.H);
                        break;
                }
                outputs[d] = d == 1 ? output.flip(1) : output;
            }
            input = directions == 1 ? outputs[0] : torch.cat(outputs, -1);
        }
        var result = batchFirst ? input : input.transpose(0, 1);
        return kind == Kind.Lstm ? new[] { result, torch.cat(hs, 0), torch.cat(cs, 0) } : new[] { result, torch.cat(hs, 0) };
    }

    /// <summary>A cell (input (batch, features), states (batch, units)) as the kernel over one step; returns h (and c).</summary>
    private static Tensor[] Cell(Kind kind, Tensor x, Tensor? h0, Tensor? c0, Tensor[] w)
    {
        var r = Module(kind, x.unsqueeze(1), h0?.unsqueeze(0), c0?.unsqueeze(0), w, batchFirst: true);
        return r[1..].Select(s => s.squeeze(0)).ToArray();
    }

    [Fact]
    public void LstmOneLayer() =>
        Check("lstm_1layer", (x, h, c, w) => Module(Kind.Lstm, x, h, c, w));

    [Fact]
    public void LstmTwoLayersBidirectionalBatchFirst() =>
        Check("lstm_2layer_bidir_batch_first", (x, h, c, w) => Module(Kind.Lstm, x, h, c, w, layers: 2, bidirectional: true, batchFirst: true));

    [Fact]
    public void LstmWithoutBiasesFromZeroState() =>
        Check("lstm_no_bias_zero_state", (x, h, c, w) => Module(Kind.Lstm, x, null, null, w));

    [Fact]
    public void LstmWithProjections() =>
        // libtorch sees the projection (w_hr) from h0's size differing from c0's.
        Check("lstm_projections", (x, h, c, w) => Module(Kind.Lstm, x, h, c, w, layers: 2));

    [Fact]
    public void LstmDropoutBetweenLayersFollowsTheSeed() =>
        Check("lstm_dropout_train", (x, h, c, w) =>
        {
            torch.manual_seed(7); // the fixture seeded libtorch's generator the same way just before the forward pass
            return Module(Kind.Lstm, x, h, c, w, layers: 2, betweenLayers: t => F.dropout(t, 0.5, training: true));
        });

    [Fact]
    public void GruOneLayer() =>
        Check("gru_1layer", (x, h, c, w) => Module(Kind.Gru, x, h, null, w));

    [Fact]
    public void GruTwoLayersBidirectionalBatchFirst() =>
        Check("gru_2layer_bidir_batch_first", (x, h, c, w) => Module(Kind.Gru, x, h, null, w, layers: 2, bidirectional: true, batchFirst: true));

    [Fact]
    public void GruFromZeroState() =>
        Check("gru_zero_state", (x, h, c, w) => Module(Kind.Gru, x, null, null, w));

    [Fact]
    public void RnnTanhOneLayer() =>
        Check("rnn_tanh_1layer", (x, h, c, w) => Module(Kind.RnnTanh, x, h, null, w));

    [Fact]
    public void RnnTanhTwoLayersBidirectional() =>
        Check("rnn_tanh_2layer_bidir", (x, h, c, w) => Module(Kind.RnnTanh, x, h, null, w, layers: 2, bidirectional: true));

    [Fact]
    public void RnnReluTwoLayersBidirectionalBatchFirst() =>
        Check("rnn_relu_2layer_bidir_batch_first", (x, h, c, w) => Module(Kind.RnnRelu, x, h, null, w, layers: 2, bidirectional: true, batchFirst: true));

    [Fact]
    public void LstmCell() =>
        Check("lstm_cell", (x, h, c, w) => Cell(Kind.Lstm, x, h, c, w));

    [Fact]
    public void LstmCellFromZeroState() =>
        Check("lstm_cell_zero_state", (x, h, c, w) => Cell(Kind.Lstm, x, null, null, w));

    [Fact]
    public void GruCell() =>
        Check("gru_cell", (x, h, c, w) => Cell(Kind.Gru, x, h, null, w));

    [Fact]
    public void GruCellWithoutBiases() =>
        Check("gru_cell_no_bias", (x, h, c, w) => Cell(Kind.Gru, x, h, null, w));

    [Fact]
    public void RnnTanhCell() =>
        Check("rnn_tanh_cell", (x, h, c, w) => Cell(Kind.RnnTanh, x, h, null, w));

    [Fact]
    public void RnnReluCellFromZeroState() =>
        Check("rnn_relu_cell_zero_state", (x, h, c, w) => Cell(Kind.RnnRelu, x, null, null, w));
}
