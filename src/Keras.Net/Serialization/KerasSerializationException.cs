namespace KerasNet.Serialization;

/// <summary>A config or saved file that cannot be turned back into objects.</summary>
public sealed class KerasSerializationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public KerasSerializationException(string message, Exception? inner = null) : base(message, inner) { }
}
