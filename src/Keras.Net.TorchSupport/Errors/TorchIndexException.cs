namespace KerasNet.TorchSupport;

/// <summary>An index or dimension outside the tensor's range.</summary>
public sealed class TorchIndexException : TorchException
{
    /// <summary>Creates the exception.</summary>
    public TorchIndexException(string message, string? op = null, Exception? inner = null) : base(message, op, inner) { }
}
