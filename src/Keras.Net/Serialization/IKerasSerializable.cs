namespace KerasNet.Serialization;

/// <summary>
/// An object that describes itself as a config: a dictionary of its constructor arguments (snake_case keys, as
/// Keras), from which <see cref="KerasRegistry.FromConfig"/> builds an equal object.
/// </summary>
public interface IKerasSerializable
{
    /// <summary>The constructor arguments that recreate this object.</summary>
    Dictionary<string, object?> GetConfig();
}
