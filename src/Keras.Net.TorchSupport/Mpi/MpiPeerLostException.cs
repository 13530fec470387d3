namespace KerasNet.TorchSupport.Mpi;

/// <summary>
/// A peer process of the job died (or the launcher began ending the job because one did) while this process waited in a
/// collective. <see cref="LostRanks"/> names the ranks found dead, when they ran on this machine.
/// </summary>
public sealed class MpiPeerLostException : MpiException
{
    /// <summary>Creates the exception.</summary>
    public MpiPeerLostException(string message, string operation, int rank, IReadOnlyList<int> lostRanks) : base(message, operation, rank) =>
        LostRanks = lostRanks;

    /// <summary>The ranks found dead (empty when the dead peer ran on another machine: the launcher's message names it).</summary>
    public IReadOnlyList<int> LostRanks { get; }
}
