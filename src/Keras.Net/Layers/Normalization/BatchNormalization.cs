using KerasNet.MixedPrecision;
using KerasNet.Constraints;
using KerasNet.Initializers;
using KerasNet.Regularizers;
using KerasNet.Serialization;

namespace KerasNet.Layers;

/// <summary>
/// Normalizes each feature (channel) with the batch's statistics during training and with moving averages at
/// inference. Keras defaults: momentum 0.99, epsilon 1e-3. A frozen layer (<c>Trainable = false</c>) always runs in
/// inference mode, as in Keras. Without an axis it normalizes the features: the channel axis of images under the image
/// data format (1 for channels-first), and the last axis of a (batch, steps, features) sequence whatever the setting,
/// as Keras's default axis −1 does.
/// The moving variance is updated with the unbiased batch variance, as PyTorch does.
/// With <c>synchronized: true</c>, training under a distribution (an <see cref="Distributed.IDistributionContext"/> with more
/// than one process) uses the statistics of the global batch, over every process's samples (PyTorch's SyncBatchNorm).
/// </summary>
public sealed class BatchNormalization : Layer
{
    /// <summary>Statistics in float32 under a mixed policy, as Keras: inputs are cast up, outputs back to the compute dtype.</summary>
    internal override AutocastMode AutocastMode => AutocastMode.Float32;

    private readonly WeightOptions betaOptions;
    private readonly WeightOptions gammaOptions;
    private Variable? gamma, beta, movingMean, movingVariance;
    /// <summary>True when no axis was given: it came from the global image layout, and a clearly mismatched first image is refused.</summary>
    private readonly bool axisFromSetting;

    /// <summary>Creates the layer.</summary>
    public BatchNormalization(int? axis = null, double momentum = 0.99, double epsilon = 1e-3, bool center = true, bool scale = true,
                              Initializer? betaInitializer = null, Initializer? gammaInitializer = null,
                              Initializer? movingMeanInitializer = null, Initializer? movingVarianceInitializer = null,
                              Regularizer? betaRegularizer = null, Regularizer? gammaRegularizer = null,
                              Constraint? betaConstraint = null, Constraint? gammaConstraint = null, bool synchronized = false,
                              string? name = null, bool trainable = true)
        : base(name, trainable)
    {
        if (momentum is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "BatchNormalization: momentum must be in [0, 1].");
        if (epsilon <= 0) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "BatchNormalization: epsilon must be positive.");
        // The default follows the global layout when the layer is created (1 channels-first, -1 channels-last; both are
        // the feature axis of a (batch, features) input), as image layers fix their data format at construction. Under
        // channels-first it is resolved at build time: a rank-3 input is a steps-first sequence (DESIGN.md, "Layouts"),
        // whose features are last.
        Axis = axis ?? (Config.ImageDataFormat == ImageDataFormat.ChannelsFirst ? null : -1);
        axisFromSetting = axis is null;
        Momentum = momentum;
        Epsilon = epsilon;
        Center = center;
        Scale = scale;
        betaOptions = new WeightOptions("beta", betaInitializer ?? new Zeros(), betaRegularizer, betaConstraint);
        gammaOptions = new WeightOptions("gamma", gammaInitializer ?? new Ones(), gammaRegularizer, gammaConstraint);
        MovingMeanInitializer = movingMeanInitializer ?? new Zeros();
        MovingVarianceInitializer = movingVarianceInitializer ?? new Ones();
        Synchronized = synchronized;
    }

    /// <summary>
    /// The feature axis. Without one given: −1 when <see cref="Config.ImageDataFormat"/> was channels-last at construction;
    /// under channels-first, null until the layer is built, then −1 for a rank-3 (batch, steps, features) input and 1
    /// otherwise. <see cref="GetConfig"/> writes the resolved axis once built.
    /// </summary>
    public int? Axis { get; private set; }
    /// <summary>Keras momentum of the moving averages (PyTorch's momentum is 1 − this).</summary>
    public double Momentum { get; }
    /// <summary>Added to the variance.</summary>
    public double Epsilon { get; }
    /// <summary>Whether a learned offset (beta) is added.</summary>
    public bool Center { get; }
    /// <summary>Whether a learned scale (gamma) multiplies.</summary>
    public bool Scale { get; }
    /// <summary>Beta's initializer.</summary>
    public Initializer BetaInitializer => betaOptions.Initializer;
    /// <summary>Gamma's initializer.</summary>
    public Initializer GammaInitializer => gammaOptions.Initializer;
    /// <summary>Moving mean's initializer.</summary>
    public Initializer MovingMeanInitializer { get; }
    /// <summary>Moving variance's initializer.</summary>
    public Initializer MovingVarianceInitializer { get; }
    /// <summary>Beta's regularizer.</summary>
    public Regularizer? BetaRegularizer => betaOptions.Regularizer;
    /// <summary>Gamma's regularizer.</summary>
    public Regularizer? GammaRegularizer => gammaOptions.Regularizer;
    /// <summary>Beta's constraint.</summary>
    public Constraint? BetaConstraint => betaOptions.Constraint;
    /// <summary>Gamma's constraint.</summary>
    public Constraint? GammaConstraint => gammaOptions.Constraint;

    /// <summary>
    /// Whether training under a distribution with more than one process normalizes with the global batch's statistics
    /// (Keras's <c>synchronized</c>). Each training step then costs two small all-reduces per layer in the forward pass
    /// (per-feature sums and counts; squared deviations) and two more for their gradients in the backward pass. Without a
    /// distribution, with one process, or at inference, the layer behaves exactly as with <c>synchronized: false</c>.
    /// </summary>
    public bool Synchronized { get; }

    /// <summary>The moving mean, once built.</summary>
    public Variable MovingMean => movingMean ?? throw new InvalidOperationException($"BatchNormalization '{Name}' is not built yet.");
    /// <summary>The moving variance, once built.</summary>
    public Variable MovingVariance => movingVariance ?? throw new InvalidOperationException($"BatchNormalization '{Name}' is not built yet.");

    private int AxisFor(int rank) => Axis ?? (rank == 3 ? -1 : 1);

    private int ResolvedAxis(int rank) => AxisFor(rank) < 0 ? AxisFor(rank) + rank : AxisFor(rank);

    /// <inheritdoc/>
    protected override void ValidateInput(TensorShape inputShape, int inputCount)
    {
        if (inputShape.Rank < 2) throw ShapeError("input of rank >= 2 (batch, features, ...)", inputShape);
        var given = AxisFor(inputShape.Rank);
        ImageLayout.CheckFirstInput(this, inputShape, given == 1 ? ImageDataFormat.ChannelsFirst : ImageDataFormat.ChannelsLast, axisFromSetting, $"axis: {given}");
        var axis = ResolvedAxis(inputShape.Rank);
        if (axis < 1 || axis >= inputShape.Rank) throw ShapeError($"an axis {given} inside the input's rank", inputShape);
        if (inputShape[axis] is null) throw ShapeError($"a known size on axis {axis}", inputShape);
        if (movingMean is not null && inputShape[axis] != movingMean.Shape[0])
            throw ShapeError($"{movingMean.Shape[0]} features on axis {axis} (it was built for them)", inputShape);
    }

    /// <inheritdoc/>
    protected override void Build(TensorShape inputShape)
    {
        Axis = AxisFor(inputShape.Rank);
        var features = new[] { inputShape[ResolvedAxis(inputShape.Rank)]!.Value };
        if (Scale) gamma = AddWeight("gamma", features, gammaOptions.Initializer, regularizer: gammaOptions.Regularizer, constraint: gammaOptions.Constraint);
        if (Center) beta = AddWeight("beta", features, betaOptions.Initializer, regularizer: betaOptions.Regularizer, constraint: betaOptions.Constraint);
        movingMean = AddWeight("moving_mean", features, MovingMeanInitializer, trainable: false);
        movingVariance = AddWeight("moving_variance", features, MovingVarianceInitializer, trainable: false);
    }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, CallContext context)
    {
        var training = context.Training && Trainable;
        var axis = ResolvedAxis((int)inputs.dim());
        if (training && Synchronized && Distributed.TrainingDistribution.Current is { WorldSize: > 1 } distribution)
        {
            if (axis == 1) return SynchronizedForward(inputs, distribution);
            using var channelsFirst = inputs.movedim(axis, 1);
            using var synchronized = SynchronizedForward(channelsFirst, distribution);
            return synchronized.movedim(1, axis);
        }
        if (axis == 1)
            return F.batch_norm(inputs, movingMean!.Value, movingVariance!.Value, gamma?.Value, beta?.Value, training, 1 - Momentum, Epsilon);
        using var moved = inputs.movedim(axis, 1);
        using var normalized = F.batch_norm(moved, movingMean!.Value, movingVariance!.Value, gamma?.Value, beta?.Value, training, 1 - Momentum, Epsilon);
        return normalized.movedim(1, axis);
    }

    private Tensor SynchronizedForward(Tensor inputs, Distributed.IDistributionContext distribution) =>
        SynchronizedBatchNorm.Forward(inputs, movingMean!.Value, movingVariance!.Value, gamma?.Value, beta?.Value, Momentum, Epsilon, distribution, Name);

    /// <inheritdoc/>
    public override TensorShape ComputeOutputShape(TensorShape inputShape) => inputShape;

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["axis"] = Axis;
        config["momentum"] = Momentum;
        config["epsilon"] = Epsilon;
        config["center"] = Center;
        config["scale"] = Scale;
        WeightOptions.Write(config, new[] { betaOptions, gammaOptions }, c =>
        {
            // The moving statistics have an initializer only: they are not trained.
            c["moving_mean_initializer"] = KerasRegistry.Serialize(MovingMeanInitializer);
            c["moving_variance_initializer"] = KerasRegistry.Serialize(MovingVarianceInitializer);
        });
        config["synchronized"] = Synchronized;
        return config;
    }
}
