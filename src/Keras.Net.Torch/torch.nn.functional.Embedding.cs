using KerasNet.Torch.Interop;

namespace KerasNet.Torch;

// Embeddings ("sparse functions" in PyTorch's documentation) over src/Keras.Net.Native/src/nn_norm.cpp.
public static partial class torch
{
    public static partial class nn
    {
        public static partial class functional
        {
            /// <summary>
            /// Looks up rows of <paramref name="weight"/> (num_embeddings, embedding_dim) for the integer indices in
            /// <paramref name="input"/>; the result has shape input.shape + (embedding_dim). The row at <paramref name="padding_idx"/>
            /// (negative counts from the end) receives no gradient. PyTorch's max_norm renormalization is not offered.
            /// </summary>
            public static Tensor embedding(Tensor input, Tensor weight, long? padding_idx = null, bool scale_grad_by_freq = false, bool sparse = false)
            {
                long padding = -1;
                if (padding_idx is { } index)
                {
                    var rows = weight.size(0);
                    if (index >= rows || index < -rows)
                        throw new ArgumentOutOfRangeException(nameof(padding_idx), index,
                            $"embedding: padding_idx must be within the {rows} embeddings (-{rows} to {rows - 1}); received {index}.");
                    padding = index < 0 ? rows + index : index;
                }
                return Tensor.Wrap(NativeMethods.kn_nn_embedding(weight.Handle, input.Handle, padding, scale_grad_by_freq ? 1 : 0, sparse ? 1 : 0),
                    "embedding", input, weight);
            }

            /// <summary>
            /// One-hot encoding of an int64 tensor: shape tensor.shape + (num_classes), with a 1 at each value's position.
            /// With <paramref name="num_classes"/> = -1 the number of classes is the largest value plus one.
            /// </summary>
            public static Tensor one_hot(Tensor tensor, long num_classes = -1) =>
                Tensor.Wrap(NativeMethods.kn_nn_one_hot(tensor.Handle, num_classes), "one_hot", tensor);
        }
    }
}
