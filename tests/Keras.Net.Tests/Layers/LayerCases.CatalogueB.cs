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

        // Convolutional LSTMs: kernel (4·filters, channels, *k) + recurrent kernel (4·filters, filters, *k) + bias 4·filters.
        // Inputs (steps, channels, *spatial); channels-last is checked in ConvLSTMParityTests (the harness moves axis 1).
        new("conv_lstm1d", f => new ConvLSTM1D(2, 3, dataFormat: f), new[] { S(3, 2, 7) }, S(2, 5), 8 * 2 * 3 + 8 * 2 * 3 + 8),
        new("conv_lstm2d_sequences", f => new ConvLSTM2D(2, 3, padding: "same", dataFormat: f, returnSequences: true), new[] { S(3, 1, 5, 4) },
            S(3, 2, 5, 4), 8 * 1 * 9 + 8 * 2 * 9 + 8),
        new("conv_lstm3d_strided", f => new ConvLSTM3D(1, 2, strides: 2, dataFormat: f, useBias: false), new[] { S(2, 1, 4, 4, 4) },
            S(1, 2, 2, 2), 4 * 1 * 8 + 4 * 1 * 8),

        // EinsumDense: the kernel's shape follows its letters; the bias spans biasAxes.
        One("einsum_dense_abc_cd_abd", () => new EinsumDense("abc,cd->abd", new long?[] { null, 6 }, biasAxes: "d"), S(5, 3), S(5, 6), 3 * 6 + 6),
        One("einsum_dense_heads_relu", () => new EinsumDense("abc,cde->abde", new long?[] { null, 2, 3 }, activation: "relu", biasAxes: "de"),
            S(5, 4), S(5, 2, 3), 4 * 2 * 3 + 2 * 3),
        One("einsum_dense_ellipsis", () => new EinsumDense("...b,bc->...c", new long?[] { 4 }), S(2, 3, 5), S(2, 3, 4), 5 * 4),
    };
}
