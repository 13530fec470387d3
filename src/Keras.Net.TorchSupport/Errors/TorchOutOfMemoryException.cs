namespace KerasNet.TorchSupport;

/// <summary>Memory (host or device) ran out.</summary>
public sealed class TorchOutOfMemoryException : TorchException
{
    /// <summary>Creates the exception.</summary>
    public TorchOutOfMemoryException(string message, string? op = null, Exception? inner = null) : base(message, op, inner) { }
}
