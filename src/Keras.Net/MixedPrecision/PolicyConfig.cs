using KerasNet.Serialization;

namespace KerasNet.MixedPrecision;

/// <summary>
/// The <c>dtype</c> key of a layer config. Layer constructors do not take a policy (it is the settable
/// <see cref="Layer.DtypePolicy"/>), so <see cref="KerasRegistry"/> takes the key out before matching the config to a
/// constructor and sets the policy on the new layer, before it is built.
/// </summary>
internal static class PolicyConfig
{
    /// <summary>The config key, as Keras's.</summary>
    internal const string Key = "dtype";

    /// <summary>
    /// Splits the policy out of a layer's config; other types, and constructors that take a <c>dtype</c> themselves,
    /// keep the config as it is.
    /// </summary>
    internal static IReadOnlyDictionary<string, object?> Split(Type type, IReadOnlyDictionary<string, object?> config, out DTypePolicy? policy)
    {
        policy = null;
        if (!typeof(Layer).IsAssignableFrom(type) || !config.TryGetValue(Key, out var value)) return config;
        if (type.GetConstructors().Any(c => c.GetParameters().Any(p => p.Name == Key))) return config;
        try
        {
            policy = DTypePolicy.FromConfigValue(value);
        }
        catch (ArgumentException e)
        {
            throw new KerasSerializationException($"{type.Name}: {e.Message}", e);
        }
        return config.Where(p => p.Key != Key).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
    }

    /// <summary>Sets <paramref name="policy"/> (if any) on the layer just created from a config.</summary>
    internal static object Apply(object created, DTypePolicy? policy)
    {
        if (policy is not null && created is Layer layer) layer.DtypePolicy = policy;
        return created;
    }
}
