namespace KerasNet.Serialization;

/// <summary>
/// Marks a custom class (layer, initializer, regularizer, constraint, loss, metric) as allowed to be created from a
/// saved config. Loading never instantiates a type that is not built in or registered.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class KerasSerializableAttribute : Attribute
{
    /// <summary>Registers the class under <paramref name="name"/>, or under its own class name.</summary>
    public KerasSerializableAttribute(string? name = null) => Name = name;

    /// <summary>The registered name, if it differs from the class name.</summary>
    public string? Name { get; }
}
