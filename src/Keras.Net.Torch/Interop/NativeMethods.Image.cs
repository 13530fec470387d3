using System.Runtime.InteropServices;

namespace KerasNet.Torch.Interop;

internal static unsafe partial class NativeMethods
{
    [LibraryImport(Lib)] internal static partial int kn_image_jpeg_info(byte* data, long length, int* width, int* height, int* channels);
    [LibraryImport(Lib)] internal static partial int kn_image_jpeg_decode(byte* data, long length, byte* output, long capacity, int width, int height, int channels);
    [LibraryImport(Lib)] internal static partial int kn_image_png_info(byte* data, long length, int* width, int* height, int* channels);
    [LibraryImport(Lib)] internal static partial int kn_image_png_decode(byte* data, long length, byte* output, long capacity, int width, int height, int channels);
}
