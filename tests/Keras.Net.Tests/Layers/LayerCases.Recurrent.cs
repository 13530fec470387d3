using KerasNet.Layers;
using KerasNet.Regularizers;

namespace KerasNet.Tests.LayersTests;

public static partial class LayerCases
{
    // Recurrent layers: kernel (features, gates·units) + recurrent kernel (units, gates·units) + bias
    // (gates·units; the GRU's resetAfter form has (2, 3·units)). Inputs (5 steps, 3 features), 4 units.
    private static readonly IReadOnlyList<LayerCase> RecurrentCases = new List<LayerCase>
    {
        One("simple_rnn", () => new SimpleRNN(4), S(5, 3), S(4), 3 * 4 + 4 * 4 + 4),
        One("simple_rnn_relu_sequences", () => new SimpleRNN(4, activation: "relu", returnSequences: true), S(5, 3), S(5, 4), 3 * 4 + 4 * 4 + 4),
        One("simple_rnn_selu_step_loop", () => new SimpleRNN(4, activation: "selu", useBias: false), S(5, 3), S(4), 3 * 4 + 4 * 4),
        One("lstm", () => new LSTM(4), S(5, 3), S(4), 4 * (3 * 4 + 4 * 4 + 4)),
        One("lstm_sequences_backwards", () => new LSTM(4, returnSequences: true, goBackwards: true), S(5, 3), S(5, 4), 4 * (3 * 4 + 4 * 4 + 4)),
        One("lstm_no_bias_hard_sigmoid", () => new LSTM(4, recurrentActivation: "hard_sigmoid", useBias: false), S(5, 3), S(4), 4 * (3 * 4 + 4 * 4)),
        One("lstm_dropouts_regularized", () => new LSTM(4, dropout: 0.2, recurrentDropout: 0.3, seed: 7, kernelRegularizer: new L2(0.01),
            recurrentRegularizer: new L1(0.01)), S(5, 3), S(4), 4 * (3 * 4 + 4 * 4 + 4)),
        One("gru", () => new GRU(4), S(5, 3), S(4), 3 * (3 * 4 + 4 * 4) + 2 * 3 * 4),
        One("gru_reset_before_sequences", () => new GRU(4, resetAfter: false, returnSequences: true), S(5, 3), S(5, 4), 3 * (3 * 4 + 4 * 4) + 3 * 4),
        One("bidirectional_lstm_concat", () => new Bidirectional(new LSTM(4)), S(5, 3), S(8), 2 * 4 * (3 * 4 + 4 * 4 + 4)),
        One("bidirectional_gru_sum_sequences", () => new Bidirectional(new GRU(4, returnSequences: true), mergeMode: "sum"), S(5, 3), S(5, 4),
            2 * (3 * (3 * 4 + 4 * 4) + 2 * 3 * 4)),
        One("bidirectional_simple_rnn_ave", () => new Bidirectional(new SimpleRNN(4), mergeMode: "ave"), S(5, 3), S(4), 2 * (3 * 4 + 4 * 4 + 4)),
        One("time_distributed_dense", () => new TimeDistributed(new Dense(2)), S(5, 3), S(5, 2), 3 * 2 + 2),
        One("masking", () => new Masking(0.0), S(5, 3), S(5, 3)),
    };
}
