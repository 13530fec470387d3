namespace KerasNet.TorchSupport;

/// <summary>Tensors on different devices, or a device that is not available.</summary>
public sealed class TorchDeviceException : TorchException
{
    /// <summary>Creates the exception.</summary>
    public TorchDeviceException(string message, string? op = null, Exception? inner = null) : base(message, op, inner) { }
}
