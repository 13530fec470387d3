using F = KerasNet.Torch.torch.nn.functional;

namespace KerasNet.Torch.Tests.Recurrent;

/// <summary>
/// The recurrent functions against nn.LSTM, nn.GRU, nn.RNN and their cells (fixtures from tests/fixtures/cases/recurrent.py):
/// outputs, final states, and the gradients with respect to the input, the initial states and every weight.
/// </summary>
[Collection(KerasNet.Torch.Tests.NN.GlobalSeedCollection.Name)]
public sealed class RecurrentParityTests : IDisposable
{
    private readonly Fixture fx = Fixture.Load("recurrent");

    public void Dispose() => fx.Dispose();

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
        var names = fx.Has($"{@case}.out") ? new[] { "out", "h_n", "c_n" } : ["h_n", "c_n"];
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

    private static Tensor[] Lstm((Tensor output, Tensor h_n, Tensor c_n) r) => [r.output, r.h_n, r.c_n];
    private static Tensor[] Rnn((Tensor output, Tensor h_n) r) => [r.output, r.h_n];

    [Fact]
    public void LstmOneLayer() =>
        Check("lstm_1layer", (x, h, c, w) => Lstm(F.lstm(x, (h!, c!), w)));

    [Fact]
    public void LstmTwoLayersBidirectionalBatchFirst() =>
        Check("lstm_2layer_bidir_batch_first", (x, h, c, w) => Lstm(F.lstm(x, (h!, c!), w, num_layers: 2, bidirectional: true, batch_first: true)));

    [Fact]
    public void LstmWithoutBiasesFromZeroState() =>
        Check("lstm_no_bias_zero_state", (x, h, c, w) => Lstm(F.lstm(x, null, w, has_biases: false)));

    [Fact]
    public void LstmWithProjections() =>
        Check("lstm_projections", (x, h, c, w) => Lstm(F.lstm(x, (h!, c!), w, num_layers: 2)));

    [Fact]
    public void LstmDropoutBetweenLayersFollowsTheSeed() =>
        Check("lstm_dropout_train", (x, h, c, w) =>
        {
            torch.manual_seed(7); // the fixture seeded libtorch's generator the same way just before the forward pass
            return Lstm(F.lstm(x, (h!, c!), w, num_layers: 2, dropout: 0.5, train: true));
        });

    [Fact]
    public void GruOneLayer() =>
        Check("gru_1layer", (x, h, c, w) => Rnn(F.gru(x, h, w)));

    [Fact]
    public void GruTwoLayersBidirectionalBatchFirst() =>
        Check("gru_2layer_bidir_batch_first", (x, h, c, w) => Rnn(F.gru(x, h, w, num_layers: 2, bidirectional: true, batch_first: true)));

    [Fact]
    public void GruFromZeroState() =>
        Check("gru_zero_state", (x, h, c, w) => Rnn(F.gru(x, null, w)));

    [Fact]
    public void RnnTanhOneLayer() =>
        Check("rnn_tanh_1layer", (x, h, c, w) => Rnn(F.rnn_tanh(x, h, w)));

    [Fact]
    public void RnnTanhTwoLayersBidirectional() =>
        Check("rnn_tanh_2layer_bidir", (x, h, c, w) => Rnn(F.rnn_tanh(x, h, w, num_layers: 2, bidirectional: true)));

    [Fact]
    public void RnnReluTwoLayersBidirectionalBatchFirst() =>
        Check("rnn_relu_2layer_bidir_batch_first", (x, h, c, w) => Rnn(F.rnn_relu(x, h, w, num_layers: 2, bidirectional: true, batch_first: true)));

    [Fact]
    public void LstmCell() =>
        Check("lstm_cell", (x, h, c, w) => { var r = F.lstm_cell(x, (h!, c!), w[0], w[1], w[2], w[3]); return [r.h, r.c]; });

    [Fact]
    public void LstmCellFromZeroState() =>
        Check("lstm_cell_zero_state", (x, h, c, w) => { var r = F.lstm_cell(x, null, w[0], w[1], w[2], w[3]); return [r.h, r.c]; });

    [Fact]
    public void GruCell() =>
        Check("gru_cell", (x, h, c, w) => [F.gru_cell(x, h, w[0], w[1], w[2], w[3])]);

    [Fact]
    public void GruCellWithoutBiases() =>
        Check("gru_cell_no_bias", (x, h, c, w) => [F.gru_cell(x, h, w[0], w[1])]);

    [Fact]
    public void RnnTanhCell() =>
        Check("rnn_tanh_cell", (x, h, c, w) => [F.rnn_tanh_cell(x, h, w[0], w[1], w[2], w[3])]);

    [Fact]
    public void RnnReluCellFromZeroState() =>
        Check("rnn_relu_cell_zero_state", (x, h, c, w) => [F.rnn_relu_cell(x, null, w[0], w[1], w[2], w[3])]);
}
