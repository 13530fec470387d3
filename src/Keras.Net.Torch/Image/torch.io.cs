namespace KerasNet.Torch;

public static partial class torch
{
    /// <summary>Image reading and decoding, as <c>torchvision.io</c>.</summary>
    public static class io
    {
        /// <summary>
        /// Decodes a JPEG, PNG, BMP or GIF image into a uint8 tensor of shape (channels, height, width), as
        /// torchvision's <c>decode_image</c>. JPEG EXIF orientation is applied unless
        /// <paramref name="apply_exif_orientation"/> is false.
        /// </summary>
        /// <exception cref="ImageDecodeException">The data is truncated, corrupt, of another format, or too large.</exception>
        public static Tensor decode_image(byte[] data, ImageReadMode mode = ImageReadMode.Unchanged, bool apply_exif_orientation = true)
        {
            ArgumentNullException.ThrowIfNull(data);
            return ImageDecoder.Decode(data, mode, apply_exif_orientation).ToTensor(channelsFirst: true);
        }

        /// <summary>Reads and decodes the image file at <paramref name="path"/> into a (channels, height, width) uint8 tensor.</summary>
        /// <exception cref="ImageDecodeException">The file is missing, truncated, corrupt, of another format, or too large; the message names it.</exception>
        public static Tensor decode_image(string path, ImageReadMode mode = ImageReadMode.Unchanged, bool apply_exif_orientation = true) =>
            ImageDecoder.DecodeFile(path, mode, apply_exif_orientation).ToTensor(channelsFirst: true);

        /// <summary>Reads and decodes an image file, as torchvision's <c>read_image</c>: (channels, height, width) uint8.</summary>
        /// <exception cref="ImageDecodeException">The file is missing, truncated, corrupt, of another format, or too large; the message names it.</exception>
        public static Tensor read_image(string path, ImageReadMode mode = ImageReadMode.Unchanged, bool apply_exif_orientation = true) =>
            decode_image(path, mode, apply_exif_orientation);
    }
}
