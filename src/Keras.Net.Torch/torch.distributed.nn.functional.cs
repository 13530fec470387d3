using KerasNet.Torch.Distributed;
using KerasNet.Torch.Interop;

namespace KerasNet.Torch;

#pragma warning disable IDE1006 // lower-case names follow PyTorch on purpose
public static partial class torch
{
    public static partial class distributed
    {
        /// <summary>torch.distributed.nn: collectives that autograd records, so gradients flow back across processes.</summary>
        public static partial class nn
        {
            /// <summary>
            /// Differentiable collectives (PyTorch's <c>torch.distributed.nn.functional</c>). Unlike
            /// <see cref="distributed.all_reduce"/>, they return a new tensor and leave the input untouched.
            /// </summary>
            public static partial class functional
            {
                /// <summary>
                /// The reduction of <paramref name="tensor"/> over the group, on every rank, as a new tensor that autograd
                /// records: in backward, the incoming gradients are all-reduced (summed) over the same group, so each
                /// rank's input receives the sum of every rank's gradient of the result. Every rank must call it, and later
                /// run backward through it, in the same order; a lost peer or a timeout raises a
                /// <see cref="DistributedException"/> in the forward call or in <see cref="Tensor.backward"/>.
                /// </summary>
                /// <param name="tensor">The tensor to reduce (same shape and dtype on every rank).</param>
                /// <param name="op"><see cref="ReduceOp.SUM"/> (default) or <see cref="ReduceOp.AVG"/> (the sum divided by
                /// the world size; floating tensors).</param>
                /// <param name="group">The process group (default: the default group).</param>
                /// <param name="timeout">Bounds the forward and the backward collective (default: the group's timeout).</param>
                /// <returns>A new tensor: the reduction over the group.</returns>
                public static Tensor all_reduce(Tensor tensor, ReduceOp op = ReduceOp.SUM, ProcessGroup? group = null, TimeSpan? timeout = null)
                {
                    ArgumentNullException.ThrowIfNull(tensor);
                    if (op is not (ReduceOp.SUM or ReduceOp.AVG))
                        throw new ArgumentOutOfRangeException(nameof(op), op,
                            $"torch.distributed.nn.functional.all_reduce: op must be SUM or AVG (the differentiable reductions here); received {op}. " +
                            "Use torch.distributed.all_reduce for PRODUCT, MIN or MAX without gradients.");
                    if (op == ReduceOp.AVG && !tensor.is_floating_point())
                        throw new TorchDTypeException(
                            $"torch.distributed.nn.functional.all_reduce: AVG needs a floating tensor; received {tensor.dtype.ToTorchName()}. Use SUM, or convert the tensor first.",
                            "all_reduce");
                    var g = group ?? group_WORLD;
                    var result = NativeMethods.kn_dist_nn_all_reduce_sum(g.Handle, tensor.Handle, g.TimeoutMs(timeout, "nn.functional.all_reduce"));
                    GC.KeepAlive(tensor);
                    if (result == IntPtr.Zero)
                        throw DistributedError.FromNative("nn.functional.all_reduce",
                            $"rank {g.Rank} of {g.WorldSize}, {tensor.dtype.ToTorchName()}{Shape.Format(tensor.shape)}");
                    var sum = new Tensor(result);
                    if (op == ReduceOp.SUM) return sum;
                    using (sum) return sum.div(g.WorldSize);
                }
            }
        }
    }
}
