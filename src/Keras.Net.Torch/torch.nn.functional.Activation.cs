using KerasNet.Torch.Interop;

namespace KerasNet.Torch;

// Activations over src/Keras.Net.Native/src/nn_activation.cpp. Where PyTorch has an `inplace` argument, so do these:
// with inplace: true the input is modified and returned. The functions ending in _ are PyTorch's in-place spellings.
public static partial class torch
{
    public static partial class nn
    {
        public static partial class functional
        {
            /// <summary>max(0, x).</summary>
            public static unsafe Tensor relu(Tensor input, bool inplace = false) => Act(&NativeMethods.kn_nn_relu, &NativeMethods.kn_nn_relu_, "relu", input, inplace);
            /// <summary>max(0, x), in place.</summary>
            public static Tensor relu_(Tensor input) => relu(input, inplace: true);
            /// <summary>min(max(0, x), 6).</summary>
            public static unsafe Tensor relu6(Tensor input, bool inplace = false) => Act(&NativeMethods.kn_nn_relu6, &NativeMethods.kn_nn_relu6_, "relu6", input, inplace);
            /// <summary>x where x ≥ 0, negative_slope · x elsewhere.</summary>
            public static unsafe Tensor leaky_relu(Tensor input, double negative_slope = 0.01, bool inplace = false) =>
                Act1(&NativeMethods.kn_nn_leaky_relu, &NativeMethods.kn_nn_leaky_relu_, "leaky_relu", input, negative_slope, inplace);
            /// <summary>leaky_relu in place.</summary>
            public static Tensor leaky_relu_(Tensor input, double negative_slope = 0.01) => leaky_relu(input, negative_slope, inplace: true);
            /// <summary>x where x &gt; 0, alpha · (exp(x) − 1) elsewhere.</summary>
            public static unsafe Tensor elu(Tensor input, double alpha = 1.0, bool inplace = false) =>
                Act1(&NativeMethods.kn_nn_elu, &NativeMethods.kn_nn_elu_, "elu", input, alpha, inplace);
            /// <summary>elu in place.</summary>
            public static Tensor elu_(Tensor input, double alpha = 1.0) => elu(input, alpha, inplace: true);
            /// <summary>Scaled ELU with the fixed self-normalizing constants (scale ≈ 1.0507, alpha ≈ 1.6733).</summary>
            public static unsafe Tensor selu(Tensor input, bool inplace = false) => Act(&NativeMethods.kn_nn_selu, &NativeMethods.kn_nn_selu_, "selu", input, inplace);
            /// <summary>selu in place.</summary>
            public static Tensor selu_(Tensor input) => selu(input, inplace: true);
            /// <summary>max(0, x) + min(0, alpha · (exp(x / alpha) − 1)).</summary>
            public static unsafe Tensor celu(Tensor input, double alpha = 1.0, bool inplace = false) =>
                Act1(&NativeMethods.kn_nn_celu, &NativeMethods.kn_nn_celu_, "celu", input, alpha, inplace);
            /// <summary>celu in place.</summary>
            public static Tensor celu_(Tensor input, double alpha = 1.0) => celu(input, alpha, inplace: true);

            /// <summary>
            /// Gaussian error linear unit, x · Φ(x). <paramref name="approximate"/> "none" uses the exact erf form,
            /// "tanh" the tanh approximation.
            /// </summary>
            public static unsafe Tensor gelu(Tensor input, string approximate = "none")
            {
                var mode = approximate switch
                {
                    "none" => "none\0"u8,
                    "tanh" => "tanh\0"u8,
                    _ => throw new ArgumentException($"gelu: approximate must be 'none' or 'tanh'; received '{approximate}'.", nameof(approximate)),
                };
                fixed (byte* m = mode) return Tensor.Wrap(NativeMethods.kn_nn_gelu(input.Handle, m), "gelu", input);
            }

            /// <summary>x · sigmoid(x) (also called swish).</summary>
            public static unsafe Tensor silu(Tensor input, bool inplace = false) => Act(&NativeMethods.kn_nn_silu, &NativeMethods.kn_nn_silu_, "silu", input, inplace);
            /// <summary>x · tanh(softplus(x)).</summary>
            public static unsafe Tensor mish(Tensor input, bool inplace = false) => Act(&NativeMethods.kn_nn_mish, &NativeMethods.kn_nn_mish_, "mish", input, inplace);
            /// <summary>1 / (1 + exp(−x)).</summary>
            public static Tensor sigmoid(Tensor input) => input.sigmoid();
            /// <summary>Hyperbolic tangent.</summary>
            public static Tensor tanh(Tensor input) => input.tanh();
            /// <summary>log(sigmoid(x)), computed stably.</summary>
            public static Tensor logsigmoid(Tensor input) => Tensor.Wrap(NativeMethods.kn_nn_log_sigmoid(input.Handle), "logsigmoid", input);
            /// <summary>x / (1 + |x|).</summary>
            public static Tensor softsign(Tensor input)
            {
                using var magnitude = input.abs();
                using var denominator = magnitude.add(1);
                return input.div(denominator);
            }

            /// <summary>
            /// Softmax along <paramref name="dim"/>: exp(x) / sum(exp(x)). With <paramref name="dtype"/> the input is cast first
            /// (useful to compute a float16 model's softmax in float32).
            /// </summary>
            public static Tensor softmax(Tensor input, long dim, ScalarType? dtype = null) => input.softmax(dim, dtype);
            /// <summary>log(softmax(x)) along <paramref name="dim"/>, computed stably.</summary>
            public static Tensor log_softmax(Tensor input, long dim, ScalarType? dtype = null) => input.log_softmax(dim, dtype);
            /// <summary>softmax(−x) along <paramref name="dim"/>.</summary>
            public static Tensor softmin(Tensor input, long dim, ScalarType? dtype = null)
            {
                using var negated = input.neg();
                return negated.softmax(dim, dtype);
            }

            /// <summary>
            /// log(1 + exp(beta · x)) / beta; reverts to x where beta · x &gt; <paramref name="threshold"/>, for numerical stability.
            /// </summary>
            public static Tensor softplus(Tensor input, double beta = 1, double threshold = 20) =>
                Tensor.Wrap(NativeMethods.kn_nn_softplus(input.Handle, beta, threshold), "softplus", input);

            /// <summary>x · relu6(x + 3) / 6.</summary>
            public static unsafe Tensor hardswish(Tensor input, bool inplace = false) => Act(&NativeMethods.kn_nn_hardswish, &NativeMethods.kn_nn_hardswish_, "hardswish", input, inplace);
            /// <summary>relu6(x + 3) / 6.</summary>
            public static unsafe Tensor hardsigmoid(Tensor input, bool inplace = false) => Act(&NativeMethods.kn_nn_hardsigmoid, &NativeMethods.kn_nn_hardsigmoid_, "hardsigmoid", input, inplace);
            /// <summary>x clamped to [<paramref name="min_val"/>, <paramref name="max_val"/>].</summary>
            public static unsafe Tensor hardtanh(Tensor input, double min_val = -1.0, double max_val = 1.0, bool inplace = false)
            {
                if (min_val > max_val)
                    throw new ArgumentException($"hardtanh: min_val ({min_val}) must not exceed max_val ({max_val}).", nameof(min_val));
                return Act2(&NativeMethods.kn_nn_hardtanh, &NativeMethods.kn_nn_hardtanh_, "hardtanh", input, min_val, max_val, inplace);
            }
            /// <summary>hardtanh in place.</summary>
            public static Tensor hardtanh_(Tensor input, double min_val = -1.0, double max_val = 1.0) => hardtanh(input, min_val, max_val, inplace: true);
            /// <summary>x where x &gt; <paramref name="threshold"/>, <paramref name="value"/> elsewhere.</summary>
            public static unsafe Tensor threshold(Tensor input, double threshold, double value, bool inplace = false) =>
                Act2(&NativeMethods.kn_nn_threshold, &NativeMethods.kn_nn_threshold_, "threshold", input, threshold, value, inplace);
            /// <summary>threshold in place.</summary>
            public static Tensor threshold_(Tensor input, double threshold, double value) => nn.functional.threshold(input, threshold, value, inplace: true);
            /// <summary>Gated linear unit: splits <paramref name="dim"/> into halves a and b and returns a · sigmoid(b).</summary>
            public static Tensor glu(Tensor input, long dim = -1) => Tensor.Wrap(NativeMethods.kn_nn_glu(input.Handle, dim), "glu", input);

            // ---- plumbing ----

            private static unsafe Tensor Act(delegate*<IntPtr, IntPtr> fn, delegate*<IntPtr, int> fnInPlace, string op, Tensor input, bool inplace)
            {
                if (!inplace) return Tensor.Wrap(fn(input.Handle), op, input);
                Tensor.Check(fnInPlace(input.Handle), op + "_", input);
                return input;
            }

            private static unsafe Tensor Act1(delegate*<IntPtr, double, IntPtr> fn, delegate*<IntPtr, double, int> fnInPlace, string op, Tensor input, double arg, bool inplace)
            {
                if (!inplace) return Tensor.Wrap(fn(input.Handle, arg), op, input);
                Tensor.Check(fnInPlace(input.Handle, arg), op + "_", input);
                return input;
            }

            private static unsafe Tensor Act2(delegate*<IntPtr, double, double, IntPtr> fn, delegate*<IntPtr, double, double, int> fnInPlace, string op, Tensor input, double arg1, double arg2, bool inplace)
            {
                if (!inplace) return Tensor.Wrap(fn(input.Handle, arg1, arg2), op, input);
                Tensor.Check(fnInPlace(input.Handle, arg1, arg2), op + "_", input);
                return input;
            }
        }
    }
}
