// The fused image pipeline of the data loader: resize (bilinear, half-pixel centres, no antialiasing, as
// torch.nn.functional.interpolate with align_corners=false), crop and per-channel affine normalization, from
// interleaved uint8 pixels (H, W, C) straight into a float (C, outH, outW) slot of a batch buffer. One pass over
// the output, no intermediate tensors: this is what keeps the loader ahead of the model.
#include "common.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace {

struct Tap {
  int32_t i0, i1;
  float l1;  // weight of i1; i0 gets 1 - l1
};

// PyTorch's source index for output index `o` (area_pixel_compute_source_index, align_corners = false).
std::vector<Tap> taps(int32_t in, int32_t out, int32_t first, int32_t count) {
  std::vector<Tap> result(static_cast<size_t>(count));
  const float scale = static_cast<float>(in) / static_cast<float>(out);
  for (int32_t k = 0; k < count; ++k) {
    const int32_t o = first + k;
    float source = scale * (static_cast<float>(o) + 0.5f) - 0.5f;
    if (source < 0) source = 0;
    int32_t i0 = static_cast<int32_t>(source);
    if (i0 > in - 1) i0 = in - 1;
    const int32_t i1 = i0 < in - 1 ? i0 + 1 : i0;
    result[static_cast<size_t>(k)] = Tap{i0, i1, source - static_cast<float>(i0)};
  }
  return result;
}

}  // namespace

// src: (h, w, c) uint8; the image is resized to (rh, rw), then the window (top, left, oh, ow) of the resized image is
// written to dst as (c, oh, ow) float32: dst = value * scale[ch] + bias[ch]. Returns 0, or -1 on bad arguments.
KN_API int32_t kn_image_resize_crop_normalize(const uint8_t* src, int32_t h, int32_t w, int32_t c, int32_t rh, int32_t rw,
                                              int32_t top, int32_t left, int32_t oh, int32_t ow, const float* scale,
                                              const float* bias, float* dst) {
  KN_GUARD(-1, {
    if (!src || !dst || !scale || !bias || h < 1 || w < 1 || c < 1 || c > 4 || rh < 1 || rw < 1 || oh < 1 || ow < 1 ||
        top < 0 || left < 0 || top + oh > rh || left + ow > rw) {
      kn_set_error(KN_ERR_VALUE, "resize_crop_normalize: invalid dimensions or crop window");
      return -1;
    }
    const int64_t plane = static_cast<int64_t>(oh) * ow;
    if (rh == h && rw == w) {
      for (int32_t ch = 0; ch < c; ++ch) {
        float table[256];
        for (int v = 0; v < 256; ++v) table[v] = static_cast<float>(v) * scale[ch] + bias[ch];
        float* out = dst + ch * plane;
        for (int32_t y = 0; y < oh; ++y) {
          const uint8_t* row = src + (static_cast<int64_t>(top + y) * w + left) * c + ch;
          float* o = out + static_cast<int64_t>(y) * ow;
          for (int32_t x = 0; x < ow; ++x) o[x] = table[row[static_cast<int64_t>(x) * c]];
        }
      }
      return 0;
    }
    const auto ys = taps(h, rh, top, oh);
    const auto xs = taps(w, rw, left, ow);
    std::vector<float> row0(static_cast<size_t>(ow) * c), row1(static_cast<size_t>(ow) * c);
    for (int32_t y = 0; y < oh; ++y) {
      const Tap ty = ys[static_cast<size_t>(y)];
      const uint8_t* r0 = src + static_cast<int64_t>(ty.i0) * w * c;
      const uint8_t* r1 = src + static_cast<int64_t>(ty.i1) * w * c;
      // Horizontal pass on the two source rows, then the vertical blend, as PyTorch's separable bilinear kernel.
      for (int32_t x = 0; x < ow; ++x) {
        const Tap tx = xs[static_cast<size_t>(x)];
        const float l1 = tx.l1, l0 = 1.0f - tx.l1;
        for (int32_t ch = 0; ch < c; ++ch) {
          row0[static_cast<size_t>(x) * c + ch] = l0 * r0[tx.i0 * c + ch] + l1 * r0[tx.i1 * c + ch];
          row1[static_cast<size_t>(x) * c + ch] = l0 * r1[tx.i0 * c + ch] + l1 * r1[tx.i1 * c + ch];
        }
      }
      const float h1 = ty.l1, h0 = 1.0f - ty.l1;
      for (int32_t ch = 0; ch < c; ++ch) {
        float* o = dst + ch * plane + static_cast<int64_t>(y) * ow;
        const float s = scale[ch], b = bias[ch];
        for (int32_t x = 0; x < ow; ++x)
          o[x] = (h0 * row0[static_cast<size_t>(x) * c + ch] + h1 * row1[static_cast<size_t>(x) * c + ch]) * s + b;
      }
    }
    return 0;
  })
}

// The first byte of a contiguous CPU tensor's storage, for kernels that fill batch buffers in place; null (with the
// error set) for other tensors.
KN_API void* kn_image_tensor_data(kn_tensor t) {
  KN_GUARD(nullptr, {
    if (!t->device().is_cpu() || !t->is_contiguous()) {
      kn_set_error(KN_ERR_VALUE, "expected a contiguous CPU tensor");
      return nullptr;
    }
    return t->data_ptr();
  })
}
