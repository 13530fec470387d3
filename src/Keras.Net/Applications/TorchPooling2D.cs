
namespace KerasNet.Applications;

/// <summary>
/// Max or average pooling of channels-first feature maps with PyTorch's arguments, for the torchvision networks that
/// need what Keras's pooling layers do not have: symmetric explicit padding, <c>ceil_mode</c> (GoogLeNet) and
/// averages that count the zero padding (<c>count_include_pad</c>, InceptionV3's pooling branches).
/// </summary>
public sealed class TorchPooling2D : Layer
{
    /// <summary>Creates the layer.</summary>
    /// <param name="mode">"max" or "avg".</param>
    /// <param name="poolSize">Window height and width.</param>
    /// <param name="strides">Step of the window.</param>
    /// <param name="padding">Rows and columns added on each side (-inf for max pooling, zeros for averages).</param>
    /// <param name="ceilMode">Whether a last, partial window is kept (PyTorch's ceil_mode).</param>
    /// <param name="countIncludePad">Whether averages divide by the whole window, padding included (PyTorch's default).</param>
    /// <param name="name">The layer's name.</param>
    /// <param name="trainable">Unused (no weights); kept for config round trips.</param>
    public TorchPooling2D(string mode, int poolSize, int strides, int padding = 0, bool ceilMode = false, bool countIncludePad = true, string? name = null,
                          bool trainable = true) : base(name, trainable)
    {
        if (mode is not "max" and not "avg") throw new ArgumentException($"TorchPooling2D: mode must be \"max\" or \"avg\"; received \"{mode}\".", nameof(mode));
        if (poolSize < 1) throw new ArgumentOutOfRangeException(nameof(poolSize), poolSize, "TorchPooling2D: poolSize must be positive.");
        if (strides < 1) throw new ArgumentOutOfRangeException(nameof(strides), strides, "TorchPooling2D: strides must be positive.");
        if (padding < 0 || 2 * padding > poolSize)
            throw new ArgumentOutOfRangeException(nameof(padding), padding, $"TorchPooling2D: padding must be between 0 and half the pool size ({poolSize / 2}).");
        (Mode, PoolSize, Strides, Padding, CeilMode, CountIncludePad) = (mode, poolSize, strides, padding, ceilMode, countIncludePad);
    }

    /// <summary>"max" or "avg".</summary>
    public string Mode { get; }
    /// <summary>Window height and width.</summary>
    public int PoolSize { get; }
    /// <summary>Step of the window.</summary>
    public int Strides { get; }
    /// <summary>Padding on each side.</summary>
    public int Padding { get; }
    /// <summary>PyTorch's ceil_mode.</summary>
    public bool CeilMode { get; }
    /// <summary>PyTorch's count_include_pad.</summary>
    public bool CountIncludePad { get; }

    /// <inheritdoc/>
    protected override void ValidateInput(TensorShape inputShape, int inputCount)
    {
        if (inputShape.Rank != 4) throw ShapeError("input of rank 4 (batch, channels, height, width)", inputShape);
        for (var i = 2; i < 4; i++)
            if (inputShape[i] is { } n && n + 2 * Padding < PoolSize)
                throw ShapeError($"height and width of at least {PoolSize - 2 * Padding} (the pool size less the padding)", inputShape);
    }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, CallContext context)
    {
        using var scope = torch.NewDisposeScope();
        long[] k = { PoolSize, PoolSize }, s = { Strides, Strides }, p = { Padding, Padding };
        // Convolutions may leave channels-last memory behind; pool NCHW memory as torchvision's reference does.
        var x = inputs.contiguous();
        var y = Mode == "max"
            ? F.max_pool2d(x, k, s, p, ceil_mode: CeilMode)
            : F.avg_pool2d(x, k, s, p, ceil_mode: CeilMode, count_include_pad: CountIncludePad);
        return y.MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public override TensorShape ComputeOutputShape(TensorShape inputShape) => new(inputShape[0], inputShape[1], Size(inputShape[2]), Size(inputShape[3]));

    private long? Size(long? n)
    {
        if (n is not { } size) return null;
        var span = size + 2 * Padding - PoolSize;
        var output = (CeilMode ? (span + Strides - 1) / Strides : span / Strides) + 1;
        // PyTorch drops a last window that would start in the right padding.
        if (CeilMode && (output - 1) * Strides >= size + Padding) output--;
        return output;
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["mode"] = Mode;
        config["pool_size"] = PoolSize;
        config["strides"] = Strides;
        config["padding"] = Padding;
        config["ceil_mode"] = CeilMode;
        config["count_include_pad"] = CountIncludePad;
        return config;
    }
}
