namespace KerasNet.Metrics;

/// <summary>
/// A metric's accumulated state: a float64 vector of running sums kept on the device of the data added to it. Adding
/// never reads the device, so a CUDA step does not wait for it; only <see cref="Read"/> does.
/// </summary>
/// <remarks>
/// The vector belongs to no dispose scope: the training loop disposes whatever a batch created, and the state must
/// outlive the batch. It is replaced only when data arrives on another device (the old one is then disposed).
/// </remarks>
internal sealed class RunningSums : IDisposable
{
    private Tensor? sums;

    /// <summary>Creates <paramref name="length"/> sums, all zero; the tensor is allocated by the first add or write.</summary>
    internal RunningSums(int length) => Length = length;

    /// <summary>The number of sums.</summary>
    internal int Length { get; }

    /// <summary>Adds <paramref name="values"/> (float64, <see cref="Length"/> elements) element-wise, on their device.</summary>
    internal void Add(Tensor values)
    {
        using var noGrad = torch.no_grad();
        On(values).add_(values.reshape(Length));
    }

    /// <summary>Adds a float64 value held in a one-element tensor to the sum at <paramref name="index"/>, on its device.</summary>
    internal void Add(int index, Tensor value)
    {
        using var noGrad = torch.no_grad();
        using var slot = On(value).narrow(0, index, 1);
        slot.add_(value.reshape(1));
    }

    /// <summary>Adds a host value to the sum at <paramref name="index"/>, on the device the sums are on (the CPU at first).</summary>
    internal void Add(int index, double value)
    {
        sums ??= Zeros(torch.CPU);
        using var slot = sums.narrow(0, index, 1);
        slot.add_(value);
    }

    /// <summary>The sums, read from the device.</summary>
    internal double[] Read()
    {
        if (sums is null) return new double[Length];
        if (sums.device_type == DeviceType.CPU) return sums.data<double>().ToArray();
        using var host = sums.cpu();
        return host.data<double>().ToArray();
    }

    /// <summary>Replaces the sums by <paramref name="values"/>, keeping them on the device they are on (the CPU at first).</summary>
    internal void Write(ReadOnlySpan<double> values)
    {
        if (values.Length != Length)
            throw new ArgumentException($"Expected {Length} sums; received {values.Length}.", nameof(values));
        using var scope = torch.NewDisposeScope();
        var host = torch.tensor(values.ToArray(), ScalarType.Float64);
        if (sums is null) sums = host.DetachFromDisposeScope();
        else sums.copy_(host);
    }

    /// <summary>Sets every sum to zero, in place.</summary>
    internal void Clear() => sums?.zero_();

    /// <inheritdoc/>
    public void Dispose()
    {
        sums?.Dispose();
        sums = null;
    }

    /// <summary>The sums on the device of <paramref name="data"/>, allocated or moved there if they are elsewhere.</summary>
    private Tensor On(Tensor data)
    {
        if (sums is null) return sums = Zeros(data.device);
        if (sums.device_type == data.device_type && sums.device_index == data.device_index) return sums;
        var moved = sums.to(data.device).DetachFromDisposeScope();
        sums.Dispose();
        return sums = moved;
    }

    private Tensor Zeros(Device device) => torch.zeros(Length, ScalarType.Float64, device).DetachFromDisposeScope();
}
