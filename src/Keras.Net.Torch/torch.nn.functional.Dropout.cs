using KerasNet.Torch.Interop;

namespace KerasNet.Torch;

// Dropout over src/Keras.Net.Native/src/nn_norm.cpp. Randomness comes from libtorch's default generator, so
// torch.manual_seed makes it reproducible. With training = false every function returns its input unchanged.
public static partial class torch
{
    public static partial class nn
    {
        public static partial class functional
        {
            /// <summary>
            /// When <paramref name="training"/>, zeroes each element with probability <paramref name="p"/> and scales the rest by
            /// 1 / (1 - p), so the expected value is unchanged. <paramref name="inplace"/> modifies and returns <paramref name="input"/>.
            /// </summary>
            public static unsafe Tensor dropout(Tensor input, double p = 0.5, bool training = true, bool inplace = false) =>
                Dropout(&NativeMethods.kn_nn_dropout, &NativeMethods.kn_nn_dropout_, "dropout", input, p, training, inplace);

            /// <summary>
            /// Channel-wise dropout for (batch, channels, height, width): zeroes whole channels with probability <paramref name="p"/>
            /// and scales the kept ones by 1 / (1 - p). As in PyTorch 1.13, a 3-D input is read as (batch, channels, length).
            /// </summary>
            public static unsafe Tensor dropout2d(Tensor input, double p = 0.5, bool training = true, bool inplace = false) =>
                Dropout(&NativeMethods.kn_nn_feature_dropout, &NativeMethods.kn_nn_feature_dropout_, "dropout2d", input, p, training, inplace);

            /// <summary>Channel-wise dropout for (batch, channels, depth, height, width): zeroes whole channels.</summary>
            public static unsafe Tensor dropout3d(Tensor input, double p = 0.5, bool training = true, bool inplace = false) =>
                Dropout(&NativeMethods.kn_nn_feature_dropout, &NativeMethods.kn_nn_feature_dropout_, "dropout3d", input, p, training, inplace);

            /// <summary>
            /// Alpha dropout (for SELU networks): dropped elements take SELU's negative saturation value and an affine correction
            /// keeps the mean and variance. Note PyTorch's default <paramref name="training"/> = false here.
            /// </summary>
            public static unsafe Tensor alpha_dropout(Tensor input, double p = 0.5, bool training = false, bool inplace = false) =>
                Dropout(&NativeMethods.kn_nn_alpha_dropout, &NativeMethods.kn_nn_alpha_dropout_, "alpha_dropout", input, p, training, inplace);

            /// <summary>Alpha dropout applied to whole channels.</summary>
            public static unsafe Tensor feature_alpha_dropout(Tensor input, double p = 0.5, bool training = false, bool inplace = false) =>
                Dropout(&NativeMethods.kn_nn_feature_alpha_dropout, &NativeMethods.kn_nn_feature_alpha_dropout_, "feature_alpha_dropout", input, p, training, inplace);

            private static unsafe Tensor Dropout(delegate*<IntPtr, double, int, IntPtr> fn, delegate*<IntPtr, double, int, int> fnInPlace, string op,
                Tensor input, double p, bool training, bool inplace)
            {
                if (!(p >= 0 && p <= 1))
                    throw new ArgumentOutOfRangeException(nameof(p), p, $"{op}: the dropout probability p must be between 0 and 1; received {p}.");
                if (!inplace) return Tensor.Wrap(fn(input.Handle, p, training ? 1 : 0), op, input);
                Tensor.Check(fnInPlace(input.Handle, p, training ? 1 : 0), op, input);
                return input;
            }
        }
    }
}
