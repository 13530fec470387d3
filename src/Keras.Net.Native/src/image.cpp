// Image decoding: JPEG through libjpeg-turbo's TurboJPEG API, PNG through libpng. Each format has an `info` call
// (dimensions and natural channel count from the header) and a `decode` call that writes interleaved 8-bit pixels
// (rows top to bottom, HWC) into a buffer the caller allocated from the info. Channel conversions, EXIF orientation
// and every decision about what to accept live in C# (Image/ImageDecoder.cs).
//
// Neither library may end the process: TurboJPEG reports errors through return values (its libjpeg error manager
// longjmps internally), and libpng gets an error handler that longjmps back to the setjmp in png_decode_impl, which
// therefore holds only plain C data (no C++ object may live across a longjmp).
#include "common.h"

#include <png.h>
#include <turbojpeg.h>

#include <csetjmp>
#include <cstdio>
#include <cstring>

namespace {

// ---- JPEG ----

// One decompressor per thread, reused while calls succeed. TurboJPEG does not reset a handle's libjpeg state after
// an error, so a handle that failed (or warned) is destroyed and the next call starts from a fresh one.
struct Decompressor {
  tjhandle handle = nullptr;
  ~Decompressor() { reset(); }
  tjhandle get() {
    if (!handle) handle = tjInitDecompress();
    return handle;
  }
  void reset() {
    if (handle) tjDestroy(handle);
    handle = nullptr;
  }
};
thread_local Decompressor decompressor;

int32_t jpeg_fail(tjhandle handle, const char* what) {
  std::string message = std::string(what) + ": " + (handle ? tjGetErrorStr2(handle) : tjGetErrorStr2(nullptr));
  kn_set_error(KN_ERR_VALUE, message.c_str());
  decompressor.reset();
  return -1;
}

// ---- PNG ----

struct PngSource {
  const uint8_t* data;
  size_t length;
  size_t offset;
};

struct PngError {
  char message[256];
};

void png_read_from_memory(png_structp png, png_bytep out, png_size_t count) {
  auto* source = static_cast<PngSource*>(png_get_io_ptr(png));
  if (count > source->length - source->offset) png_error(png, "unexpected end of data (the file is truncated)");
  std::memcpy(out, source->data + source->offset, count);
  source->offset += count;
}

void png_on_error(png_structp png, png_const_charp message) {
  auto* error = static_cast<PngError*>(png_get_error_ptr(png));
  std::snprintf(error->message, sizeof(error->message), "%s", message ? message : "unknown libpng error");
  png_longjmp(png, 1);
}

void png_on_warning(png_structp, png_const_charp) {}  // warnings (e.g. a bad ancillary chunk) are not errors

// Reads the header and sets the transformations that give 8-bit gray, gray+alpha, RGB or RGBA; with `out` set,
// also decodes into it (checking the caller's dimensions). Returns 0, or -1 with the message in `error`.
int png_decode_impl(const uint8_t* data, int64_t length, int32_t* width, int32_t* height, int32_t* channels,
                    uint8_t* out, int64_t capacity, PngError* error) {
  PngSource source{data, static_cast<size_t>(length), 0};
  png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, error, png_on_error, png_on_warning);
  if (!png) {
    std::snprintf(error->message, sizeof(error->message), "libpng could not allocate its reader");
    return -1;
  }
  png_infop info = png_create_info_struct(png);
  if (!info) {
    png_destroy_read_struct(&png, nullptr, nullptr);
    std::snprintf(error->message, sizeof(error->message), "libpng could not allocate its info structure");
    return -1;
  }
  if (setjmp(png_jmpbuf(png))) {
    png_destroy_read_struct(&png, &info, nullptr);
    return -1;
  }
  if (length < 8 || png_sig_cmp(data, 0, 8) != 0) png_error(png, "not a PNG file (bad signature)");
  png_set_read_fn(png, &source, png_read_from_memory);
  png_read_info(png, info);

  const png_byte color_type = png_get_color_type(png, info);
  const png_byte bit_depth = png_get_bit_depth(png, info);
  if (color_type == PNG_COLOR_TYPE_PALETTE) png_set_palette_to_rgb(png);
  if (color_type == PNG_COLOR_TYPE_GRAY && bit_depth < 8) png_set_expand_gray_1_2_4_to_8(png);
  if (png_get_valid(png, info, PNG_INFO_tRNS)) png_set_tRNS_to_alpha(png);
  if (bit_depth == 16) png_set_strip_16(png);  // the high byte of each sample
  const int passes = png_set_interlace_handling(png);
  png_read_update_info(png, info);

  const png_uint_32 w = png_get_image_width(png, info);
  const png_uint_32 h = png_get_image_height(png, info);
  const int c = png_get_channels(png, info);
  if (w > 0x7fffffffu || h > 0x7fffffffu) png_error(png, "image dimensions exceed 2^31 - 1");
  if (png_get_rowbytes(png, info) != static_cast<size_t>(w) * static_cast<size_t>(c))
    png_error(png, "unexpected row size after conversion to 8 bits per sample");

  if (out == nullptr) {
    *width = static_cast<int32_t>(w);
    *height = static_cast<int32_t>(h);
    *channels = c;
  } else {
    if (*width != static_cast<int32_t>(w) || *height != static_cast<int32_t>(h) || *channels != c ||
        capacity < static_cast<int64_t>(w) * static_cast<int64_t>(h) * c)
      png_error(png, "the output buffer does not match the image (dimensions changed between info and decode)");
    const size_t stride = static_cast<size_t>(w) * static_cast<size_t>(c);
    for (int pass = 0; pass < passes; ++pass)
      for (png_uint_32 y = 0; y < h; ++y) png_read_row(png, out + y * stride, nullptr);
  }
  png_destroy_read_struct(&png, &info, nullptr);
  return 0;
}

int32_t png_call(const uint8_t* data, int64_t length, int32_t* width, int32_t* height, int32_t* channels, uint8_t* out,
                 int64_t capacity) {
  PngError error{};
  if (png_decode_impl(data, length, width, height, channels, out, capacity, &error) != 0) {
    kn_set_error(KN_ERR_VALUE, error.message);
    return -1;
  }
  return 0;
}

}  // namespace

// Reads a JPEG header: dimensions and natural channel count (1 grayscale, 3 colour, 4 CMYK/YCCK). 0 or -1.
KN_API int32_t kn_image_jpeg_info(const uint8_t* data, int64_t length, int32_t* width, int32_t* height, int32_t* channels) {
  KN_GUARD(-1, {
    tjhandle handle = decompressor.get();
    if (!handle) return jpeg_fail(nullptr, "TurboJPEG could not create a decompressor");
    int w = 0, h = 0, subsampling = 0, colorspace = 0;
    if (tjDecompressHeader3(handle, data, static_cast<unsigned long>(length), &w, &h, &subsampling, &colorspace) != 0)
      return jpeg_fail(handle, "reading the JPEG header");
    *width = w;
    *height = h;
    *channels = colorspace == TJCS_GRAY ? 1 : (colorspace == TJCS_CMYK || colorspace == TJCS_YCCK) ? 4 : 3;
    return 0;
  })
}

// Decodes a JPEG into `out` (width * height * channels bytes): channels 1 = gray, 3 = RGB, 4 = CMYK as stored.
// Returns 0; 1 when libjpeg-turbo completed with a warning (the message is left in the last-error slot for the
// caller to judge, e.g. "Premature end of JPEG file"); -1 on error. Accurate DCT and fancy upsampling (libjpeg's
// defaults, as PIL uses); progressive images are limited to 500 scans.
KN_API int32_t kn_image_jpeg_decode(const uint8_t* data, int64_t length, uint8_t* out, int64_t capacity, int32_t width,
                                    int32_t height, int32_t channels) {
  KN_GUARD(-1, {
    tjhandle handle = decompressor.get();
    if (!handle) return jpeg_fail(nullptr, "TurboJPEG could not create a decompressor");
    const int format = channels == 1 ? TJPF_GRAY : channels == 3 ? TJPF_RGB : channels == 4 ? TJPF_CMYK : -1;
    if (format < 0) {
      kn_set_error(KN_ERR_VALUE, "JPEG decode: channels must be 1, 3 or 4");
      return -1;
    }
    if (capacity < static_cast<int64_t>(width) * height * channels) {
      kn_set_error(KN_ERR_VALUE, "JPEG decode: the output buffer is too small");
      return -1;
    }
    if (tjDecompress2(handle, data, static_cast<unsigned long>(length), out, width, width * channels, height, format,
                      TJFLAG_LIMITSCANS) != 0) {
      if (tjGetErrorCode(handle) == TJERR_WARNING) {
        kn_set_error(KN_ERR_VALUE, tjGetErrorStr2(handle));
        decompressor.reset();
        return 1;
      }
      return jpeg_fail(handle, "decoding the JPEG data");
    }
    return 0;
  })
}

// Reads a PNG header: dimensions and the channel count after conversion to 8 bits per sample (palette to RGB,
// transparency to alpha): 1 gray, 2 gray+alpha, 3 RGB, 4 RGBA. 0 or -1.
KN_API int32_t kn_image_png_info(const uint8_t* data, int64_t length, int32_t* width, int32_t* height, int32_t* channels) {
  KN_GUARD(-1, return png_call(data, length, width, height, channels, nullptr, 0);)
}

// Decodes a PNG into `out` (width * height * channels bytes, as given by kn_image_png_info). 16-bit samples keep
// their high byte. 0 or -1.
KN_API int32_t kn_image_png_decode(const uint8_t* data, int64_t length, uint8_t* out, int64_t capacity, int32_t width,
                                   int32_t height, int32_t channels) {
  KN_GUARD(-1, {
    int32_t w = width, h = height, c = channels;
    return png_call(data, length, &w, &h, &c, out, capacity);
  })
}
