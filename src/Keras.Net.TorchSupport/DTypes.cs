
namespace KerasNet.TorchSupport;

/// <summary>Facts about element types: PyTorch's names (<c>float32</c>, <c>int64</c>...), both ways, and their kind.</summary>
public static class DTypes
{
    /// <summary>The PyTorch spelling, e.g. <c>float32</c>.</summary>
    public static string ToTorchName(this ScalarType type) => type switch
    {
        ScalarType.Byte => "uint8",
        ScalarType.Int8 => "int8",
        ScalarType.Int16 => "int16",
        ScalarType.Int32 => "int32",
        ScalarType.Int64 => "int64",
        ScalarType.Float16 => "float16",
        ScalarType.Float32 => "float32",
        ScalarType.Float64 => "float64",
        ScalarType.Bool => "bool",
        ScalarType.BFloat16 => "bfloat16",
        ScalarType.ComplexFloat32 => "complex64",
        ScalarType.ComplexFloat64 => "complex128",
        _ => type.ToString(),
    };

    /// <summary>True for float16, bfloat16, float32 and float64.</summary>
    public static bool IsFloatingPoint(this ScalarType type) =>
        type is ScalarType.Float16 or ScalarType.BFloat16 or ScalarType.Float32 or ScalarType.Float64;

    /// <summary>Parses a PyTorch or safetensors dtype name (<c>float32</c>, <c>F32</c>, <c>int64</c>, <c>I64</c>...).</summary>
    /// <exception cref="ArgumentException">The name is not one of the supported element types.</exception>
    public static ScalarType Parse(string name) => name.ToLowerInvariant() switch
    {
        "uint8" or "u8" => ScalarType.Byte,
        "int8" or "i8" => ScalarType.Int8,
        "int16" or "i16" => ScalarType.Int16,
        "int32" or "i32" => ScalarType.Int32,
        "int64" or "i64" or "long" => ScalarType.Int64,
        "float16" or "f16" or "half" => ScalarType.Float16,
        "float32" or "f32" or "float" => ScalarType.Float32,
        "float64" or "f64" or "double" => ScalarType.Float64,
        "bool" => ScalarType.Bool,
        "bfloat16" or "bf16" => ScalarType.BFloat16,
        _ => throw new ArgumentException($"Unknown dtype '{name}'. Expected one of uint8, int8, int16, int32, int64, float16, bfloat16, float32, float64, bool.", nameof(name)),
    };
}
