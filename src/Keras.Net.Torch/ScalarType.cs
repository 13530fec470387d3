namespace KerasNet.Torch;

/// <summary>Element types of a tensor. The values are libtorch's <c>c10::ScalarType</c> codes.</summary>
public enum ScalarType : sbyte
{
    /// <summary>8-bit unsigned integer (torch.uint8).</summary>
    Byte = 0,
    /// <summary>8-bit signed integer (torch.int8).</summary>
    Int8 = 1,
    /// <summary>16-bit signed integer (torch.int16).</summary>
    Int16 = 2,
    /// <summary>32-bit signed integer (torch.int32).</summary>
    Int32 = 3,
    /// <summary>64-bit signed integer (torch.int64).</summary>
    Int64 = 4,
    /// <summary>IEEE half precision (torch.float16).</summary>
    Float16 = 5,
    /// <summary>32-bit float (torch.float32).</summary>
    Float32 = 6,
    /// <summary>64-bit float (torch.float64).</summary>
    Float64 = 7,
    /// <summary>Boolean (torch.bool).</summary>
    Bool = 11,
    /// <summary>Brain floating point (torch.bfloat16).</summary>
    BFloat16 = 15,
}

/// <summary>Facts about element types.</summary>
public static class ScalarTypeExtensions
{
    /// <summary>Bytes per element.</summary>
    public static int ElementSize(this ScalarType type) => type switch
    {
        ScalarType.Byte or ScalarType.Int8 or ScalarType.Bool => 1,
        ScalarType.Int16 or ScalarType.Float16 or ScalarType.BFloat16 => 2,
        ScalarType.Int32 or ScalarType.Float32 => 4,
        ScalarType.Int64 or ScalarType.Float64 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown scalar type."),
    };

    /// <summary>True for float16, bfloat16, float32 and float64.</summary>
    public static bool IsFloatingPoint(this ScalarType type) =>
        type is ScalarType.Float16 or ScalarType.BFloat16 or ScalarType.Float32 or ScalarType.Float64;

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
        _ => type.ToString(),
    };

    /// <summary>Parses a PyTorch or safetensors dtype name (<c>float32</c>, <c>F32</c>, <c>int64</c>, <c>I64</c>...).</summary>
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
