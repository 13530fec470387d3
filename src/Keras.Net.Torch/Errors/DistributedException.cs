namespace KerasNet.Torch;

/// <summary>
/// A torch.distributed failure: rendezvous, process-group creation or a collective. After one, the process group
/// is unusable; the usual reaction is to let the process exit and restart the job (from a backup).
/// </summary>
public class DistributedException : TorchException
{
    /// <summary>Creates the exception.</summary>
    public DistributedException(string message, string? op = null, Exception? inner = null) : base(message, op, inner) { }
}

/// <summary>
/// A rendezvous or collective did not complete within its timeout: a peer is stuck, has not started, or cannot be
/// reached (address, port or firewall).
/// </summary>
public sealed class DistributedTimeoutException : DistributedException
{
    /// <summary>Creates the exception.</summary>
    public DistributedTimeoutException(string message, string? op = null) : base(message, op) { }
}

/// <summary>A peer of the process group closed its connection in the middle of a collective (it exited or crashed).</summary>
public sealed class DistributedPeerLostException : DistributedException
{
    /// <summary>Creates the exception.</summary>
    public DistributedPeerLostException(string message, string? op = null) : base(message, op) { }
}
