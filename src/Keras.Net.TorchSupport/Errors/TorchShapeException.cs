namespace KerasNet.TorchSupport;

/// <summary>Shapes that do not fit the op (sizes, ranks, broadcasting).</summary>
public sealed class TorchShapeException : TorchException
{
    /// <summary>Creates the exception.</summary>
    public TorchShapeException(string message, string? op = null, Exception? inner = null) : base(message, op, inner) { }
}
