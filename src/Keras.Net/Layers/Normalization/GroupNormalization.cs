using KerasNet.Initializers;

namespace KerasNet.Layers;

/// <summary>Normalizes groups of channels of each sample (Keras defaults: 32 groups, epsilon 1e-3; channel axis from the data format).</summary>
public sealed class GroupNormalization : AffineNormalization
{
    /// <summary>True when no axis was given: it came from the global image layout, and a clearly mismatched first image is refused.</summary>
    private readonly bool axisFromSetting;

    /// <summary>Creates the layer.</summary>
    public GroupNormalization(long groups = 32, int? axis = null, double epsilon = 1e-3, bool center = true, bool scale = true,
                              Initializer? betaInitializer = null, Initializer? gammaInitializer = null, string? name = null, bool trainable = true)
        : base(epsilon, center, scale, betaInitializer, gammaInitializer, name, trainable)
    {
        Groups = groups > 0 ? groups : throw new ArgumentOutOfRangeException(nameof(groups), groups, "GroupNormalization: groups must be positive.");
        // The default is the channel axis of the global layout when the layer is created, fixed from then on.
        Axis = axis ?? (Config.ImageDataFormat == ImageDataFormat.ChannelsFirst ? 1 : -1);
        axisFromSetting = axis is null;
    }

    /// <summary>The number of groups.</summary>
    public long Groups { get; }
    /// <summary>The channel axis (by default that of <see cref="Config.ImageDataFormat"/> at construction).</summary>
    public int? Axis { get; }

    private int ResolvedAxis(int rank) => Axis!.Value < 0 ? Axis.Value + rank : Axis.Value;

    /// <inheritdoc/>
    protected override void ValidateInput(TensorShape inputShape, int inputCount)
    {
        if (inputShape.Rank < 2) throw ShapeError("input of rank >= 2", inputShape);
        ImageLayout.CheckFirstInput(this, inputShape, Axis == 1 ? ImageDataFormat.ChannelsFirst : ImageDataFormat.ChannelsLast, axisFromSetting, $"axis: {Axis}");
        var channels = inputShape[ResolvedAxis(inputShape.Rank)];
        if (channels is null || channels % Groups != 0)
            throw ShapeError($"a number of channels divisible by groups ({Groups})", inputShape);
    }

    /// <inheritdoc/>
    protected override void Build(TensorShape inputShape)
    {
        AddScaleAndOffset(new[] { inputShape[ResolvedAxis(inputShape.Rank)]!.Value });
    }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, CallContext context)
    {
        var axis = ResolvedAxis((int)inputs.dim());
        if (axis == 1) return F.group_norm(inputs, Groups, Gamma?.Value, Beta?.Value, Epsilon);
        using var moved = inputs.movedim(axis, 1);
        using var normalized = F.group_norm(moved, Groups, Gamma?.Value, Beta?.Value, Epsilon);
        return normalized.movedim(1, axis);
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["groups"] = Groups;
        config["axis"] = Axis;
        return WithScaleAndOffset(config);
    }
}
