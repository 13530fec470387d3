using KerasNet.Serialization;

namespace KerasNet.MixedPrecision;

/// <summary>
/// A dtype policy, as Keras's <c>keras.DTypePolicy</c>: the dtype a layer's variables are stored in
/// (<see cref="VariableDtype"/>) and the dtype its computations run in (<see cref="ComputeDtype"/>). The mixed policies
/// keep variables in float32 and compute in bfloat16 (<c>"mixed_bfloat16"</c>) or float16 (<c>"mixed_float16"</c>);
/// <c>"float32"</c> (the default), <c>"float64"</c>, <c>"bfloat16"</c> and <c>"float16"</c> use one dtype for both.
/// </summary>
/// <remarks>
/// Set the global policy with <see cref="Config.SetDtypePolicy(DTypePolicy)"/> before creating layers, or give a layer
/// its own through <see cref="Layer.DtypePolicy"/>. A string converts implicitly: <c>layer.DtypePolicy = "float32"</c>.
/// See docs/MIXED_PRECISION.md.
/// </remarks>
public sealed class DTypePolicy : IEquatable<DTypePolicy>
{
    private DTypePolicy(string name, ScalarType variableDtype, ScalarType computeDtype)
    {
        Name = name;
        VariableDtype = variableDtype;
        ComputeDtype = computeDtype;
    }

    /// <summary>The default policy: float32 variables and computations.</summary>
    public static DTypePolicy Float32 { get; } = new("float32", ScalarType.Float32, ScalarType.Float32);

    /// <summary>float32 variables, bfloat16 computations.</summary>
    public static DTypePolicy MixedBFloat16 { get; } = new("mixed_bfloat16", ScalarType.Float32, ScalarType.BFloat16);

    /// <summary>float32 variables, float16 computations (train with a <see cref="Optimizers.LossScaleOptimizer"/>).</summary>
    public static DTypePolicy MixedFloat16 { get; } = new("mixed_float16", ScalarType.Float32, ScalarType.Float16);

    /// <summary>The policy's Keras name, e.g. <c>mixed_bfloat16</c>.</summary>
    public string Name { get; }

    /// <summary>The dtype of the layer's variables (float32 for the mixed policies).</summary>
    public ScalarType VariableDtype { get; }

    /// <summary>The dtype the layer computes in and returns (bfloat16 or float16 for the mixed policies).</summary>
    public ScalarType ComputeDtype { get; }

    /// <summary>True when variables and computations use different dtypes (the <c>mixed_*</c> policies).</summary>
    public bool IsMixed => VariableDtype != ComputeDtype;

    /// <summary>
    /// The policy named <paramref name="name"/>: <c>float32</c>, <c>float64</c>, <c>float16</c>, <c>bfloat16</c>,
    /// <c>mixed_float16</c> or <c>mixed_bfloat16</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The name is none of these.</exception>
    public static DTypePolicy Get(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Trim().ToLowerInvariant() switch
        {
            "float32" => Float32,
            "mixed_bfloat16" => MixedBFloat16,
            "mixed_float16" => MixedFloat16,
            "bfloat16" => new("bfloat16", ScalarType.BFloat16, ScalarType.BFloat16),
            "float16" => new("float16", ScalarType.Float16, ScalarType.Float16),
            "float64" => new("float64", ScalarType.Float64, ScalarType.Float64),
            _ => throw new ArgumentException(
                $"Unknown dtype policy '{name}'. Expected one of float32, mixed_bfloat16, mixed_float16, bfloat16, float16, float64.", nameof(name)),
        };
    }

    /// <summary>Reads a policy from a config value: its name, or Keras 3's <c>{"class_name": "DTypePolicy", "config": {"name": ...}}</c>.</summary>
    internal static DTypePolicy FromConfigValue(object? value)
    {
        var converted = value is System.Text.Json.JsonElement json ? KerasRegistry.FromJson(json) : value;
        switch (converted)
        {
            case string name:
                return Get(name);
            case DTypePolicy policy:
                return policy;
            case IReadOnlyDictionary<string, object?> or IDictionary<string, object?>:
                var dictionary = KerasRegistry.AsDictionary(converted);
                var config = dictionary.TryGetValue("config", out var c) ? KerasRegistry.AsDictionary(c) : dictionary;
                if (config.TryGetValue("name", out var n) && KerasRegistry.Convert(n, typeof(string)) is string policyName) return Get(policyName);
                break;
        }
        throw new ArgumentException(
            $"A layer config's 'dtype' must be a policy name such as \"mixed_bfloat16\" or {{\"class_name\": \"DTypePolicy\", \"config\": {{\"name\": ...}}}}; received {converted ?? "null"}.");
    }

    /// <summary>Allows <c>layer.DtypePolicy = "mixed_bfloat16"</c>.</summary>
    public static implicit operator DTypePolicy(string name) => Get(name);

    /// <inheritdoc/>
    public bool Equals(DTypePolicy? other) => other is not null && other.Name == Name;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as DTypePolicy);

    /// <inheritdoc/>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Name);

    /// <inheritdoc/>
    public override string ToString() => $"<DTypePolicy \"{Name}\">";
}
