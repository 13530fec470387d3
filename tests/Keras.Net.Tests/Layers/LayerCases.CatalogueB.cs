using KerasNet.Layers;
using KerasNet.Regularizers;

namespace KerasNet.Tests.LayersTests;

public static partial class LayerCases
{
    // The RNN layer over cells (weights as the matching layers': kernel (features, gates·units), recurrent kernel
    // (units, gates·units), bias). Cells called on their own return several outputs: RNNCellTests covers them.
    // Inputs (5 steps, 3 features), 4 units.
    private static readonly IReadOnlyList<LayerCase> CatalogueBCases = new List<LayerCase>
    {
        One("rnn_simple_rnn_cell", () => new RNN(new SimpleRNNCell(4)), S(5, 3), S(4), 3 * 4 + 4 * 4 + 4),
        One("rnn_lstm_cell_sequences_backwards", () => new RNN(new LSTMCell(4), returnSequences: true, goBackwards: true), S(5, 3), S(5, 4),
            4 * (3 * 4 + 4 * 4 + 4)),
        One("rnn_lstm_cell_dropouts_regularized", () => new RNN(new LSTMCell(4, dropout: 0.2, recurrentDropout: 0.3, seed: 7,
            kernelRegularizer: new L2(0.01))), S(5, 3), S(4), 4 * (3 * 4 + 4 * 4 + 4)),
        One("rnn_gru_cell", () => new RNN(new GRUCell(4)), S(5, 3), S(4), 3 * (3 * 4 + 4 * 4) + 2 * 3 * 4),
        One("rnn_gru_cell_reset_before_no_bias", () => new RNN(new GRUCell(4, resetAfter: false, useBias: false), returnSequences: true),
            S(5, 3), S(5, 4), 3 * (3 * 4 + 4 * 4)),
        One("rnn_stacked_cells", () => new RNN(new StackedRNNCells(new RecurrentCell[] { new LSTMCell(4), new GRUCell(2) }), returnSequences: true),
            S(5, 3), S(5, 2), 4 * (3 * 4 + 4 * 4 + 4) + 3 * (4 * 2 + 2 * 2) + 2 * 3 * 2),
    };
}
