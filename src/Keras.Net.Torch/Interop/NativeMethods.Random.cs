using System.Runtime.InteropServices;

namespace KerasNet.Torch.Interop;

internal static unsafe partial class NativeMethods
{
    [LibraryImport(Lib)] internal static partial IntPtr kn_generator_new(ulong seed);
    [LibraryImport(Lib)] internal static partial void kn_generator_free(IntPtr generator);
    [LibraryImport(Lib)] internal static partial int kn_generator_manual_seed(IntPtr generator, ulong seed);
    [LibraryImport(Lib)] internal static partial ulong kn_generator_initial_seed(IntPtr generator);
    [LibraryImport(Lib)] internal static partial IntPtr kn_generator_get_state(IntPtr generator);
    [LibraryImport(Lib)] internal static partial int kn_generator_set_state(IntPtr generator, IntPtr state);
    [LibraryImport(Lib)] internal static partial IntPtr kn_rand(long* shape, int ndim, IntPtr generator, int dtype, int deviceType, int deviceIndex, int requiresGrad);
    [LibraryImport(Lib)] internal static partial IntPtr kn_randn(long* shape, int ndim, IntPtr generator, int dtype, int deviceType, int deviceIndex, int requiresGrad);
    [LibraryImport(Lib)] internal static partial IntPtr kn_randint(long low, long high, long* shape, int ndim, IntPtr generator, int dtype, int deviceType, int deviceIndex);
    [LibraryImport(Lib)] internal static partial IntPtr kn_randperm(long n, IntPtr generator, int dtype, int deviceType, int deviceIndex);
    [LibraryImport(Lib)] internal static partial IntPtr kn_normal(double mean, double std, long* shape, int ndim, IntPtr generator, int dtype, int deviceType, int deviceIndex);
    [LibraryImport(Lib)] internal static partial IntPtr kn_bernoulli(IntPtr probabilities, IntPtr generator);
    [LibraryImport(Lib)] internal static partial int kn_uniform_(IntPtr t, double from, double to, IntPtr generator);
    [LibraryImport(Lib)] internal static partial int kn_normal_(IntPtr t, double mean, double std, IntPtr generator);
    [LibraryImport(Lib)] internal static partial int kn_bernoulli_(IntPtr t, double p, IntPtr generator);
}
