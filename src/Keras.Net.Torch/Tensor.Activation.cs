using KerasNet.Torch.Interop;

namespace KerasNet.Torch;

// Activation methods on Tensor, over src/Keras.Net.Native/src/nn_activation.cpp (sigmoid and tanh are in Tensor.Math.cs).
public sealed partial class Tensor
{
    /// <summary>max(0, x).</summary>
    public Tensor relu() => Wrap(NativeMethods.kn_nn_relu(Handle), "relu", this);

    /// <summary>max(0, x), in place.</summary>
    public Tensor relu_()
    {
        Check(NativeMethods.kn_nn_relu_(Handle), "relu_", this);
        return this;
    }

    /// <summary>Softmax along <paramref name="dim"/>; with <paramref name="dtype"/> the input is cast to it first.</summary>
    public Tensor softmax(long dim, ScalarType? dtype = null) =>
        Wrap(NativeMethods.kn_nn_softmax(Handle, dim, dtype is null ? -1 : (int)dtype.Value), "softmax", this);

    /// <summary>log(softmax(x)) along <paramref name="dim"/>, computed stably; with <paramref name="dtype"/> the input is cast first.</summary>
    public Tensor log_softmax(long dim, ScalarType? dtype = null) =>
        Wrap(NativeMethods.kn_nn_log_softmax(Handle, dim, dtype is null ? -1 : (int)dtype.Value), "log_softmax", this);
}
