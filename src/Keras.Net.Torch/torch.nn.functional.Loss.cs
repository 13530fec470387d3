using KerasNet.Torch.Interop;

namespace KerasNet.Torch;

// Losses over src/Keras.Net.Native/src/nn_loss.cpp. reduction is "mean" (the default), "sum" or "none" (one loss per
// element or sample); anything else throws ArgumentException. Input/target shape rules follow torch.nn.functional:
// the pointwise regression losses broadcast, the binary cross-entropies require equal shapes.
public static partial class torch
{
    public static partial class nn
    {
        public static partial class functional
        {
            /// <summary>
            /// Cross-entropy between the logits <paramref name="input"/> (batch, classes, ...) or (classes) and
            /// <paramref name="target"/>: either int64 class indices (batch, ...) or class probabilities of the input's shape.
            /// <paramref name="weight"/> (classes) rescales each class; targets equal to <paramref name="ignore_index"/> count
            /// neither in the loss nor in the mean's denominator (class-index targets only); <paramref name="label_smoothing"/>
            /// mixes the target with the uniform distribution.
            /// </summary>
            public static Tensor cross_entropy(Tensor input, Tensor target, Tensor? weight = null, long ignore_index = -100, string reduction = "mean", double label_smoothing = 0.0)
            {
                var code = ReductionCode(reduction, "cross_entropy");
                if (!(label_smoothing >= 0 && label_smoothing <= 1))
                    throw new ArgumentOutOfRangeException(nameof(label_smoothing), label_smoothing, "cross_entropy: label_smoothing must be between 0 and 1.");
                // libtorch reads a floating target of another shape as class indices and reports "multi-target not supported".
                if (target.is_floating_point())
                {
                    var inputShape = input.shape;
                    var targetShape = target.shape;
                    if (!inputShape.AsSpan().SequenceEqual(targetShape))
                        throw new TorchShapeException(
                            $"cross_entropy: class-probability targets must have the input's shape; received target {Shape.Format(targetShape)} " +
                            $"for input {Shape.Format(inputShape)}. For class-index targets pass an int64 tensor of shape (batch, ...).", "cross_entropy");
                }
                return Tensor.Wrap(NativeMethods.kn_nn_cross_entropy(input.Handle, target.Handle, Tensor.HandleOrZero(weight), code, ignore_index, label_smoothing),
                    "cross_entropy", input, target, weight);
            }

            /// <summary>
            /// Negative log-likelihood of the log-probabilities <paramref name="input"/> (batch, classes, ...) at the int64 class
            /// indices <paramref name="target"/> (batch, ...), with optional per-class <paramref name="weight"/> and an ignored index.
            /// </summary>
            public static Tensor nll_loss(Tensor input, Tensor target, Tensor? weight = null, long ignore_index = -100, string reduction = "mean") =>
                Tensor.Wrap(NativeMethods.kn_nn_nll_loss(input.Handle, target.Handle, Tensor.HandleOrZero(weight), ReductionCode(reduction, "nll_loss"), ignore_index),
                    "nll_loss", input, target, weight);

            /// <summary>
            /// Binary cross-entropy between probabilities <paramref name="input"/> in [0, 1] and <paramref name="target"/> of the
            /// same shape; <paramref name="weight"/> broadcasts to the target's shape. Log terms are clamped at −100, as in PyTorch.
            /// </summary>
            public static Tensor binary_cross_entropy(Tensor input, Tensor target, Tensor? weight = null, string reduction = "mean")
            {
                var code = ReductionCode(reduction, "binary_cross_entropy");
                RequireSameShape("binary_cross_entropy", input, target);
                return Tensor.Wrap(NativeMethods.kn_nn_binary_cross_entropy(input.Handle, target.Handle, Tensor.HandleOrZero(weight), code),
                    "binary_cross_entropy", input, target, weight);
            }

            /// <summary>
            /// Binary cross-entropy on logits (sigmoid and BCE fused, numerically stable). <paramref name="pos_weight"/> (broadcast
            /// along the last dimension) weights the positive term, trading recall against precision.
            /// </summary>
            public static Tensor binary_cross_entropy_with_logits(Tensor input, Tensor target, Tensor? weight = null, string reduction = "mean", Tensor? pos_weight = null)
            {
                var code = ReductionCode(reduction, "binary_cross_entropy_with_logits");
                RequireSameShape("binary_cross_entropy_with_logits", input, target);
                var result = NativeMethods.kn_nn_binary_cross_entropy_with_logits(input.Handle, target.Handle, Tensor.HandleOrZero(weight), Tensor.HandleOrZero(pos_weight), code);
                GC.KeepAlive(pos_weight);
                return Tensor.Wrap(result, "binary_cross_entropy_with_logits", input, target, weight);
            }

            /// <summary>Mean squared error (input and target broadcast against each other).</summary>
            public static Tensor mse_loss(Tensor input, Tensor target, string reduction = "mean") =>
                Tensor.Wrap(NativeMethods.kn_nn_mse_loss(input.Handle, target.Handle, ReductionCode(reduction, "mse_loss")), "mse_loss", input, target);

            /// <summary>Mean absolute error (input and target broadcast against each other).</summary>
            public static Tensor l1_loss(Tensor input, Tensor target, string reduction = "mean") =>
                Tensor.Wrap(NativeMethods.kn_nn_l1_loss(input.Handle, target.Handle, ReductionCode(reduction, "l1_loss")), "l1_loss", input, target);

            /// <summary>0.5·d²/beta where |d| &lt; <paramref name="beta"/>, |d| − 0.5·beta elsewhere (d = input − target).</summary>
            public static Tensor smooth_l1_loss(Tensor input, Tensor target, string reduction = "mean", double beta = 1.0)
            {
                if (beta < 0) throw new ArgumentOutOfRangeException(nameof(beta), beta, "smooth_l1_loss: beta must be >= 0.");
                return Tensor.Wrap(NativeMethods.kn_nn_smooth_l1_loss(input.Handle, target.Handle, ReductionCode(reduction, "smooth_l1_loss"), beta), "smooth_l1_loss", input, target);
            }

            /// <summary>0.5·d² where |d| ≤ <paramref name="delta"/>, delta·(|d| − 0.5·delta) elsewhere (d = input − target).</summary>
            public static Tensor huber_loss(Tensor input, Tensor target, string reduction = "mean", double delta = 1.0)
            {
                if (!(delta > 0)) throw new ArgumentOutOfRangeException(nameof(delta), delta, "huber_loss: delta must be > 0.");
                return Tensor.Wrap(NativeMethods.kn_nn_huber_loss(input.Handle, target.Handle, ReductionCode(reduction, "huber_loss"), delta), "huber_loss", input, target);
            }

            /// <summary>
            /// Kullback-Leibler divergence with <paramref name="input"/> the log-probabilities and <paramref name="target"/> the
            /// probabilities (log-probabilities with <paramref name="log_target"/>). Besides "mean" (over every element), "sum" and
            /// "none", reduction accepts "batchmean": the sum divided by the batch size, the mathematical KL divergence.
            /// </summary>
            public static Tensor kl_div(Tensor input, Tensor target, string reduction = "mean", bool log_target = false)
            {
                var batchmean = reduction == "batchmean";
                var code = batchmean ? 2 : ReductionCode(reduction, "kl_div");
                var result = Tensor.Wrap(NativeMethods.kn_nn_kl_div(input.Handle, target.Handle, code, log_target ? 1 : 0), "kl_div", input, target);
                if (!batchmean || input.dim() == 0) return result;
                using (result) return result.div(input.size(0));
            }

            /// <summary>
            /// Negative log-likelihood of a Poisson distribution: exp(input) − target·input with <paramref name="log_input"/>,
            /// input − target·log(input + eps) otherwise; <paramref name="full"/> adds Stirling's approximation term.
            /// </summary>
            public static Tensor poisson_nll_loss(Tensor input, Tensor target, bool log_input = true, bool full = false, double eps = 1e-8, string reduction = "mean") =>
                Tensor.Wrap(NativeMethods.kn_nn_poisson_nll_loss(input.Handle, target.Handle, log_input ? 1 : 0, full ? 1 : 0, eps, ReductionCode(reduction, "poisson_nll_loss")),
                    "poisson_nll_loss", input, target);

            /// <summary>
            /// 1 − cos(x1, x2) where target is 1, max(0, cos(x1, x2) − <paramref name="margin"/>) where target is −1;
            /// x1 and x2 are (batch, features) or (features), target (batch) or a scalar.
            /// </summary>
            public static Tensor cosine_embedding_loss(Tensor input1, Tensor input2, Tensor target, double margin = 0, string reduction = "mean") =>
                Tensor.Wrap(NativeMethods.kn_nn_cosine_embedding_loss(input1.Handle, input2.Handle, target.Handle, margin, ReductionCode(reduction, "cosine_embedding_loss")),
                    "cosine_embedding_loss", input1, input2, target);

            /// <summary>max(0, −target·(input1 − input2) + <paramref name="margin"/>), target being 1 or −1; all three of the same rank.</summary>
            public static Tensor margin_ranking_loss(Tensor input1, Tensor input2, Tensor target, double margin = 0, string reduction = "mean")
            {
                var code = ReductionCode(reduction, "margin_ranking_loss");
                if (input1.dim() != input2.dim() || input1.dim() != target.dim())
                    throw new TorchShapeException(
                        $"margin_ranking_loss: input1, input2 and target must have the same number of dimensions; received input1 {Shape.Format(input1.shape)}, " +
                        $"input2 {Shape.Format(input2.shape)}, target {Shape.Format(target.shape)}.", "margin_ranking_loss");
                return Tensor.Wrap(NativeMethods.kn_nn_margin_ranking_loss(input1.Handle, input2.Handle, target.Handle, margin, code),
                    "margin_ranking_loss", input1, input2, target);
            }

            /// <summary>x where target is 1, max(0, <paramref name="margin"/> − x) where target is −1.</summary>
            public static Tensor hinge_embedding_loss(Tensor input, Tensor target, double margin = 1.0, string reduction = "mean") =>
                Tensor.Wrap(NativeMethods.kn_nn_hinge_embedding_loss(input.Handle, target.Handle, margin, ReductionCode(reduction, "hinge_embedding_loss")),
                    "hinge_embedding_loss", input, target);

            /// <summary>Cosine of the angle between <paramref name="x1"/> and <paramref name="x2"/> along <paramref name="dim"/> (broadcasting), each norm clamped to at least <paramref name="eps"/>.</summary>
            public static Tensor cosine_similarity(Tensor x1, Tensor x2, long dim = 1, double eps = 1e-8) =>
                Tensor.Wrap(NativeMethods.kn_nn_cosine_similarity(x1.Handle, x2.Handle, dim, eps), "cosine_similarity", x1, x2);

            private static void RequireSameShape(string op, Tensor input, Tensor target)
            {
                var inputShape = input.shape;
                var targetShape = target.shape;
                if (!inputShape.AsSpan().SequenceEqual(targetShape))
                    throw new TorchShapeException(
                        $"{op}: target shape {Shape.Format(targetShape)} must equal input shape {Shape.Format(inputShape)}. " +
                        "Reshape the target (for example one value per sample and output) to the input's shape.", op);
            }
        }
    }
}
