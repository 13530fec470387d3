// Spatial resampling for image augmentation: affine grids, grid sampling and antialiased bilinear resizing.
#include "common.h"

// theta: (N, 2, 3) affine matrices; size: (N, C, H, W). Returns the (N, H, W, 2) sampling grid.
KN_API kn_tensor kn_nn_affine_grid(kn_tensor theta, const int64_t* size, int32_t nsize, int32_t align_corners) {
  KN_TENSOR(at::affine_grid_generator(*theta, kn_dims(size, nsize), align_corners != 0))
}

// mode: 0 bilinear, 1 nearest, 2 bicubic; padding: 0 zeros, 1 border, 2 reflection (as at::grid_sampler).
KN_API kn_tensor kn_nn_grid_sample(kn_tensor input, kn_tensor grid, int32_t mode, int32_t padding_mode, int32_t align_corners) {
  KN_TENSOR(at::grid_sampler(*input, *grid, mode, padding_mode, align_corners != 0))
}

// Bilinear resizing of (N, C, H, W) to `size` (2 values) with an antialiasing filter when downsampling.
KN_API kn_tensor kn_nn_upsample_bilinear2d_aa(kn_tensor input, const int64_t* size, int32_t nsize, int32_t align_corners) {
  KN_TENSOR(at::_upsample_bilinear2d_aa(*input, kn_dims(size, nsize), align_corners != 0, c10::nullopt, c10::nullopt))
}
