namespace KerasNet.TorchSupport;

/// <summary>An argument with a value the op does not accept.</summary>
public sealed class TorchArgumentException : TorchException
{
    /// <summary>Creates the exception.</summary>
    public TorchArgumentException(string message, string? op = null, Exception? inner = null) : base(message, op, inner) { }
}
