namespace KerasNet.TorchSupport.Mpi;

/// <summary>How a reduction combines the processes' values.</summary>
public enum ReduceOperation
{
    /// <summary>Element-wise sum.</summary>
    Sum,

    /// <summary>Element-wise maximum.</summary>
    Max,
}
