using KerasNet.Initializers;

namespace KerasNet.Layers;

/// <summary>
/// Wraps a Dense, convolution, transposed convolution or Embedding layer and, at each training call, divides its kernel
/// by the kernel's largest singular value σ, estimated by <see cref="PowerIterations"/> steps of power iteration from
/// the vector <c>vector_u</c> (kept between calls, as Keras's). As in Keras, the normalized kernel is written back into
/// the wrapped layer's kernel (no gradient flows through σ); at inference the kernel is used as it is.
/// </summary>
/// <remarks>
/// The kernel is seen as a matrix whose columns run along Keras's last kernel axis: Dense (inputs, units) as it is,
/// Embedding (vocabulary, dimensions) as it is, and the convolutions, stored in PyTorch's layout, as
/// (everything else, filters) for Conv and (everything else, input channels) for ConvTranspose, the axes that are
/// last in Keras's layout. σ does not depend on the order of the rows.
/// </remarks>
public sealed class SpectralNormalization : Layer
{
    private const double Epsilon = 1e-12;
    private readonly Layer layer;
    private Variable? vectorU;

    /// <summary>Creates the wrapper.</summary>
    /// <param name="layer">A Dense, Conv1D/2D/3D, Conv1D/2D/3DTranspose or Embedding layer.</param>
    /// <param name="powerIterations">Power-iteration steps per training call (Keras default 1).</param>
    /// <param name="name">The layer's name.</param>
    /// <param name="trainable">Whether the wrapped layer's weights are trained.</param>
    public SpectralNormalization(Layer layer, int powerIterations = 1, string? name = null, bool trainable = true) : base(name, trainable)
    {
        ArgumentNullException.ThrowIfNull(layer);
        if (layer is not (Dense or BaseConv or BaseConvTranspose or Embedding))
            throw new ArgumentException($"SpectralNormalization: the wrapped layer must have a kernel (Dense, a convolution or transposed convolution) or embeddings (Embedding); received {layer.GetType().Name} '{layer.Name}'.", nameof(layer));
        if (powerIterations < 1)
            throw new ArgumentOutOfRangeException(nameof(powerIterations), powerIterations, $"SpectralNormalization: powerIterations must be >= 1; received {powerIterations}.");
        this.layer = layer;
        PowerIterations = powerIterations;
    }

    /// <summary>The wrapped layer.</summary>
    public Layer Layer => layer;
    /// <summary>Power-iteration steps per training call.</summary>
    public int PowerIterations { get; }
    /// <summary>The current estimate of the kernel's top right singular vector (1, columns), once built.</summary>
    public Variable VectorU => vectorU ?? throw new InvalidOperationException($"SpectralNormalization '{Name}' is not built yet.");

    private Variable Kernel => layer switch
    {
        Dense d => d.Kernel,
        BaseConv c => c.Kernel,
        BaseConvTranspose t => t.Kernel,
        _ => ((Embedding)layer).Embeddings,
    };

    /// <summary>The kernel as the (rows, columns) matrix of Keras's layout, sharing the kernel's memory.</summary>
    private Tensor Matrix(Tensor kernel) => layer is BaseConv or BaseConvTranspose ? kernel.reshape(kernel.size(0), -1).t() : kernel;

    /// <inheritdoc/>
    protected override void Build(TensorShape inputShape)
    {
        layer.BuildFor(inputShape);
        var kernel = Kernel.Value;
        var columns = layer is BaseConv or BaseConvTranspose ? kernel.size(0) : kernel.size(-1);
        vectorU = AddWeight("vector_u", new[] { 1L, columns }, new RandomNormal(), trainable: false);
        WrappedWeights.Prefix(this, layer);
    }

    private static Tensor Normalize(Tensor x) => x / x.square().sum().clamp_min(Epsilon).sqrt();

    /// <summary>One training call's update: power iteration on vector_u, then the kernel divided by σ.</summary>
    private void NormalizeKernel()
    {
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var kernel = Kernel.Value;
        var w = Matrix(kernel);
        var u = vectorU!.Value;
        Tensor v = u;
        for (var i = 0; i < PowerIterations; i++)
        {
            v = Normalize(u.matmul(w.t()));
            u = Normalize(v.matmul(w));
        }
        var sigma = v.matmul(w).matmul(u.t());
        vectorU.Value.copy_(u);
        kernel.div_(sigma.reshape(Array.Empty<long>()));
    }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, CallContext context)
    {
        if (context.Training) NormalizeKernel();
        return layer.CallWithChecks(new[] { inputs }, context)[0];
    }

    /// <inheritdoc/>
    public override TensorShape ComputeOutputShape(TensorShape inputShape) => layer.ComputeOutputShape(inputShape);

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() =>
        With(base.GetConfig(), ("layer", Serialization.KerasRegistry.Serialize(layer)), ("power_iterations", PowerIterations));
}
