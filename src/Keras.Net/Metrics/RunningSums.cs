namespace KerasNet.Metrics;

/// <summary>
/// A metric's accumulated state: a vector of float64 running sums. While the data is on the CPU the sums are host
/// doubles (reading a CPU value waits for nothing, and a tensor per sum would cost native calls every batch); once data
/// arrives on an accelerator they move into a float64 tensor on that device, and adding never reads the device, so a
/// CUDA step does not wait for it; only <see cref="Read"/> does. Both ways add the same float64 values.
/// </summary>
/// <remarks>
/// The device tensor belongs to no dispose scope: the training loop disposes whatever a batch created, and the state
/// must outlive the batch. It is replaced only when data arrives on another device (the old one is then disposed).
/// </remarks>
internal sealed class RunningSums : IDisposable
{
    private readonly double[] host;
    private readonly bool tensorEvenOnCpu;
    private Tensor? device;

    /// <summary>Creates <paramref name="length"/> sums, all zero.</summary>
    /// <param name="length">The number of sums.</param>
    /// <param name="tensorEvenOnCpu">Keep CPU sums in a tensor too, as on an accelerator (tests check that path with it).</param>
    internal RunningSums(int length, bool tensorEvenOnCpu = false)
    {
        Length = length;
        host = new double[length];
        this.tensorEvenOnCpu = tensorEvenOnCpu;
    }

    /// <summary>The number of sums.</summary>
    internal int Length { get; }

    /// <summary>Adds <paramref name="values"/> (float64, <see cref="Length"/> elements) element-wise.</summary>
    internal void Add(Tensor values)
    {
        if (OnHost(values))
        {
            using var flat = values.reshape(Length);
            var added = flat.data<double>().ToArray();
            for (var i = 0; i < Length; i++) host[i] += added[i];
            return;
        }
        using var noGrad = torch.no_grad();
        On(values).add_(values.reshape(Length));
    }

    /// <summary>Adds a float64 value held in a one-element tensor to the sum at <paramref name="index"/>.</summary>
    internal void Add(int index, Tensor value)
    {
        if (OnHost(value))
        {
            host[index] += value.ToDouble();
            return;
        }
        using var noGrad = torch.no_grad();
        using var slot = On(value).narrow(0, index, 1);
        slot.add_(value.reshape(1));
    }

    /// <summary>Adds a host value to the sum at <paramref name="index"/>, on the device the sums are on.</summary>
    internal void Add(int index, double value)
    {
        if (device is null)
        {
            host[index] += value;
            return;
        }
        using var slot = device.narrow(0, index, 1);
        slot.add_(value);
    }

    /// <summary>The sums (read from the device when they are on one).</summary>
    internal double[] Read()
    {
        if (device is null) return (double[])host.Clone();
        using var copy = device.cpu();
        return copy.data<double>().ToArray();
    }

    /// <summary>Replaces the sums by <paramref name="values"/>, keeping them where they are.</summary>
    internal void Write(ReadOnlySpan<double> values)
    {
        if (values.Length != Length)
            throw new ArgumentException($"Expected {Length} sums; received {values.Length}.", nameof(values));
        if (device is null)
        {
            values.CopyTo(host);
            return;
        }
        using var scope = torch.NewDisposeScope();
        device.copy_(torch.tensor(values.ToArray(), ScalarType.Float64));
    }

    /// <summary>Sets every sum to zero, in place.</summary>
    internal void Clear()
    {
        Array.Clear(host);
        device?.zero_();
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        device?.Dispose();
        device = null;
    }

    private bool OnHost(Tensor data) => device is null && !tensorEvenOnCpu && data.device_type == DeviceType.CPU;

    /// <summary>The sums on the device of <paramref name="data"/>, moved there (from the host or another device) if they are elsewhere.</summary>
    private Tensor On(Tensor data)
    {
        if (device is not null && device.device_type == data.device_type && device.device_index == data.device_index) return device;
        Tensor moved;
        if (device is null)
        {
            using var scope = torch.NewDisposeScope();
            moved = torch.tensor(host, ScalarType.Float64).to(data.device).DetachFromDisposeScope();
        }
        else
        {
            moved = device.to(data.device).DetachFromDisposeScope();
            device.Dispose();
        }
        return device = moved;
    }
}
