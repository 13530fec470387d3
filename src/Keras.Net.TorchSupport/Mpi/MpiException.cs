namespace KerasNet.TorchSupport.Mpi;

/// <summary>
/// An MPI collective failed: MPI returned an error code (its text from <c>MPI_Error_string</c> is in the message), a
/// peer process died, or a collective did not complete within the communicator's timeout. The message names the
/// operation, this process's rank and the world size. After one, the communicator makes no further MPI calls.
/// </summary>
public class MpiException : Exception
{
    /// <summary>Creates the exception.</summary>
    public MpiException(string message, string operation, int rank, int errorCode = 0) : base(message)
    {
        Operation = operation;
        Rank = rank;
        ErrorCode = errorCode;
    }

    /// <summary>The MPI call or collective that failed (e.g. <c>MPI_Iallreduce</c>).</summary>
    public string Operation { get; }

    /// <summary>The rank of the process that raised the exception (-1 before MPI knew it).</summary>
    public int Rank { get; }

    /// <summary>MPI's error code, or 0 when the failure was found by our own checks.</summary>
    public int ErrorCode { get; }
}
