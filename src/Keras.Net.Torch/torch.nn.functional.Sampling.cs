using KerasNet.Torch.Interop;

namespace KerasNet.Torch;

public static partial class torch
{
    public static partial class nn
    {
        public static partial class functional
        {
            /// <summary>
            /// The sampling grid (N, H, W, 2) of the affine maps <paramref name="theta"/> (N, 2, 3) for an output of
            /// <paramref name="size"/> (N, C, H, W), in normalized coordinates [-1, 1], as PyTorch's <c>affine_grid</c>.
            /// </summary>
            public static unsafe Tensor affine_grid(Tensor theta, long[] size, bool align_corners = false)
            {
                ArgumentNullException.ThrowIfNull(theta);
                ArgumentNullException.ThrowIfNull(size);
                if (size.Length != 4)
                    throw new ArgumentException($"affine_grid: size must be (N, C, H, W); received {size.Length} value(s).", nameof(size));
                if (theta.dim() != 3 || theta.size(1) != 2 || theta.size(2) != 3 || theta.size(0) != size[0])
                    throw new TorchShapeException($"affine_grid: theta must have shape ({size[0]}, 2, 3); received {Shape.Format(theta.shape)}.", "affine_grid");
                fixed (long* s = size)
                    return Tensor.Wrap(NativeMethods.kn_nn_affine_grid(theta.Handle, s, size.Length, align_corners ? 1 : 0), "affine_grid", theta);
            }

            /// <summary>
            /// Samples <paramref name="input"/> (N, C, H, W) at the normalized locations of <paramref name="grid"/>
            /// (N, Hout, Wout, 2), as PyTorch's <c>grid_sample</c>. <paramref name="mode"/>: "bilinear", "nearest" or
            /// "bicubic"; <paramref name="padding_mode"/>: "zeros", "border" or "reflection".
            /// </summary>
            public static Tensor grid_sample(Tensor input, Tensor grid, string mode = "bilinear", string padding_mode = "zeros", bool align_corners = false)
            {
                ArgumentNullException.ThrowIfNull(input);
                ArgumentNullException.ThrowIfNull(grid);
                var m = mode switch
                {
                    "bilinear" => 0,
                    "nearest" => 1,
                    "bicubic" => 2,
                    _ => throw new ArgumentException($"grid_sample: mode must be 'bilinear', 'nearest' or 'bicubic'; received '{mode}'.", nameof(mode)),
                };
                var p = padding_mode switch
                {
                    "zeros" => 0,
                    "border" => 1,
                    "reflection" => 2,
                    _ => throw new ArgumentException($"grid_sample: padding_mode must be 'zeros', 'border' or 'reflection'; received '{padding_mode}'.", nameof(padding_mode)),
                };
                return Tensor.Wrap(NativeMethods.kn_nn_grid_sample(input.Handle, grid.Handle, m, p, align_corners ? 1 : 0), "grid_sample", input, grid);
            }

            /// <summary>
            /// Bilinear resizing of (N, C, H, W) to <paramref name="size"/> (height, width) with antialiasing when
            /// downsampling, as <c>interpolate(..., mode="bilinear", antialias=True)</c>.
            /// </summary>
            public static unsafe Tensor interpolate_bilinear_antialias(Tensor input, long[] size, bool align_corners = false)
            {
                ArgumentNullException.ThrowIfNull(input);
                ArgumentNullException.ThrowIfNull(size);
                if (size.Length != 2)
                    throw new ArgumentException($"interpolate_bilinear_antialias: size must be (height, width); received {size.Length} value(s).", nameof(size));
                if (input.dim() != 4)
                    throw new TorchShapeException($"interpolate_bilinear_antialias: expects input of rank 4 (N, C, H, W); received {Shape.Format(input.shape)}.", "interpolate");
                fixed (long* s = size)
                    return Tensor.Wrap(NativeMethods.kn_nn_upsample_bilinear2d_aa(input.Handle, s, 2, align_corners ? 1 : 0), "interpolate", input);
            }
        }
    }
}
