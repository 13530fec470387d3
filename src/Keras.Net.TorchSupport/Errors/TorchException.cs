namespace KerasNet.TorchSupport;

/// <summary>
/// A failure reported by libtorch (through TorchSharp, see <see cref="TorchErrors.Translate"/>) or found by our own
/// checks. The message names the op or layer, the input shapes and dtypes, and carries libtorch's own explanation.
/// </summary>
public class TorchException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TorchException(string message, string? op = null, Exception? inner = null) : base(message, inner) => Op = op;

    /// <summary>The op that failed (e.g. <c>conv2d</c>), when known.</summary>
    public string? Op { get; }
}
