using KerasNet.Constraints;
using KerasNet.Initializers;
using KerasNet.Regularizers;

namespace KerasNet.Layers;

/// <summary>
/// The parametric rectified linear unit: <c>x</c> for x >= 0, <c>alpha · x</c> below, with a learned
/// <see cref="Alpha"/> per input element (batch axis excluded); axes listed in <see cref="SharedAxes"/> share one alpha,
/// e.g. <c>sharedAxes: new[] { 2, 3 }</c> gives one alpha per channel of channels-first images (PyTorch's nn.PReLU(channels)).
/// </summary>
public sealed class PReLU : Layer
{
    private readonly WeightOptions alphaOptions;
    private Variable? alpha;

    /// <summary>Creates the layer (Keras defaults: alpha initialized to zeros, no shared axes).</summary>
    /// <param name="alphaInitializer">The alpha weight's initializer (default zeros).</param>
    /// <param name="alphaRegularizer">A penalty on alpha, if any.</param>
    /// <param name="alphaConstraint">A constraint on alpha, if any.</param>
    /// <param name="sharedAxes">Input axes (1 = the first after the batch) along which alpha is shared.</param>
    /// <param name="name">The layer's name.</param>
    /// <param name="trainable">Whether alpha is trained.</param>
    public PReLU(Initializer? alphaInitializer = null, Regularizer? alphaRegularizer = null, Constraint? alphaConstraint = null,
                 long[]? sharedAxes = null, string? name = null, bool trainable = true) : base(name, trainable)
    {
        alphaOptions = new WeightOptions("alpha", alphaInitializer ?? new Zeros(), alphaRegularizer, alphaConstraint);
        if (sharedAxes is not null && sharedAxes.Any(a => a < 1))
            throw new ArgumentOutOfRangeException(nameof(sharedAxes), $"PReLU: sharedAxes must name axes after the batch axis (>= 1); received ({string.Join(", ", sharedAxes)}).");
        SharedAxes = sharedAxes?.Distinct().OrderBy(a => a).ToArray();
    }

    /// <summary>The axes along which alpha is shared, if any.</summary>
    public long[]? SharedAxes { get; }
    /// <summary>The alpha weight's initializer.</summary>
    public Initializer AlphaInitializer => alphaOptions.Initializer;
    /// <summary>The alpha weight's regularizer.</summary>
    public Regularizer? AlphaRegularizer => alphaOptions.Regularizer;
    /// <summary>The alpha weight's constraint.</summary>
    public Constraint? AlphaConstraint => alphaOptions.Constraint;

    /// <summary>The slopes (the input's shape without the batch axis, 1 along shared axes), once built.</summary>
    public Variable Alpha => alpha ?? throw new InvalidOperationException($"PReLU '{Name}' is not built yet.");

    /// <inheritdoc/>
    protected override void ValidateInput(TensorShape inputShape, int inputCount)
    {
        if (inputShape.Rank < 2) throw ShapeError("input of rank >= 2 (batch, features...)", inputShape);
        if (SharedAxes is not null && SharedAxes[^1] >= inputShape.Rank)
            throw ShapeError($"an input with axis {SharedAxes[^1]} (sharedAxes ({string.Join(", ", SharedAxes)}))", inputShape, "Remove the axes the input does not have from sharedAxes.");
        for (var i = 1; i < inputShape.Rank; i++)
        {
            var built = alpha?.Shape[i - 1];
            if ((SharedAxes is null || !SharedAxes.Contains(i)) && inputShape[i] is null)
                throw ShapeError($"a known size on axis {i} (each position there has its own alpha)", inputShape, $"Add {i} to sharedAxes or give the input a fixed size.");
            if (built is { } b && b != 1 && inputShape[i] != b)
                throw ShapeError($"size {b} on axis {i} (it was built for it)", inputShape);
        }
    }

    /// <inheritdoc/>
    protected override void Build(TensorShape inputShape)
    {
        var shape = Enumerable.Range(1, inputShape.Rank - 1).Select(i => SharedAxes is not null && SharedAxes.Contains(i) ? 1 : inputShape[i]!.Value).ToArray();
        alpha = AddWeight("alpha", shape, alphaOptions.Initializer, regularizer: alphaOptions.Regularizer, constraint: alphaOptions.Constraint);
    }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, CallContext context)
    {
        using var scope = torch.NewDisposeScope();
        var a = alpha!.Value.to(inputs.dtype);
        return torch.where(inputs.ge(0), inputs, a * inputs).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public override TensorShape ComputeOutputShape(TensorShape inputShape) => inputShape;

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        WeightOptions.Write(config, new[] { alphaOptions });
        config["shared_axes"] = SharedAxes;
        return config;
    }
}
