namespace KerasNet.TorchSupport.Mpi;

/// <summary>
/// A collective did not complete within <see cref="MpiCommunicator.Timeout"/>: some other rank never joined it (it hangs,
/// or it takes another path through the program). Raise the timeout for legitimately slow steps.
/// </summary>
public sealed class MpiTimeoutException : MpiException
{
    /// <summary>Creates the exception.</summary>
    public MpiTimeoutException(string message, string operation, int rank, TimeSpan timeout) : base(message, operation, rank) => Timeout = timeout;

    /// <summary>The timeout that elapsed.</summary>
    public TimeSpan Timeout { get; }
}
