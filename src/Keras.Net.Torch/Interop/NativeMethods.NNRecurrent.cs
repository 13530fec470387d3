using System.Runtime.InteropServices;

namespace KerasNet.Torch.Interop;

// Mirrors src/Keras.Net.Native/src/nn_recurrent.cpp. Weight lists are (IntPtr* handles, int count); results come
// back through out-pointers.
internal static unsafe partial class NativeMethods
{
    [LibraryImport(Lib)] internal static partial int kn_nn_lstm(IntPtr input, IntPtr h0, IntPtr c0, IntPtr* parameters, int count, int hasBiases,
        long numLayers, double dropout, int train, int bidirectional, int batchFirst, IntPtr* output, IntPtr* hN, IntPtr* cN);
    [LibraryImport(Lib)] internal static partial int kn_nn_gru(IntPtr input, IntPtr h0, IntPtr* parameters, int count, int hasBiases,
        long numLayers, double dropout, int train, int bidirectional, int batchFirst, IntPtr* output, IntPtr* hN);
    [LibraryImport(Lib)] internal static partial int kn_nn_rnn_tanh(IntPtr input, IntPtr h0, IntPtr* parameters, int count, int hasBiases,
        long numLayers, double dropout, int train, int bidirectional, int batchFirst, IntPtr* output, IntPtr* hN);
    [LibraryImport(Lib)] internal static partial int kn_nn_rnn_relu(IntPtr input, IntPtr h0, IntPtr* parameters, int count, int hasBiases,
        long numLayers, double dropout, int train, int bidirectional, int batchFirst, IntPtr* output, IntPtr* hN);
    [LibraryImport(Lib)] internal static partial int kn_nn_lstm_cell(IntPtr input, IntPtr h, IntPtr c, IntPtr wIh, IntPtr wHh, IntPtr bIh, IntPtr bHh,
        IntPtr* hOut, IntPtr* cOut);
    [LibraryImport(Lib)] internal static partial IntPtr kn_nn_gru_cell(IntPtr input, IntPtr hx, IntPtr wIh, IntPtr wHh, IntPtr bIh, IntPtr bHh);
    [LibraryImport(Lib)] internal static partial IntPtr kn_nn_rnn_tanh_cell(IntPtr input, IntPtr hx, IntPtr wIh, IntPtr wHh, IntPtr bIh, IntPtr bHh);
    [LibraryImport(Lib)] internal static partial IntPtr kn_nn_rnn_relu_cell(IntPtr input, IntPtr hx, IntPtr wIh, IntPtr wHh, IntPtr bIh, IntPtr bHh);
}
