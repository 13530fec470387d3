namespace KerasNet.Training;

/// <summary>
/// A point of a Fit that training can resume from: the epoch, how many of its batches were done, and libtorch's CPU
/// generator state now and (mid-epoch) at the epoch's start, from which the epoch's data order is replayed.
/// </summary>
/// <param name="Epoch">The epoch (0-based) in progress, or the next one to start when <paramref name="Batch"/> is 0.</param>
/// <param name="Batch">How many batches of <paramref name="Epoch"/> were done.</param>
/// <param name="Generator">The generator state at this point.</param>
/// <param name="EpochStartGenerator">The generator state when the epoch's batches were first requested (null when <paramref name="Batch"/> is 0).</param>
public sealed record LoopState(int Epoch, int Batch, byte[] Generator, byte[]? EpochStartGenerator);
