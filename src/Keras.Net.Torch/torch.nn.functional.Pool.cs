using KerasNet.Torch.Interop;

namespace KerasNet.Torch;

// Pooling over src/Keras.Net.Native/src/nn_pool.cpp. kernel_size, stride, padding and dilation take one value per
// spatial dimension (long[]) or one value for all (long). A null stride means stride = kernel_size, as in PyTorch.
// PyTorch's return_indices=True is spelled max_pool2d_with_indices / adaptive_max_pool2d_with_indices here, because
// a C# method has one return type.
public static partial class torch
{
    public static partial class nn
    {
        public static partial class functional
        {
            // ---- max pooling ----

            /// <summary>1-D max pooling over (batch, channels, length) or (channels, length).</summary>
            public static unsafe Tensor max_pool1d(Tensor input, long[] kernel_size, long[]? stride = null, long[]? padding = null, long[]? dilation = null, bool ceil_mode = false) =>
                MaxPool(&NativeMethods.kn_nn_max_pool1d, "max_pool1d", 1, input, kernel_size, stride, padding, dilation, ceil_mode);

            /// <summary>1-D max pooling.</summary>
            public static Tensor max_pool1d(Tensor input, long kernel_size, long? stride = null, long padding = 0, long dilation = 1, bool ceil_mode = false) =>
                max_pool1d(input, Repeat(kernel_size, 1), StrideOrNull(stride, 1), Repeat(padding, 1), Repeat(dilation, 1), ceil_mode);

            /// <summary>2-D max pooling over (batch, channels, height, width) or (channels, height, width).</summary>
            public static unsafe Tensor max_pool2d(Tensor input, long[] kernel_size, long[]? stride = null, long[]? padding = null, long[]? dilation = null, bool ceil_mode = false) =>
                MaxPool(&NativeMethods.kn_nn_max_pool2d, "max_pool2d", 2, input, kernel_size, stride, padding, dilation, ceil_mode);

            /// <summary>2-D max pooling with a square window.</summary>
            public static Tensor max_pool2d(Tensor input, long kernel_size, long? stride = null, long padding = 0, long dilation = 1, bool ceil_mode = false) =>
                max_pool2d(input, Repeat(kernel_size, 2), StrideOrNull(stride, 2), Repeat(padding, 2), Repeat(dilation, 2), ceil_mode);

            /// <summary>3-D max pooling over (batch, channels, depth, height, width) or unbatched.</summary>
            public static unsafe Tensor max_pool3d(Tensor input, long[] kernel_size, long[]? stride = null, long[]? padding = null, long[]? dilation = null, bool ceil_mode = false) =>
                MaxPool(&NativeMethods.kn_nn_max_pool3d, "max_pool3d", 3, input, kernel_size, stride, padding, dilation, ceil_mode);

            /// <summary>3-D max pooling with a cubic window.</summary>
            public static Tensor max_pool3d(Tensor input, long kernel_size, long? stride = null, long padding = 0, long dilation = 1, bool ceil_mode = false) =>
                max_pool3d(input, Repeat(kernel_size, 3), StrideOrNull(stride, 3), Repeat(padding, 3), Repeat(dilation, 3), ceil_mode);

            /// <summary>1-D max pooling that also returns the flat index (within each channel) of every maximum.</summary>
            public static unsafe (Tensor output, Tensor indices) max_pool1d_with_indices(Tensor input, long[] kernel_size, long[]? stride = null, long[]? padding = null, long[]? dilation = null, bool ceil_mode = false) =>
                MaxPoolWithIndices(&NativeMethods.kn_nn_max_pool1d_with_indices, "max_pool1d_with_indices", 1, input, kernel_size, stride, padding, dilation, ceil_mode);

            /// <summary>1-D max pooling that also returns the indices of the maxima.</summary>
            public static (Tensor output, Tensor indices) max_pool1d_with_indices(Tensor input, long kernel_size, long? stride = null, long padding = 0, long dilation = 1, bool ceil_mode = false) =>
                max_pool1d_with_indices(input, Repeat(kernel_size, 1), StrideOrNull(stride, 1), Repeat(padding, 1), Repeat(dilation, 1), ceil_mode);

            /// <summary>2-D max pooling that also returns the flat index (within each H×W plane) of every maximum.</summary>
            public static unsafe (Tensor output, Tensor indices) max_pool2d_with_indices(Tensor input, long[] kernel_size, long[]? stride = null, long[]? padding = null, long[]? dilation = null, bool ceil_mode = false) =>
                MaxPoolWithIndices(&NativeMethods.kn_nn_max_pool2d_with_indices, "max_pool2d_with_indices", 2, input, kernel_size, stride, padding, dilation, ceil_mode);

            /// <summary>2-D max pooling that also returns the indices of the maxima.</summary>
            public static (Tensor output, Tensor indices) max_pool2d_with_indices(Tensor input, long kernel_size, long? stride = null, long padding = 0, long dilation = 1, bool ceil_mode = false) =>
                max_pool2d_with_indices(input, Repeat(kernel_size, 2), StrideOrNull(stride, 2), Repeat(padding, 2), Repeat(dilation, 2), ceil_mode);

            /// <summary>3-D max pooling that also returns the indices of the maxima.</summary>
            public static unsafe (Tensor output, Tensor indices) max_pool3d_with_indices(Tensor input, long[] kernel_size, long[]? stride = null, long[]? padding = null, long[]? dilation = null, bool ceil_mode = false) =>
                MaxPoolWithIndices(&NativeMethods.kn_nn_max_pool3d_with_indices, "max_pool3d_with_indices", 3, input, kernel_size, stride, padding, dilation, ceil_mode);

            // ---- average pooling ----

            /// <summary>
            /// 1-D average pooling. <paramref name="count_include_pad"/> counts the zero padding in the divisor;
            /// <paramref name="ceil_mode"/> rounds the output length up instead of down.
            /// </summary>
            public static unsafe Tensor avg_pool1d(Tensor input, long[] kernel_size, long[]? stride = null, long[]? padding = null, bool ceil_mode = false, bool count_include_pad = true)
            {
                ArgumentNullException.ThrowIfNull(kernel_size);
                RequireRank("avg_pool1d", 1, input);
                stride ??= Array.Empty<long>();
                padding ??= Zero;
                fixed (long* k = kernel_size, s = stride, p = padding)
                    return Tensor.Wrap(NativeMethods.kn_nn_avg_pool1d(input.Handle, k, kernel_size.Length, s, stride.Length, p, padding.Length, ceil_mode ? 1 : 0, count_include_pad ? 1 : 0),
                        "avg_pool1d", input);
            }

            /// <summary>1-D average pooling.</summary>
            public static Tensor avg_pool1d(Tensor input, long kernel_size, long? stride = null, long padding = 0, bool ceil_mode = false, bool count_include_pad = true) =>
                avg_pool1d(input, Repeat(kernel_size, 1), StrideOrNull(stride, 1), Repeat(padding, 1), ceil_mode, count_include_pad);

            /// <summary>
            /// 2-D average pooling. <paramref name="divisor_override"/>, when given, replaces the window size as the divisor.
            /// </summary>
            public static unsafe Tensor avg_pool2d(Tensor input, long[] kernel_size, long[]? stride = null, long[]? padding = null, bool ceil_mode = false, bool count_include_pad = true, long? divisor_override = null) =>
                AvgPool(&NativeMethods.kn_nn_avg_pool2d, "avg_pool2d", 2, input, kernel_size, stride, padding, ceil_mode, count_include_pad, divisor_override);

            /// <summary>2-D average pooling with a square window.</summary>
            public static Tensor avg_pool2d(Tensor input, long kernel_size, long? stride = null, long padding = 0, bool ceil_mode = false, bool count_include_pad = true, long? divisor_override = null) =>
                avg_pool2d(input, Repeat(kernel_size, 2), StrideOrNull(stride, 2), Repeat(padding, 2), ceil_mode, count_include_pad, divisor_override);

            /// <summary>3-D average pooling.</summary>
            public static unsafe Tensor avg_pool3d(Tensor input, long[] kernel_size, long[]? stride = null, long[]? padding = null, bool ceil_mode = false, bool count_include_pad = true, long? divisor_override = null) =>
                AvgPool(&NativeMethods.kn_nn_avg_pool3d, "avg_pool3d", 3, input, kernel_size, stride, padding, ceil_mode, count_include_pad, divisor_override);

            /// <summary>3-D average pooling with a cubic window.</summary>
            public static Tensor avg_pool3d(Tensor input, long kernel_size, long? stride = null, long padding = 0, bool ceil_mode = false, bool count_include_pad = true, long? divisor_override = null) =>
                avg_pool3d(input, Repeat(kernel_size, 3), StrideOrNull(stride, 3), Repeat(padding, 3), ceil_mode, count_include_pad, divisor_override);

            // ---- adaptive pooling: the window adapts so that the output has the given size ----

            /// <summary>1-D adaptive average pooling to <paramref name="output_size"/> (one value).</summary>
            public static unsafe Tensor adaptive_avg_pool1d(Tensor input, long[] output_size) =>
                AdaptiveAvgPool(&NativeMethods.kn_nn_adaptive_avg_pool1d, "adaptive_avg_pool1d", 1, input, output_size);

            /// <summary>1-D adaptive average pooling to length <paramref name="output_size"/>.</summary>
            public static Tensor adaptive_avg_pool1d(Tensor input, long output_size) => adaptive_avg_pool1d(input, Repeat(output_size, 1));

            /// <summary>2-D adaptive average pooling to (height, width) = <paramref name="output_size"/>; (1, 1) is global average pooling.</summary>
            public static unsafe Tensor adaptive_avg_pool2d(Tensor input, long[] output_size) =>
                AdaptiveAvgPool(&NativeMethods.kn_nn_adaptive_avg_pool2d, "adaptive_avg_pool2d", 2, input, output_size);

            /// <summary>2-D adaptive average pooling to a square output.</summary>
            public static Tensor adaptive_avg_pool2d(Tensor input, long output_size) => adaptive_avg_pool2d(input, Repeat(output_size, 2));

            /// <summary>3-D adaptive average pooling to (depth, height, width) = <paramref name="output_size"/>.</summary>
            public static unsafe Tensor adaptive_avg_pool3d(Tensor input, long[] output_size) =>
                AdaptiveAvgPool(&NativeMethods.kn_nn_adaptive_avg_pool3d, "adaptive_avg_pool3d", 3, input, output_size);

            /// <summary>3-D adaptive average pooling to a cubic output.</summary>
            public static Tensor adaptive_avg_pool3d(Tensor input, long output_size) => adaptive_avg_pool3d(input, Repeat(output_size, 3));

            /// <summary>1-D adaptive max pooling to length <paramref name="output_size"/>.</summary>
            public static Tensor adaptive_max_pool1d(Tensor input, long[] output_size) => DropIndices(adaptive_max_pool1d_with_indices(input, output_size));

            /// <summary>1-D adaptive max pooling to length <paramref name="output_size"/>.</summary>
            public static Tensor adaptive_max_pool1d(Tensor input, long output_size) => adaptive_max_pool1d(input, Repeat(output_size, 1));

            /// <summary>2-D adaptive max pooling to (height, width) = <paramref name="output_size"/>.</summary>
            public static Tensor adaptive_max_pool2d(Tensor input, long[] output_size) => DropIndices(adaptive_max_pool2d_with_indices(input, output_size));

            /// <summary>2-D adaptive max pooling to a square output.</summary>
            public static Tensor adaptive_max_pool2d(Tensor input, long output_size) => adaptive_max_pool2d(input, Repeat(output_size, 2));

            /// <summary>1-D adaptive max pooling that also returns the indices of the maxima.</summary>
            public static unsafe (Tensor output, Tensor indices) adaptive_max_pool1d_with_indices(Tensor input, long[] output_size) =>
                AdaptiveMaxPool(&NativeMethods.kn_nn_adaptive_max_pool1d, "adaptive_max_pool1d", 1, input, output_size);

            /// <summary>1-D adaptive max pooling that also returns the indices of the maxima.</summary>
            public static (Tensor output, Tensor indices) adaptive_max_pool1d_with_indices(Tensor input, long output_size) =>
                adaptive_max_pool1d_with_indices(input, Repeat(output_size, 1));

            /// <summary>2-D adaptive max pooling that also returns the flat indices (within each H×W plane) of the maxima.</summary>
            public static unsafe (Tensor output, Tensor indices) adaptive_max_pool2d_with_indices(Tensor input, long[] output_size) =>
                AdaptiveMaxPool(&NativeMethods.kn_nn_adaptive_max_pool2d, "adaptive_max_pool2d", 2, input, output_size);

            /// <summary>2-D adaptive max pooling that also returns the indices of the maxima.</summary>
            public static (Tensor output, Tensor indices) adaptive_max_pool2d_with_indices(Tensor input, long output_size) =>
                adaptive_max_pool2d_with_indices(input, Repeat(output_size, 2));

            /// <summary>3-D adaptive max pooling to (depth, height, width) = <paramref name="output_size"/>.</summary>
            public static Tensor adaptive_max_pool3d(Tensor input, long[] output_size) => DropIndices(adaptive_max_pool3d_with_indices(input, output_size));

            /// <summary>3-D adaptive max pooling that also returns the indices of the maxima.</summary>
            public static unsafe (Tensor output, Tensor indices) adaptive_max_pool3d_with_indices(Tensor input, long[] output_size) =>
                AdaptiveMaxPool(&NativeMethods.kn_nn_adaptive_max_pool3d, "adaptive_max_pool3d", 3, input, output_size);

            // ---- plumbing ----

            private static readonly string[] SpatialNames = { "length", "height, width", "depth, height, width" };

            // libtorch explains a wrong rank poorly for some pools ("Dimension out of range"): say what is expected.
            internal static void RequireRank(string op, int spatialDims, Tensor input)
            {
                var rank = input.dim();
                if (rank == spatialDims + 2 || rank == spatialDims + 1) return;
                var names = SpatialNames[spatialDims - 1];
                throw new TorchShapeException(
                    $"{op}: expected input of rank {spatialDims + 2} (batch, channels, {names}) or {spatialDims + 1} (channels, {names}); " +
                    $"received shape {Shape.Format(input.shape)}.", op);
            }

            private static long[]? StrideOrNull(long? stride, int dims) => stride is { } s ? Repeat(s, dims) : null;

            private static Tensor DropIndices((Tensor output, Tensor indices) result)
            {
                result.indices.Dispose();
                return result.output;
            }

            private static unsafe Tensor MaxPool(delegate*<IntPtr, long*, int, long*, int, long*, int, long*, int, int, IntPtr> fn, string op, int dims,
                Tensor input, long[] kernel_size, long[]? stride, long[]? padding, long[]? dilation, bool ceil_mode)
            {
                ArgumentNullException.ThrowIfNull(kernel_size);
                RequireRank(op, dims, input);
                stride ??= Array.Empty<long>();
                padding ??= Zero;
                dilation ??= One;
                fixed (long* k = kernel_size, s = stride, p = padding, d = dilation)
                    return Tensor.Wrap(fn(input.Handle, k, kernel_size.Length, s, stride.Length, p, padding.Length, d, dilation.Length, ceil_mode ? 1 : 0), op, input);
            }

            private static unsafe (Tensor, Tensor) MaxPoolWithIndices(delegate*<IntPtr, long*, int, long*, int, long*, int, long*, int, int, IntPtr*, IntPtr*, int> fn, string op, int dims,
                Tensor input, long[] kernel_size, long[]? stride, long[]? padding, long[]? dilation, bool ceil_mode)
            {
                ArgumentNullException.ThrowIfNull(kernel_size);
                RequireRank(op, dims, input);
                stride ??= Array.Empty<long>();
                padding ??= Zero;
                dilation ??= One;
                IntPtr output, indices;
                fixed (long* k = kernel_size, s = stride, p = padding, d = dilation)
                    Tensor.Check(fn(input.Handle, k, kernel_size.Length, s, stride.Length, p, padding.Length, d, dilation.Length, ceil_mode ? 1 : 0, &output, &indices), op, input);
                return (new Tensor(output), new Tensor(indices));
            }

            private static unsafe Tensor AvgPool(delegate*<IntPtr, long*, int, long*, int, long*, int, int, int, long, int, IntPtr> fn, string op, int dims,
                Tensor input, long[] kernel_size, long[]? stride, long[]? padding, bool ceil_mode, bool count_include_pad, long? divisor_override)
            {
                ArgumentNullException.ThrowIfNull(kernel_size);
                RequireRank(op, dims, input);
                if (divisor_override is <= 0)
                    throw new ArgumentOutOfRangeException(nameof(divisor_override), divisor_override, $"{op}: divisor_override must be positive (or null for the window size).");
                stride ??= Array.Empty<long>();
                padding ??= Zero;
                fixed (long* k = kernel_size, s = stride, p = padding)
                    return Tensor.Wrap(fn(input.Handle, k, kernel_size.Length, s, stride.Length, p, padding.Length, ceil_mode ? 1 : 0, count_include_pad ? 1 : 0,
                        divisor_override ?? 0, divisor_override is null ? 0 : 1), op, input);
            }

            private static unsafe Tensor AdaptiveAvgPool(delegate*<IntPtr, long*, int, IntPtr> fn, string op, int dims, Tensor input, long[] output_size)
            {
                ArgumentNullException.ThrowIfNull(output_size);
                RequireRank(op, dims, input);
                fixed (long* o = output_size) return Tensor.Wrap(fn(input.Handle, o, output_size.Length), op, input);
            }

            private static unsafe (Tensor, Tensor) AdaptiveMaxPool(delegate*<IntPtr, long*, int, IntPtr*, IntPtr*, int> fn, string op, int dims, Tensor input, long[] output_size)
            {
                ArgumentNullException.ThrowIfNull(output_size);
                RequireRank(op, dims, input);
                IntPtr output, indices;
                fixed (long* o = output_size) Tensor.Check(fn(input.Handle, o, output_size.Length, &output, &indices), op, input);
                return (new Tensor(output), new Tensor(indices));
            }
        }
    }
}
