using System.Runtime.CompilerServices;
using KerasNet.Torch.Interop;

namespace KerasNet.Torch;

// Linear and convolution functions over src/Keras.Net.Native/src/nn_conv.cpp.
//
// Each convolution has four overloads that C# can tell apart by the argument types:
//   long[] stride/padding/dilation (one value per spatial dimension)   conv2d(x, w, b, stride: new long[] { 2, 1 })
//   long stride/padding/dilation (the same value for every dimension)  conv2d(x, w, b, stride: 2, padding: 1)
//   string padding ("valid" or "same") with long[] or long the rest    conv2d(x, w, b, padding: "same")
// OverloadResolutionPriority picks the long[] overload when no per-dimension argument is given at all.
// "same" and "valid" go to libtorch's own string-padding convolution (at::conv2d(..., c10::string_view padding)),
// which pads asymmetrically when the kernel extent is even, exactly as PyTorch.
public static partial class torch
{
    public static partial class nn
    {
        public static partial class functional
        {
            /// <summary>y = input · weightᵀ + bias. <paramref name="weight"/> is (out_features, in_features); <paramref name="bias"/> is (out_features).</summary>
            public static Tensor linear(Tensor input, Tensor weight, Tensor? bias = null) =>
                Tensor.Wrap(NativeMethods.kn_nn_linear(input.Handle, weight.Handle, Tensor.HandleOrZero(bias)), "linear", input, weight, bias);

            /// <summary>y = input1ᵀ · weight · input2 + bias, with <paramref name="weight"/> (out, in1, in2) and <paramref name="bias"/> (out).</summary>
            public static Tensor bilinear(Tensor input1, Tensor input2, Tensor weight, Tensor? bias = null)
            {
                var result = NativeMethods.kn_nn_bilinear(input1.Handle, input2.Handle, weight.Handle, Tensor.HandleOrZero(bias));
                GC.KeepAlive(bias);
                return Tensor.Wrap(result, "bilinear", input1, input2, weight);
            }

            // ---- conv1d ----

            /// <summary>
            /// 1-D convolution of <paramref name="input"/> (batch, in_channels, length) or (in_channels, length) with
            /// <paramref name="weight"/> (out_channels, in_channels / groups, kernel).
            /// </summary>
            [OverloadResolutionPriority(2)]
            public static unsafe Tensor conv1d(Tensor input, Tensor weight, Tensor? bias = null, long[]? stride = null, long[]? padding = null, long[]? dilation = null, long groups = 1) =>
                Conv(&NativeMethods.kn_nn_conv1d, "conv1d", input, weight, bias, stride, padding, dilation, groups);

            /// <summary>1-D convolution with one stride, padding and dilation.</summary>
            public static Tensor conv1d(Tensor input, Tensor weight, Tensor? bias = null, long stride = 1, long padding = 0, long dilation = 1, long groups = 1) =>
                conv1d(input, weight, bias, Repeat(stride, 1), Repeat(padding, 1), Repeat(dilation, 1), groups);

            /// <summary>1-D convolution with <paramref name="padding"/> "valid" (none) or "same" (output as long as the input; stride 1 only).</summary>
            [OverloadResolutionPriority(1)]
            public static unsafe Tensor conv1d(Tensor input, Tensor weight, Tensor? bias = null, long[]? stride = null, string padding = "valid", long[]? dilation = null, long groups = 1) =>
                ConvPaddingMode(&NativeMethods.kn_nn_conv1d_padding_mode, "conv1d", input, weight, bias, stride, padding, dilation, groups);

            /// <summary>1-D convolution with <paramref name="padding"/> "valid" or "same", and one stride and dilation.</summary>
            public static Tensor conv1d(Tensor input, Tensor weight, Tensor? bias = null, long stride = 1, string padding = "valid", long dilation = 1, long groups = 1) =>
                conv1d(input, weight, bias, Repeat(stride, 1), padding, Repeat(dilation, 1), groups);

            // ---- conv2d ----

            /// <summary>
            /// 2-D convolution of <paramref name="input"/> (batch, in_channels, height, width) or (in_channels, height, width)
            /// with <paramref name="weight"/> (out_channels, in_channels / groups, kernel_height, kernel_width).
            /// </summary>
            [OverloadResolutionPriority(2)]
            public static unsafe Tensor conv2d(Tensor input, Tensor weight, Tensor? bias = null, long[]? stride = null, long[]? padding = null, long[]? dilation = null, long groups = 1) =>
                Conv(&NativeMethods.kn_nn_conv2d, "conv2d", input, weight, bias, stride, padding, dilation, groups);

            /// <summary>2-D convolution with the same stride, padding and dilation in both dimensions.</summary>
            public static Tensor conv2d(Tensor input, Tensor weight, Tensor? bias = null, long stride = 1, long padding = 0, long dilation = 1, long groups = 1) =>
                conv2d(input, weight, bias, Repeat(stride, 2), Repeat(padding, 2), Repeat(dilation, 2), groups);

            /// <summary>2-D convolution with <paramref name="padding"/> "valid" (none) or "same" (output as large as the input; stride 1 only).</summary>
            [OverloadResolutionPriority(1)]
            public static unsafe Tensor conv2d(Tensor input, Tensor weight, Tensor? bias = null, long[]? stride = null, string padding = "valid", long[]? dilation = null, long groups = 1) =>
                ConvPaddingMode(&NativeMethods.kn_nn_conv2d_padding_mode, "conv2d", input, weight, bias, stride, padding, dilation, groups);

            /// <summary>2-D convolution with <paramref name="padding"/> "valid" or "same", and one stride and dilation.</summary>
            public static Tensor conv2d(Tensor input, Tensor weight, Tensor? bias = null, long stride = 1, string padding = "valid", long dilation = 1, long groups = 1) =>
                conv2d(input, weight, bias, Repeat(stride, 2), padding, Repeat(dilation, 2), groups);

            // ---- conv3d ----

            /// <summary>
            /// 3-D convolution of <paramref name="input"/> (batch, in_channels, depth, height, width) or unbatched, with
            /// <paramref name="weight"/> (out_channels, in_channels / groups, kD, kH, kW).
            /// </summary>
            [OverloadResolutionPriority(2)]
            public static unsafe Tensor conv3d(Tensor input, Tensor weight, Tensor? bias = null, long[]? stride = null, long[]? padding = null, long[]? dilation = null, long groups = 1) =>
                Conv(&NativeMethods.kn_nn_conv3d, "conv3d", input, weight, bias, stride, padding, dilation, groups);

            /// <summary>3-D convolution with the same stride, padding and dilation in every dimension.</summary>
            public static Tensor conv3d(Tensor input, Tensor weight, Tensor? bias = null, long stride = 1, long padding = 0, long dilation = 1, long groups = 1) =>
                conv3d(input, weight, bias, Repeat(stride, 3), Repeat(padding, 3), Repeat(dilation, 3), groups);

            /// <summary>3-D convolution with <paramref name="padding"/> "valid" or "same" (stride 1 only).</summary>
            [OverloadResolutionPriority(1)]
            public static unsafe Tensor conv3d(Tensor input, Tensor weight, Tensor? bias = null, long[]? stride = null, string padding = "valid", long[]? dilation = null, long groups = 1) =>
                ConvPaddingMode(&NativeMethods.kn_nn_conv3d_padding_mode, "conv3d", input, weight, bias, stride, padding, dilation, groups);

            /// <summary>3-D convolution with <paramref name="padding"/> "valid" or "same", and one stride and dilation.</summary>
            public static Tensor conv3d(Tensor input, Tensor weight, Tensor? bias = null, long stride = 1, string padding = "valid", long dilation = 1, long groups = 1) =>
                conv3d(input, weight, bias, Repeat(stride, 3), padding, Repeat(dilation, 3), groups);

            // ---- transposed convolutions (note PyTorch's argument order: groups before dilation) ----

            /// <summary>
            /// 1-D transposed convolution ("deconvolution") of <paramref name="input"/> (batch, in_channels, length) with
            /// <paramref name="weight"/> (in_channels, out_channels / groups, kernel).
            /// </summary>
            [OverloadResolutionPriority(1)]
            public static unsafe Tensor conv_transpose1d(Tensor input, Tensor weight, Tensor? bias = null, long[]? stride = null, long[]? padding = null, long[]? output_padding = null, long groups = 1, long[]? dilation = null) =>
                ConvTranspose(&NativeMethods.kn_nn_conv_transpose1d, "conv_transpose1d", input, weight, bias, stride, padding, output_padding, groups, dilation);

            /// <summary>1-D transposed convolution with one stride, padding, output padding and dilation.</summary>
            public static Tensor conv_transpose1d(Tensor input, Tensor weight, Tensor? bias = null, long stride = 1, long padding = 0, long output_padding = 0, long groups = 1, long dilation = 1) =>
                conv_transpose1d(input, weight, bias, Repeat(stride, 1), Repeat(padding, 1), Repeat(output_padding, 1), groups, Repeat(dilation, 1));

            /// <summary>
            /// 2-D transposed convolution of <paramref name="input"/> (batch, in_channels, height, width) with
            /// <paramref name="weight"/> (in_channels, out_channels / groups, kH, kW). <paramref name="output_padding"/>
            /// adds rows/columns on one side to pick among the output sizes a strided convolution maps to the same input size.
            /// </summary>
            [OverloadResolutionPriority(1)]
            public static unsafe Tensor conv_transpose2d(Tensor input, Tensor weight, Tensor? bias = null, long[]? stride = null, long[]? padding = null, long[]? output_padding = null, long groups = 1, long[]? dilation = null) =>
                ConvTranspose(&NativeMethods.kn_nn_conv_transpose2d, "conv_transpose2d", input, weight, bias, stride, padding, output_padding, groups, dilation);

            /// <summary>2-D transposed convolution with the same stride, padding, output padding and dilation in both dimensions.</summary>
            public static Tensor conv_transpose2d(Tensor input, Tensor weight, Tensor? bias = null, long stride = 1, long padding = 0, long output_padding = 0, long groups = 1, long dilation = 1) =>
                conv_transpose2d(input, weight, bias, Repeat(stride, 2), Repeat(padding, 2), Repeat(output_padding, 2), groups, Repeat(dilation, 2));

            /// <summary>3-D transposed convolution of (batch, in_channels, D, H, W) with weight (in_channels, out_channels / groups, kD, kH, kW).</summary>
            [OverloadResolutionPriority(1)]
            public static unsafe Tensor conv_transpose3d(Tensor input, Tensor weight, Tensor? bias = null, long[]? stride = null, long[]? padding = null, long[]? output_padding = null, long groups = 1, long[]? dilation = null) =>
                ConvTranspose(&NativeMethods.kn_nn_conv_transpose3d, "conv_transpose3d", input, weight, bias, stride, padding, output_padding, groups, dilation);

            /// <summary>3-D transposed convolution with the same stride, padding, output padding and dilation in every dimension.</summary>
            public static Tensor conv_transpose3d(Tensor input, Tensor weight, Tensor? bias = null, long stride = 1, long padding = 0, long output_padding = 0, long groups = 1, long dilation = 1) =>
                conv_transpose3d(input, weight, bias, Repeat(stride, 3), Repeat(padding, 3), Repeat(output_padding, 3), groups, Repeat(dilation, 3));

            // ---- plumbing ----

            private static unsafe Tensor Conv(delegate*<IntPtr, IntPtr, IntPtr, long*, int, long*, int, long*, int, long, IntPtr> fn, string op,
                Tensor input, Tensor weight, Tensor? bias, long[]? stride, long[]? padding, long[]? dilation, long groups)
            {
                stride ??= One;
                padding ??= Zero;
                dilation ??= One;
                fixed (long* s = stride, p = padding, d = dilation)
                    return Tensor.Wrap(fn(input.Handle, weight.Handle, Tensor.HandleOrZero(bias), s, stride.Length, p, padding.Length, d, dilation.Length, groups),
                        op, input, weight, bias);
            }

            private static unsafe Tensor ConvPaddingMode(delegate*<IntPtr, IntPtr, IntPtr, long*, int, byte*, long*, int, long, IntPtr> fn, string op,
                Tensor input, Tensor weight, Tensor? bias, long[]? stride, string padding, long[]? dilation, long groups)
            {
                ArgumentNullException.ThrowIfNull(padding);
                var mode = padding switch
                {
                    "same" => "same\0"u8,
                    "valid" => "valid\0"u8,
                    _ => throw new ArgumentException(
                        $"{op}: padding must be 'valid', 'same' or numbers; received '{padding}'.", nameof(padding)),
                };
                stride ??= One;
                dilation ??= One;
                fixed (long* s = stride, d = dilation)
                fixed (byte* m = mode)
                    return Tensor.Wrap(fn(input.Handle, weight.Handle, Tensor.HandleOrZero(bias), s, stride.Length, m, d, dilation.Length, groups),
                        op, input, weight, bias);
            }

            private static unsafe Tensor ConvTranspose(delegate*<IntPtr, IntPtr, IntPtr, long*, int, long*, int, long*, int, long, long*, int, IntPtr> fn, string op,
                Tensor input, Tensor weight, Tensor? bias, long[]? stride, long[]? padding, long[]? output_padding, long groups, long[]? dilation)
            {
                stride ??= One;
                padding ??= Zero;
                output_padding ??= Zero;
                dilation ??= One;
                fixed (long* s = stride, p = padding, o = output_padding, d = dilation)
                    return Tensor.Wrap(fn(input.Handle, weight.Handle, Tensor.HandleOrZero(bias), s, stride.Length, p, padding.Length, o, output_padding.Length, groups, d, dilation.Length),
                        op, input, weight, bias);
            }
        }
    }
}
