// Recurrent layers over libtorch's fused kernels (at::lstm, at::gru, at::rnn_tanh, at::rnn_relu; cuDNN on CUDA)
// and their single-step cells. Weights come as one flat list, PyTorch's order: for each layer, for each direction,
// w_ih, w_hh, then b_ih, b_hh when has_biases, then w_hr for an LSTM with projections.
#include "common.h"

namespace {

std::vector<at::Tensor> kn_tensor_vector(kn_tensor* handles, int32_t count) {
  std::vector<at::Tensor> result;
  result.reserve(static_cast<size_t>(count));
  for (int32_t i = 0; i < count; ++i) result.push_back(*handles[i]);
  return result;
}

}  // namespace

// Writes the output (all time steps of the last layer) and the final hidden and cell states.
KN_API int32_t kn_nn_lstm(kn_tensor input, kn_tensor h0, kn_tensor c0, kn_tensor* params, int32_t nparams,
                          int32_t has_biases, int64_t num_layers, double dropout, int32_t train, int32_t bidirectional,
                          int32_t batch_first, kn_tensor* output, kn_tensor* h_n, kn_tensor* c_n) {
  KN_STATUS({
    auto result = at::lstm(*input, {*h0, *c0}, kn_tensor_vector(params, nparams), has_biases != 0, num_layers, dropout,
                           train != 0, bidirectional != 0, batch_first != 0);
    *output = kn_wrap(std::get<0>(result));
    *h_n = kn_wrap(std::get<1>(result));
    *c_n = kn_wrap(std::get<2>(result));
  })
}

// GRU and Elman RNNs share one signature: output and final hidden state.
#define KN_RNN(name)                                                                                              \
  KN_API int32_t kn_nn_##name(kn_tensor input, kn_tensor h0, kn_tensor* params, int32_t nparams, int32_t has_biases, \
                              int64_t num_layers, double dropout, int32_t train, int32_t bidirectional,           \
                              int32_t batch_first, kn_tensor* output, kn_tensor* h_n) {                            \
    KN_STATUS({                                                                                                   \
      auto result = at::name(*input, *h0, kn_tensor_vector(params, nparams), has_biases != 0, num_layers, dropout, \
                             train != 0, bidirectional != 0, batch_first != 0);                                   \
      *output = kn_wrap(std::get<0>(result));                                                                     \
      *h_n = kn_wrap(std::get<1>(result));                                                                        \
    })                                                                                                            \
  }

KN_RNN(gru)
KN_RNN(rnn_tanh)
KN_RNN(rnn_relu)

// ---- single steps; biases may be null ----

KN_API int32_t kn_nn_lstm_cell(kn_tensor input, kn_tensor h, kn_tensor c, kn_tensor w_ih, kn_tensor w_hh, kn_tensor b_ih,
                               kn_tensor b_hh, kn_tensor* h_out, kn_tensor* c_out) {
  KN_STATUS({
    auto result = at::lstm_cell(*input, {*h, *c}, *w_ih, *w_hh, kn_optional(b_ih), kn_optional(b_hh));
    *h_out = kn_wrap(std::get<0>(result));
    *c_out = kn_wrap(std::get<1>(result));
  })
}

#define KN_CELL(name)                                                                                       \
  KN_API kn_tensor kn_nn_##name(kn_tensor input, kn_tensor hx, kn_tensor w_ih, kn_tensor w_hh, kn_tensor b_ih, \
                                kn_tensor b_hh) {                                                           \
    KN_TENSOR(at::name(*input, *hx, *w_ih, *w_hh, kn_optional(b_ih), kn_optional(b_hh)))                    \
  }

KN_CELL(gru_cell)
KN_CELL(rnn_tanh_cell)
KN_CELL(rnn_relu_cell)
