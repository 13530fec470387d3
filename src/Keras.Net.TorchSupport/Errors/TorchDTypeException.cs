namespace KerasNet.TorchSupport;

/// <summary>An element type the op does not accept, or two that do not go together.</summary>
public sealed class TorchDTypeException : TorchException
{
    /// <summary>Creates the exception.</summary>
    public TorchDTypeException(string message, string? op = null, Exception? inner = null) : base(message, op, inner) { }
}
