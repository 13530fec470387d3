using System.Runtime.InteropServices;

namespace KerasNet.Torch.Interop;

// Mirrors src/Keras.Net.Native/src/optim.cpp. Tensor lists are (IntPtr* handles, int count); a null grads list means
// "each parameter's .grad".
internal static unsafe partial class NativeMethods
{
    [LibraryImport(Lib)] internal static partial int kn_optim_sgd(IntPtr* parameters, IntPtr* grads, IntPtr* momentumBuffers, int count, long step,
        double lr, double momentum, double dampening, double weightDecay, int nesterov);
    [LibraryImport(Lib)] internal static partial int kn_optim_adam(IntPtr* parameters, IntPtr* grads, IntPtr* expAvgs, IntPtr* expAvgSqs,
        IntPtr* maxExpAvgSqs, int count, long step, double lr, double beta1, double beta2, double eps, double weightDecay, int amsgrad, int decoupled);
    [LibraryImport(Lib)] internal static partial int kn_optim_adamax(IntPtr* parameters, IntPtr* grads, IntPtr* expAvgs, IntPtr* expInfs, int count,
        long step, double lr, double beta1, double beta2, double eps, double weightDecay);
    [LibraryImport(Lib)] internal static partial int kn_optim_nadam(IntPtr* parameters, IntPtr* grads, IntPtr* expAvgs, IntPtr* expAvgSqs, int count,
        long step, double* muProduct, double lr, double beta1, double beta2, double eps, double weightDecay, double momentumDecay);
    [LibraryImport(Lib)] internal static partial int kn_optim_rmsprop(IntPtr* parameters, IntPtr* grads, IntPtr* squareAvgs, IntPtr* gradAvgs,
        IntPtr* momentumBuffers, int count, double lr, double alpha, double eps, double weightDecay, double momentum, int centered);
    [LibraryImport(Lib)] internal static partial int kn_optim_adagrad(IntPtr* parameters, IntPtr* grads, IntPtr* stateSums, int count, long step,
        double lr, double lrDecay, double weightDecay, double eps);
    [LibraryImport(Lib)] internal static partial int kn_optim_adadelta(IntPtr* parameters, IntPtr* grads, IntPtr* squareAvgs, IntPtr* accDeltas,
        int count, double lr, double rho, double eps, double weightDecay);
    [LibraryImport(Lib)] internal static partial int kn_optim_lion(IntPtr* parameters, IntPtr* grads, IntPtr* expAvgs, int count, double lr,
        double beta1, double beta2, double weightDecay);
    [LibraryImport(Lib)] internal static partial IntPtr kn_global_norm(IntPtr* tensors, int count, double normType, int useGrad);
    [LibraryImport(Lib)] internal static partial IntPtr kn_clip_grad_norm_(IntPtr* tensors, int count, double maxNorm, double normType,
        int errorIfNonfinite, int useGrad);
    [LibraryImport(Lib)] internal static partial int kn_clip_grad_value_(IntPtr* tensors, int count, double clipValue, int useGrad);
}
