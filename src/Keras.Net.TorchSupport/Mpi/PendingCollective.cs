using System.Runtime.InteropServices;

namespace KerasNet.TorchSupport.Mpi;

/// <summary>
/// A collective that was started and has not been waited for. It keeps the buffers it works on alive (the tensor, or a
/// pinned array) until it completes: MPI writes into them until then.
/// </summary>
public sealed class PendingCollective
{
    private GCHandle pin;

    internal PendingCollective(string operation, long request, Tensor? tensor, GCHandle pin)
    {
        Operation = operation;
        Request = request;
        Tensor = tensor;
        this.pin = pin;
    }

    /// <summary>
    /// A collective that completed when it was started, e.g. by a backend that runs synchronously; <paramref name="operation"/>
    /// names it in errors.
    /// </summary>
    public static PendingCollective Completed(string operation, Tensor? tensor)
    {
        var pending = new PendingCollective(operation, 0, tensor, default);
        pending.Complete();
        return pending;
    }

    /// <summary>The MPI call that started it (e.g. <c>MPI_Iallreduce</c>).</summary>
    public string Operation { get; }

    /// <summary>Whether it has completed.</summary>
    public bool IsCompleted { get; private set; }

    /// <summary>The tensor it works on, if any.</summary>
    public Tensor? Tensor { get; }

    internal long Request;

    // Buffers of a collective that never completed stay pinned: MPI may still hold their addresses.
    internal void Complete()
    {
        IsCompleted = true;
        if (pin.IsAllocated) pin.Free();
    }
}
