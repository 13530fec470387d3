using KerasNet.Torch.Interop;

namespace KerasNet.Torch;

public static partial class torch
{
    /// <summary>The state of libtorch's default CPU generator as a uint8 tensor (as <c>torch.get_rng_state</c>).</summary>
    public static Tensor get_rng_state() => Tensor.Wrap(NativeMethods.kn_generator_get_state(IntPtr.Zero), "get_rng_state");

    /// <summary>Restores the default CPU generator to a state taken by <see cref="get_rng_state"/>.</summary>
    public static void set_rng_state(Tensor state)
    {
        ArgumentNullException.ThrowIfNull(state);
        Tensor.Check(NativeMethods.kn_generator_set_state(IntPtr.Zero, state.Handle), "set_rng_state", state);
    }

    /// <summary>Uniform samples in [0, 1).</summary>
    public static unsafe Tensor rand(long[] size, ScalarType dtype = ScalarType.Float32, Device? device = null, bool requires_grad = false, Generator? generator = null)
    {
        var (t, i) = DeviceArgs(device);
        fixed (long* s = size)
            return Tensor.Wrap(NativeMethods.kn_rand(s, size.Length, Generator.HandleOf(generator), (int)dtype, t, i, requires_grad ? 1 : 0), "rand");
    }

    /// <summary>Uniform samples in [0, 1).</summary>
    public static Tensor rand(params long[] size) => rand(size, ScalarType.Float32);

    /// <summary>Standard normal samples.</summary>
    public static unsafe Tensor randn(long[] size, ScalarType dtype = ScalarType.Float32, Device? device = null, bool requires_grad = false, Generator? generator = null)
    {
        var (t, i) = DeviceArgs(device);
        fixed (long* s = size)
            return Tensor.Wrap(NativeMethods.kn_randn(s, size.Length, Generator.HandleOf(generator), (int)dtype, t, i, requires_grad ? 1 : 0), "randn");
    }

    /// <summary>Standard normal samples.</summary>
    public static Tensor randn(params long[] size) => randn(size, ScalarType.Float32);

    /// <summary>Integers uniformly drawn from [low, high).</summary>
    public static unsafe Tensor randint(long low, long high, long[] size, ScalarType dtype = ScalarType.Int64, Device? device = null, Generator? generator = null)
    {
        if (high <= low) throw new ArgumentException($"randint: high ({high}) must be greater than low ({low}).", nameof(high));
        var (t, i) = DeviceArgs(device);
        fixed (long* s = size)
            return Tensor.Wrap(NativeMethods.kn_randint(low, high, s, size.Length, Generator.HandleOf(generator), (int)dtype, t, i), "randint");
    }

    /// <summary>Integers uniformly drawn from [0, high).</summary>
    public static Tensor randint(long high, long[] size, Generator? generator = null) => randint(0, high, size, generator: generator);

    /// <summary>A random permutation of 0..n-1.</summary>
    public static Tensor randperm(long n, ScalarType dtype = ScalarType.Int64, Device? device = null, Generator? generator = null)
    {
        var (t, i) = DeviceArgs(device);
        return Tensor.Wrap(NativeMethods.kn_randperm(n, Generator.HandleOf(generator), (int)dtype, t, i), "randperm");
    }

    /// <summary>Normal samples with the given mean and standard deviation.</summary>
    public static unsafe Tensor normal(double mean, double std, long[] size, ScalarType dtype = ScalarType.Float32, Device? device = null, Generator? generator = null)
    {
        if (std < 0) throw new ArgumentOutOfRangeException(nameof(std), std, "normal: std must be >= 0.");
        var (t, i) = DeviceArgs(device);
        fixed (long* s = size)
            return Tensor.Wrap(NativeMethods.kn_normal(mean, std, s, size.Length, Generator.HandleOf(generator), (int)dtype, t, i), "normal");
    }

    /// <summary>0/1 samples, 1 with the probability given by each element of <paramref name="probabilities"/>.</summary>
    public static Tensor bernoulli(Tensor probabilities, Generator? generator = null) =>
        Tensor.Wrap(NativeMethods.kn_bernoulli(probabilities.Handle, Generator.HandleOf(generator)), "bernoulli", probabilities);
}

public sealed partial class Tensor
{
    /// <summary>Fills in place with uniform samples in [from, to).</summary>
    public Tensor uniform_(double from = 0, double to = 1, Generator? generator = null)
    {
        Check(NativeMethods.kn_uniform_(Handle, from, to, Generator.HandleOf(generator)), "uniform_", this);
        return this;
    }

    /// <summary>Fills in place with normal samples.</summary>
    public Tensor normal_(double mean = 0, double std = 1, Generator? generator = null)
    {
        Check(NativeMethods.kn_normal_(Handle, mean, std, Generator.HandleOf(generator)), "normal_", this);
        return this;
    }

    /// <summary>Fills in place with 0/1 samples, 1 with probability <paramref name="p"/>.</summary>
    public Tensor bernoulli_(double p = 0.5, Generator? generator = null)
    {
        Check(NativeMethods.kn_bernoulli_(Handle, p, Generator.HandleOf(generator)), "bernoulli_", this);
        return this;
    }
}
