using System.Collections.Concurrent;
using KerasNet.Serialization;

namespace KerasNet;

/// <summary>Automatic unique layer names: <c>dense</c>, <c>dense_1</c>, <c>dense_2</c>... per base name, as Keras.</summary>
public static class LayerNames
{
    private static readonly ConcurrentDictionary<string, int> Counters = new(StringComparer.Ordinal);

    /// <summary>The next unique name for a layer of <paramref name="type"/>.</summary>
    public static string Next(Type type) => Next(KerasRegistry.ToSnakeCase(type.Name));

    /// <summary>The next unique name with <paramref name="prefix"/>.</summary>
    public static string Next(string prefix)
    {
        var n = Counters.AddOrUpdate(prefix, 0, (_, current) => current + 1);
        return n == 0 ? prefix : $"{prefix}_{n}";
    }

    /// <summary>Resets every counter (Keras's <c>clear_session</c>); names created afterwards start again at <c>dense</c>.</summary>
    public static void Reset() => Counters.Clear();
}
