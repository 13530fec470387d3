namespace KerasNet.TorchSupport;

/// <summary>A file (safetensors, weights) that is truncated, corrupt or of another format.</summary>
public class TorchFormatException : TorchException
{
    /// <summary>Creates the exception.</summary>
    public TorchFormatException(string message, string? op = null, Exception? inner = null) : base(message, op, inner) { }
}
