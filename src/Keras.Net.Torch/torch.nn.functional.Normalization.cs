using KerasNet.Torch.Interop;

namespace KerasNet.Torch;

// Normalization over src/Keras.Net.Native/src/nn_norm.cpp, with torch's semantics: batch_norm's momentum is the
// weight of the new batch statistic (running = (1 - momentum) * running + momentum * batch), the running variance is
// updated with the unbiased batch variance while the output uses the biased one. Keras layers translate their own
// momentum (torch momentum = 1 - Keras momentum).
public static partial class torch
{
    public static partial class nn
    {
        public static partial class functional
        {
            /// <summary>
            /// Batch normalization over the channel dimension (dim 1) of (batch, channels, ...).
            /// With <paramref name="training"/> the batch statistics normalize the input and, when given,
            /// <paramref name="running_mean"/> and <paramref name="running_var"/> are updated in place with
            /// <paramref name="momentum"/>; otherwise the running statistics normalize the input.
            /// </summary>
            /// <exception cref="TorchShapeException">Training on an input with a single value per channel.</exception>
            public static Tensor batch_norm(Tensor input, Tensor? running_mean, Tensor? running_var, Tensor? weight = null, Tensor? bias = null, bool training = false, double momentum = 0.1, double eps = 1e-5)
            {
                if (training) VerifyBatchSize("batch_norm", input.shape, input.shape);
                var result = NativeMethods.kn_nn_batch_norm(input.Handle, Tensor.HandleOrZero(running_mean), Tensor.HandleOrZero(running_var),
                    Tensor.HandleOrZero(weight), Tensor.HandleOrZero(bias), training ? 1 : 0, momentum, eps);
                GC.KeepAlive(running_var);
                GC.KeepAlive(bias);
                return Tensor.Wrap(result, "batch_norm", input, running_mean, weight);
            }

            /// <summary>
            /// Instance normalization: each channel of each sample normalized over its spatial positions. Running statistics,
            /// when given, are updated as in <see cref="batch_norm"/>; with <paramref name="use_input_stats"/> false they are used instead.
            /// </summary>
            public static Tensor instance_norm(Tensor input, Tensor? running_mean = null, Tensor? running_var = null, Tensor? weight = null, Tensor? bias = null, bool use_input_stats = true, double momentum = 0.1, double eps = 1e-5)
            {
                if (use_input_stats)
                {
                    var shape = input.shape;
                    long spatial = 1;
                    for (var i = 2; i < shape.Length; i++) spatial *= shape[i];
                    if (spatial == 1)
                        throw new TorchShapeException(
                            $"instance_norm: expected more than 1 spatial element per channel when using input statistics; received input shape {Shape.Format(shape)}.", "instance_norm");
                }
                var result = NativeMethods.kn_nn_instance_norm(input.Handle, Tensor.HandleOrZero(running_mean), Tensor.HandleOrZero(running_var),
                    Tensor.HandleOrZero(weight), Tensor.HandleOrZero(bias), use_input_stats ? 1 : 0, momentum, eps);
                GC.KeepAlive(running_var);
                GC.KeepAlive(bias);
                return Tensor.Wrap(result, "instance_norm", input, running_mean, weight);
            }

            /// <summary>
            /// Layer normalization over the last dimensions, whose sizes are <paramref name="normalized_shape"/>;
            /// <paramref name="weight"/> and <paramref name="bias"/>, when given, have that shape.
            /// </summary>
            public static unsafe Tensor layer_norm(Tensor input, long[] normalized_shape, Tensor? weight = null, Tensor? bias = null, double eps = 1e-5)
            {
                ArgumentNullException.ThrowIfNull(normalized_shape);
                fixed (long* s = normalized_shape)
                    return Tensor.Wrap(NativeMethods.kn_nn_layer_norm(input.Handle, s, normalized_shape.Length, Tensor.HandleOrZero(weight), Tensor.HandleOrZero(bias), eps),
                        "layer_norm", input, weight, bias);
            }

            /// <summary>Layer normalization over the last dimension, of size <paramref name="normalized_shape"/>.</summary>
            public static Tensor layer_norm(Tensor input, long normalized_shape, Tensor? weight = null, Tensor? bias = null, double eps = 1e-5) =>
                layer_norm(input, new[] { normalized_shape }, weight, bias, eps);

            /// <summary>
            /// Group normalization: the channels of (batch, channels, ...) split into <paramref name="num_groups"/> groups, each
            /// normalized over its channels and spatial positions; <paramref name="weight"/> and <paramref name="bias"/> are per channel.
            /// </summary>
            public static Tensor group_norm(Tensor input, long num_groups, Tensor? weight = null, Tensor? bias = null, double eps = 1e-5)
            {
                if (num_groups <= 0)
                    throw new ArgumentOutOfRangeException(nameof(num_groups), num_groups, "group_norm: num_groups must be positive.");
                var shape = input.shape;
                if (shape.Length >= 2)
                {
                    var grouped = new long[shape.Length];
                    grouped[0] = shape[0] * shape[1] / num_groups;
                    grouped[1] = num_groups;
                    Array.Copy(shape, 2, grouped, 2, shape.Length - 2);
                    VerifyBatchSize("group_norm", grouped, shape);
                }
                return Tensor.Wrap(NativeMethods.kn_nn_group_norm(input.Handle, num_groups, Tensor.HandleOrZero(weight), Tensor.HandleOrZero(bias), eps),
                    "group_norm", input, weight, bias);
            }

            /// <summary>
            /// Lp normalization along <paramref name="dim"/>: each vector v becomes v / max(‖v‖p, <paramref name="eps"/>).
            /// </summary>
            public static Tensor normalize(Tensor input, double p = 2.0, long dim = 1, double eps = 1e-12)
            {
                using var norm = input.norm(p, new[] { dim }, keepdim: true);
                using var denominator = norm.clamp(min: eps);
                return input / denominator;
            }

            // Statistics over one value per channel are meaningless (zero variance): PyTorch refuses them when training.
            private static void VerifyBatchSize(string op, long[] size, long[] inputShape)
            {
                if (size.Length < 2) return;
                var values = size[0];
                for (var i = 2; i < size.Length; i++) values *= size[i];
                if (values == 1)
                    throw new TorchShapeException(
                        $"{op}: expected more than 1 value per channel when training; received input shape {Shape.Format(inputShape)}. " +
                        "Use a batch of more than one sample, or training: false.", op);
            }
        }
    }
}
