using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using System.Text.Json;

namespace KerasNet.Serialization;

/// <summary>
/// Maps class names to types and builds objects from configs by matching config keys to constructor parameters
/// (<c>kernel_size</c> ↔ <c>kernelSize</c>). Built-in Keras.Net types are registered automatically; user types
/// need <see cref="KerasSerializableAttribute"/> or <see cref="Register{T}"/>.
/// </summary>
public static class KerasRegistry
{
    // One name can stand for one type per family (a loss and a metric are both called MeanSquaredError).
    private static readonly ConcurrentDictionary<string, Type[]> Types = new(StringComparer.Ordinal);
    private static readonly Lazy<bool> BuiltIns = new(LoadBuiltIns, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Registers <typeparamref name="T"/> under <paramref name="name"/> (its class name by default).</summary>
    public static void Register<T>(string? name = null) where T : IKerasSerializable => Register(typeof(T), name);

    /// <summary>Registers a type under <paramref name="name"/> (its class name by default).</summary>
    public static void Register(Type type, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (!typeof(IKerasSerializable).IsAssignableFrom(type) || type.IsAbstract)
            throw new ArgumentException($"{type.FullName} cannot be registered: it must be a concrete class implementing IKerasSerializable.", nameof(type));
        Add(name ?? type.Name, type, replace: true);
    }

    /// <summary>Files <paramref name="type"/> under <paramref name="name"/>, replacing (or, for built-ins, keeping) a type of the same family.</summary>
    private static void Add(string name, Type type, bool replace) =>
        Types.AddOrUpdate(name, _ => new[] { type }, (_, existing) =>
        {
            var sameFamily = existing.Where(t => Family(t) == Family(type)).ToArray();
            if (sameFamily.Length > 0 && !replace) return existing;
            return existing.Except(sameFamily).Append(type).ToArray();
        });

    /// <summary>The root base class of a serializable type (Layer, Loss, Metric, Initializer...).</summary>
    private static Type Family(Type type)
    {
        while (type.BaseType is { } parent && parent != typeof(object)) type = parent;
        return type;
    }

    /// <summary>Registers every type of <paramref name="assembly"/> marked with <see cref="KerasSerializableAttribute"/>.</summary>
    public static void RegisterAssembly(Assembly assembly)
    {
        foreach (var type in assembly.GetTypes())
            if (type.GetCustomAttribute<KerasSerializableAttribute>() is { } attribute)
                Register(type, attribute.Name);
    }

    /// <summary>The type registered under <paramref name="className"/> (the first one, when several families use the name).</summary>
    public static Type Resolve(string className) => Resolve(className, typeof(object));

    /// <summary>The type registered under <paramref name="className"/> that is a <paramref name="expected"/>, or the first one registered under it.</summary>
    private static Type Resolve(string className, Type expected)
    {
        EnsureBuiltIns();
        if (Types.TryGetValue(className, out var types)) return types.FirstOrDefault(expected.IsAssignableFrom) ?? types[0];
        throw new KerasSerializationException(
            $"Unknown class '{className}'. Only built-in and registered types can be created from a config: mark a custom class " +
            $"with [KerasSerializable] (then call KerasRegistry.RegisterAssembly) or call KerasRegistry.Register<{className}>().");
    }

    /// <summary>Creates an object of the registered class from its config.</summary>
    public static T FromConfig<T>(string className, IReadOnlyDictionary<string, object?> config) where T : class
    {
        var type = Resolve(className, typeof(T));
        if (!typeof(T).IsAssignableFrom(type))
            throw new KerasSerializationException($"Class '{className}' is a {type.Name}, not a {typeof(T).Name}.");
        return (T)Create(type, config);
    }

    /// <summary>Creates an object of <paramref name="type"/> by passing config values to the best-matching public constructor.</summary>
    public static object Create(Type type, IReadOnlyDictionary<string, object?> config)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(config);
        // Models rebuild their layer graph in a static FromConfig rather than through a constructor.
        if (type.GetMethod("FromConfig", BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly, new[] { typeof(IReadOnlyDictionary<string, object?>) })
                is { } factory && type.IsAssignableFrom(factory.ReturnType))
        {
            try
            {
                return factory.Invoke(null, new object[] { config })!;
            }
            catch (TargetInvocationException e) when (e.InnerException is KerasSerializationException inner)
            {
                throw new KerasSerializationException(inner.Message, inner);
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                throw new KerasSerializationException($"{type.Name} rejected its config: {e.InnerException.Message}", e.InnerException);
            }
        }
        config = MixedPrecision.PolicyConfig.Split(type, config, out var policy);
        var keys = new HashSet<string>(config.Keys, StringComparer.Ordinal);
        var candidates = type.GetConstructors()
            .OrderByDescending(c => c.GetParameters().Length)
            .Where(c => c.GetParameters().All(p => p.HasDefaultValue || keys.Contains(ToSnakeCase(p.Name!))) &&
                        keys.All(k => c.GetParameters().Any(p => ToSnakeCase(p.Name!) == k)))
            .ToList();
        if (candidates.Count == 0)
        {
            var accepted = type.GetConstructors().SelectMany(c => c.GetParameters()).Select(p => ToSnakeCase(p.Name!)).Distinct();
            throw new KerasSerializationException(
                $"No constructor of {type.Name} takes the config keys [{string.Join(", ", keys)}]. Accepted keys: [{string.Join(", ", accepted)}].");
        }
        // Several constructors may take the same keys with different types (Lambda takes a function or its
        // registered name): the first whose parameters accept the config's values is used.
        ConstructorInfo best = candidates[0];
        object?[]? args = null;
        KerasSerializationException? firstError = null;
        foreach (var candidate in candidates)
        {
            try
            {
                args = ConvertArguments(type, candidate, config);
                best = candidate;
                break;
            }
            catch (KerasSerializationException e)
            {
                firstError ??= e;
            }
        }
        if (args is null) throw firstError!;
        try
        {
            return MixedPrecision.PolicyConfig.Apply(best.Invoke(args), policy);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw new KerasSerializationException($"{type.Name} rejected its config: {e.InnerException.Message}", e.InnerException);
        }
    }

    private static object?[] ConvertArguments(Type type, ConstructorInfo constructor, IReadOnlyDictionary<string, object?> config) =>
        constructor.GetParameters().Select(p =>
        {
            var key = ToSnakeCase(p.Name!);
            if (!config.TryGetValue(key, out var value)) return p.DefaultValue;
            try
            {
                return Convert(value, p.ParameterType);
            }
            catch (Exception e) when (e is InvalidCastException or FormatException or OverflowException or ArgumentException)
            {
                throw new KerasSerializationException($"{type.Name}: config key '{key}' holds {Describe(value)}, which cannot be converted to {p.ParameterType.Name}: {e.Message}", e);
            }
        }).ToArray();

    /// <summary>The config of a serializable object as <c>{"class_name": ..., "config": {...}}</c>.</summary>
    public static Dictionary<string, object?> Serialize(IKerasSerializable value) => new()
    {
        ["class_name"] = value.GetType().GetCustomAttribute<KerasSerializableAttribute>()?.Name ?? value.GetType().Name,
        ["config"] = value.GetConfig(),
    };

    /// <summary>The serialized form of an optional object (null stays null).</summary>
    public static Dictionary<string, object?>? SerializeOrNull(IKerasSerializable? value) => value is null ? null : Serialize(value);

    /// <summary>Builds an object from <c>{"class_name": ..., "config": {...}}</c>.</summary>
    public static T Deserialize<T>(IReadOnlyDictionary<string, object?> serialized) where T : class
    {
        if (!serialized.TryGetValue("class_name", out var className) || className is not string name)
            throw new KerasSerializationException($"A serialized {typeof(T).Name} needs a string 'class_name'; got keys [{string.Join(", ", serialized.Keys)}].");
        var config = serialized.TryGetValue("config", out var c) ? AsDictionary(c) : new Dictionary<string, object?>();
        return FromConfig<T>(name, config);
    }

    /// <summary>
    /// camelCase or PascalCase to snake_case the way Keras names things: <c>kernelSize</c> → <c>kernel_size</c>,
    /// <c>Conv2D</c> → <c>conv2d</c>, <c>BatchNormalization</c> → <c>batch_normalization</c>.
    /// </summary>
    public static string ToSnakeCase(string name)
    {
        var spaced = Regex.Replace(name, "(.)([A-Z][a-z]+)", "$1_$2");
        spaced = Regex.Replace(spaced, "([a-z])([A-Z])", "$1_$2");
        return spaced.ToLowerInvariant();
    }

    /// <summary>Converts a config value (C# object or parsed JSON) to <paramref name="target"/>.</summary>
    public static object? Convert(object? value, Type target)
    {
        if (value is JsonElement json) value = FromJson(json);
        var underlying = Nullable.GetUnderlyingType(target);
        // An optional per-dimension argument that was not given (Conv2DTranspose's output_padding) is saved as null.
        if (value is null && target == typeof(Layers.Dims)) return default(Layers.Dims);
        if (value is null)
        {
            if (!target.IsValueType || underlying is not null) return null;
            throw new InvalidCastException("null given for a non-nullable value");
        }
        target = underlying ?? target;
        if (target.IsInstanceOfType(value) && target != typeof(object)) return value;
        if (target == typeof(object)) return value;
        if (target.IsEnum)
            return value is string s ? ParseEnum(target, s) : Enum.ToObject(target, System.Convert.ToInt64(value, CultureInfo.InvariantCulture));
        if (target == typeof(string)) return System.Convert.ToString(value, CultureInfo.InvariantCulture);
        if (target.IsPrimitive || target == typeof(decimal)) return System.Convert.ChangeType(value, target, CultureInfo.InvariantCulture);
        if (target.IsArray && value is IEnumerable sequence and not string)
        {
            var element = target.GetElementType()!;
            var items = sequence.Cast<object?>().Select(v => Convert(v, element)).ToArray();
            var array = Array.CreateInstance(element, items.Length);
            for (var i = 0; i < items.Length; i++) array.SetValue(items[i], i);
            return array;
        }
        if (target == typeof(Layers.Dims))
            return value is System.Collections.IEnumerable list and not string
                ? new Layers.Dims(list.Cast<object?>().Select(v => System.Convert.ToInt64(v, CultureInfo.InvariantCulture)).ToArray())
                : new Layers.Dims(System.Convert.ToInt64(value, CultureInfo.InvariantCulture));
        if (value is string getName && target.GetMethod("Get", BindingFlags.Public | BindingFlags.Static, new[] { typeof(string) }) is { } named && target.IsAssignableFrom(named.ReturnType))
            return named.Invoke(null, new object[] { getName });
        if (typeof(IKerasSerializable).IsAssignableFrom(target))
        {
            // Either a bare name ("glorot_uniform") or {"class_name", "config"}.
            var factory = target.GetMethod("Get", BindingFlags.Public | BindingFlags.Static, new[] { typeof(string) });
            if (value is string identifier && factory is not null) return factory.Invoke(null, new object[] { identifier });
            if (value is IReadOnlyDictionary<string, object?> or IDictionary<string, object?>)
            {
                var dictionary = AsDictionary(value);
                var name = dictionary.TryGetValue("class_name", out var n) ? n as string : null;
                var config = dictionary.TryGetValue("config", out var c) ? AsDictionary(c) : new Dictionary<string, object?>();
                if (name is null) throw new InvalidCastException("a serialized object needs 'class_name'");
                var type = Resolve(name, target);
                if (!target.IsAssignableFrom(type)) throw new InvalidCastException($"'{name}' is not a {target.Name}");
                return Create(type, config);
            }
        }
        if (target == typeof(IReadOnlyDictionary<string, object?>) || target == typeof(Dictionary<string, object?>)) return AsDictionary(value);
        throw new InvalidCastException($"no conversion to {target.Name}");
    }

    private static object ParseEnum(Type target, string text)
    {
        var normalized = text.Replace("_", "", StringComparison.Ordinal);
        foreach (var name in Enum.GetNames(target))
            if (string.Equals(name, normalized, StringComparison.OrdinalIgnoreCase)) return Enum.Parse(target, name);
        throw new ArgumentException($"'{text}' is not one of {string.Join(", ", Enum.GetNames(target).Select(ToSnakeCase))}");
    }

    /// <summary>A config value as a dictionary.</summary>
    public static Dictionary<string, object?> AsDictionary(object? value) => value switch
    {
        JsonElement json => AsDictionary(FromJson(json)),
        Dictionary<string, object?> d => d,
        IReadOnlyDictionary<string, object?> r => r.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal),
        IDictionary<string, object?> m => m.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal),
        _ => throw new KerasSerializationException($"Expected a config object, got {Describe(value)}."),
    };

    /// <summary>Parsed JSON to plain values: objects to dictionaries, arrays to lists, numbers to long or double.</summary>
    public static object? FromJson(JsonElement json) => json.ValueKind switch
    {
        JsonValueKind.Object => json.EnumerateObject().ToDictionary(p => p.Name, p => FromJson(p.Value), StringComparer.Ordinal),
        JsonValueKind.Array => json.EnumerateArray().Select(FromJson).ToList(),
        JsonValueKind.String => json.GetString(),
        JsonValueKind.Number => json.TryGetInt64(out var l) ? l : json.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    private static string Describe(object? value) => value is null ? "null" : $"{value.GetType().Name} '{value}'";

    // Every caller waits until the built-ins are all in: a flag set before loading let a concurrent first caller
    // look up a name that was not registered yet.
    private static void EnsureBuiltIns() => _ = BuiltIns.Value;

    private static bool LoadBuiltIns()
    {
        foreach (var type in typeof(KerasRegistry).Assembly.GetTypes())
        {
            if (type.IsAbstract || !type.IsPublic || !typeof(IKerasSerializable).IsAssignableFrom(type)) continue;
            var name = type.GetCustomAttribute<KerasSerializableAttribute>()?.Name ?? type.Name;
            Add(name, type, replace: false);
        }
        // Keras exports its GroupedQueryAttention class as keras.layers.GroupQueryAttention, the C# type's name, under
        // which configs written before the type took Keras's class name also stay readable.
        Add(nameof(Layers.GroupQueryAttention), typeof(Layers.GroupQueryAttention), replace: false);
        return true;
    }
}
