using KerasNet.Torch.Interop;

namespace KerasNet.Torch;

// Padding and resampling ("vision functions" in PyTorch's documentation) over src/Keras.Net.Native/src/nn_norm.cpp.
public static partial class torch
{
    public static partial class nn
    {
        public static partial class functional
        {
            /// <summary>
            /// Pads the last dimensions. <paramref name="pad"/> lists (before, after) pairs starting from the LAST dimension:
            /// (left, right) pads the last one, (left, right, top, bottom) the last two. <paramref name="mode"/> is "constant"
            /// (filled with <paramref name="value"/>, default 0), "reflect", "replicate" or "circular".
            /// </summary>
            public static unsafe Tensor pad(Tensor input, long[] pad, string mode = "constant", double? value = null)
            {
                ArgumentNullException.ThrowIfNull(pad);
                var modeName = mode switch
                {
                    "constant" => "constant\0"u8,
                    "reflect" => "reflect\0"u8,
                    "replicate" => "replicate\0"u8,
                    "circular" => "circular\0"u8,
                    _ => throw new ArgumentException(
                        $"pad: mode must be 'constant', 'reflect', 'replicate' or 'circular'; received '{mode}'.", nameof(mode)),
                };
                if (value is not null && mode != "constant")
                    throw new ArgumentException($"pad: a fill value applies only to mode 'constant'; received value {value} with mode '{mode}'.", nameof(value));
                fixed (long* p = pad)
                fixed (byte* m = modeName)
                    return Tensor.Wrap(NativeMethods.kn_nn_pad(input.Handle, p, pad.Length, m, value ?? 0, value is null ? 0 : 1), "pad", input);
            }

            /// <summary>
            /// Resizes the spatial dimensions of (batch, channels, ...) to <paramref name="size"/>, or by <paramref name="scale_factor"/>
            /// (give exactly one). <paramref name="mode"/>: "nearest", "nearest-exact", "linear" (3-D input), "bilinear" and
            /// "bicubic" (4-D), "trilinear" (5-D), "area". <paramref name="align_corners"/> applies to the interpolating modes
            /// (default false). <paramref name="recompute_scale_factor"/> computes the output size from the scale factor and then
            /// interpolates as if that size had been given.
            /// </summary>
            [System.Runtime.CompilerServices.OverloadResolutionPriority(1)]
            public static Tensor interpolate(Tensor input, long[]? size = null, double[]? scale_factor = null, string mode = "nearest", bool? align_corners = null, bool? recompute_scale_factor = null) =>
                Interpolate(input, size, scale_factor, mode, align_corners, recompute_scale_factor);

            /// <summary>Resizes every spatial dimension to <paramref name="size"/>, or scales every one by <paramref name="scale_factor"/>.</summary>
            public static Tensor interpolate(Tensor input, long? size = null, double? scale_factor = null, string mode = "nearest", bool? align_corners = null, bool? recompute_scale_factor = null)
            {
                var spatial = Math.Max(1, Math.Min(3, input.dim() - 2));
                return Interpolate(input, size is { } s ? Repeat(s, spatial) : null,
                    scale_factor is { } f ? Enumerable.Repeat(f, spatial).ToArray() : null, mode, align_corners, recompute_scale_factor);
            }

            /// <summary>
            /// Rearranges (*, C·r², H, W) into (*, C, H·r, W·r), r = <paramref name="upscale_factor"/> (sub-pixel convolution).
            /// </summary>
            public static Tensor pixel_shuffle(Tensor input, long upscale_factor) =>
                Tensor.Wrap(NativeMethods.kn_nn_pixel_shuffle(input.Handle, upscale_factor), "pixel_shuffle", input);

            /// <summary>The inverse of <see cref="pixel_shuffle"/>: (*, C, H·r, W·r) into (*, C·r², H, W).</summary>
            public static Tensor pixel_unshuffle(Tensor input, long downscale_factor) =>
                Tensor.Wrap(NativeMethods.kn_nn_pixel_unshuffle(input.Handle, downscale_factor), "pixel_unshuffle", input);

            private static unsafe Tensor Interpolate(Tensor input, long[]? size, double[]? scale_factor, string mode, bool? align_corners, bool? recompute_scale_factor)
            {
                const string op = "interpolate";
                var interpolating = mode switch
                {
                    "nearest" or "nearest-exact" or "area" => false,
                    "linear" or "bilinear" or "bicubic" or "trilinear" => true,
                    _ => throw new ArgumentException(
                        $"{op}: mode must be 'nearest', 'nearest-exact', 'linear', 'bilinear', 'bicubic', 'trilinear' or 'area'; received '{mode}'.", nameof(mode)),
                };
                if (!interpolating && align_corners is not null)
                    throw new ArgumentException($"{op}: align_corners applies only to the interpolating modes (linear, bilinear, bicubic, trilinear); received mode '{mode}'.", nameof(align_corners));
                if ((size is null) == (scale_factor is null))
                    throw new ArgumentException($"{op}: give exactly one of size and scale_factor.", size is null ? nameof(size) : nameof(scale_factor));
                if (recompute_scale_factor == true && size is not null)
                    throw new ArgumentException($"{op}: recompute_scale_factor is meaningless with an explicit size.", nameof(recompute_scale_factor));

                var shape = input.shape;
                var dims = shape.Length - 2;
                var expectedRank = mode switch { "linear" => 3, "bilinear" or "bicubic" => 4, "trilinear" => 5, _ => 0 };
                if (dims < 1 || dims > 3 || (expectedRank != 0 && shape.Length != expectedRank))
                    throw new TorchShapeException(
                        $"{op}: mode '{mode}' expects input of rank {(expectedRank != 0 ? expectedRank.ToString(System.Globalization.CultureInfo.InvariantCulture) : "3, 4 or 5")} " +
                        $"(batch, channels, spatial...); received shape {Shape.Format(shape)}.", op);
                var given = size?.Length ?? scale_factor!.Length;
                if (given != dims)
                    throw new ArgumentException(
                        $"{op}: input shape {Shape.Format(shape)} has {dims} spatial dimension(s) but {(size is null ? "scale_factor" : "size")} has {given} value(s).",
                        size is null ? nameof(scale_factor) : nameof(size));

                // "area" always works from an output size, as does an explicit recompute_scale_factor.
                if (scale_factor is not null && (recompute_scale_factor == true || mode == "area"))
                {
                    size = new long[dims];
                    for (var i = 0; i < dims; i++) size[i] = (long)Math.Floor(shape[i + 2] * scale_factor[i]);
                    scale_factor = null;
                }

                if (mode == "area")
                    return dims switch
                    {
                        1 => adaptive_avg_pool1d(input, size!),
                        2 => adaptive_avg_pool2d(input, size!),
                        _ => adaptive_avg_pool3d(input, size!),
                    };

                size ??= Array.Empty<long>();
                scale_factor ??= Array.Empty<double>();
                var align = align_corners == true ? 1 : 0;
                fixed (long* s = size)
                fixed (double* f = scale_factor)
                {
                    int n = size.Length, m = scale_factor.Length;
                    var result = (mode, dims) switch
                    {
                        ("nearest", 1) => NativeMethods.kn_nn_upsample_nearest1d(input.Handle, s, n, f, m),
                        ("nearest", 2) => NativeMethods.kn_nn_upsample_nearest2d(input.Handle, s, n, f, m),
                        ("nearest", _) => NativeMethods.kn_nn_upsample_nearest3d(input.Handle, s, n, f, m),
                        ("nearest-exact", 1) => NativeMethods.kn_nn_upsample_nearest_exact1d(input.Handle, s, n, f, m),
                        ("nearest-exact", 2) => NativeMethods.kn_nn_upsample_nearest_exact2d(input.Handle, s, n, f, m),
                        ("nearest-exact", _) => NativeMethods.kn_nn_upsample_nearest_exact3d(input.Handle, s, n, f, m),
                        ("linear", _) => NativeMethods.kn_nn_upsample_linear1d(input.Handle, s, n, f, m, align),
                        ("bilinear", _) => NativeMethods.kn_nn_upsample_bilinear2d(input.Handle, s, n, f, m, align),
                        ("bicubic", _) => NativeMethods.kn_nn_upsample_bicubic2d(input.Handle, s, n, f, m, align),
                        _ => NativeMethods.kn_nn_upsample_trilinear3d(input.Handle, s, n, f, m, align),
                    };
                    return Tensor.Wrap(result, op, input);
                }
            }
        }
    }
}
