namespace KerasNet.TorchSupport;

/// <summary>
/// A failure reported by libtorch or by the binding. The message names the op, the input shapes and dtypes,
/// and carries libtorch's own explanation.
/// </summary>
public class TorchException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TorchException(string message, string? op = null, Exception? inner = null) : base(message, inner) => Op = op;

    /// <summary>The op that failed (e.g. <c>conv2d</c>), when known.</summary>
    public string? Op { get; }
}

/// <summary>Shapes that do not fit the op (sizes, ranks, broadcasting).</summary>
public sealed class TorchShapeException : TorchException
{
    /// <summary>Creates the exception.</summary>
    public TorchShapeException(string message, string? op = null) : base(message, op) { }
}

/// <summary>An element type the op does not accept, or two that do not go together.</summary>
public sealed class TorchDTypeException : TorchException
{
    /// <summary>Creates the exception.</summary>
    public TorchDTypeException(string message, string? op = null) : base(message, op) { }
}

/// <summary>Tensors on different devices, or a device that is not available.</summary>
public sealed class TorchDeviceException : TorchException
{
    /// <summary>Creates the exception.</summary>
    public TorchDeviceException(string message, string? op = null) : base(message, op) { }
}

/// <summary>An index or dimension outside the tensor's range.</summary>
public sealed class TorchIndexException : TorchException
{
    /// <summary>Creates the exception.</summary>
    public TorchIndexException(string message, string? op = null) : base(message, op) { }
}

/// <summary>Memory (host or device) ran out.</summary>
public sealed class TorchOutOfMemoryException : TorchException
{
    /// <summary>Creates the exception.</summary>
    public TorchOutOfMemoryException(string message, string? op = null) : base(message, op) { }
}

/// <summary>An argument with a value the op does not accept.</summary>
public sealed class TorchArgumentException : TorchException
{
    /// <summary>Creates the exception.</summary>
    public TorchArgumentException(string message, string? op = null) : base(message, op) { }
}

/// <summary>A file (safetensors, weights) that is truncated, corrupt or of another format.</summary>
public class TorchFormatException : TorchException
{
    /// <summary>Creates the exception.</summary>
    public TorchFormatException(string message, string? op = null, Exception? inner = null) : base(message, op, inner) { }
}
