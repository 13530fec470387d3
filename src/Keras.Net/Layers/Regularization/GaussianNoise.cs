namespace KerasNet.Layers;

/// <summary>Adds zero-mean Gaussian noise of <see cref="Stddev"/> during training.</summary>
public sealed class GaussianNoise : Layer
{
    /// <summary>Creates the layer.</summary>
    public GaussianNoise(double stddev, int? seed = null, string? name = null, bool trainable = true) : base(name, trainable)
    {
        Stddev = stddev >= 0 ? stddev : throw new ArgumentOutOfRangeException(nameof(stddev), stddev, "GaussianNoise: stddev must be >= 0.");
        Seed = seed;
    }

    /// <summary>The noise's standard deviation.</summary>
    public double Stddev { get; }
    /// <summary>The seed, if any: the sequence of noise is then reproducible (each call draws new noise, as Keras's seed generator).</summary>
    public int? Seed { get; }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, CallContext context)
    {
        if (!context.Training || Stddev == 0) return inputs.alias();
        using var noise = torch.empty(inputs.shape, inputs.dtype, inputs.device).normal_(0, Stddev, SeedGenerator(Seed));
        return inputs + noise;
    }

    /// <inheritdoc/>
    public override TensorShape ComputeOutputShape(TensorShape inputShape) => inputShape;

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["stddev"] = Stddev;
        config["seed"] = Seed;
        return config;
    }
}
