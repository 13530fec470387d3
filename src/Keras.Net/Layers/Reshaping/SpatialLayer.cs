namespace KerasNet.Layers;

/// <summary>
/// Base of the 1-D and 3-D layers that only rearrange positions (upsampling, zero padding, cropping): validates the
/// rank, handles the layout and expands per-axis (before, after) amounts.
/// </summary>
public abstract class SpatialLayer : Layer
{
    /// <summary>Creates the layer for <paramref name="rank"/> spatial axes in the layout <paramref name="format"/>.</summary>
    private protected SpatialLayer(int rank, ImageDataFormat format, string? name, bool trainable) : base(name, trainable)
    {
        Rank = rank;
        Format = format;
    }

    /// <summary>Spatial dimensions.</summary>
    public int Rank { get; }
    /// <summary>The layout.</summary>
    public ImageDataFormat Format { get; }

    /// <summary>
    /// Expands one value (both sides of every axis), one per axis (both sides of it) or two per axis (before, after)
    /// to a flat (before, after) list, axis by axis; empty means <paramref name="fallback"/> everywhere.
    /// </summary>
    private protected long[] Edges(Dims values, long fallback, string argument)
    {
        var v = values.IsEmpty ? new[] { fallback } : values.Values.ToArray();
        long[] edges;
        if (v.Length == 2 * Rank) edges = v;
        else if (v.Length == 1 || v.Length == Rank) edges = Enumerable.Range(0, 2 * Rank).Select(i => v[v.Length == 1 ? 0 : i / 2]).ToArray();
        else
        {
            var allowed = Rank == 1 ? "1 or 2 values (before, after)" : $"1, {Rank} or {2 * Rank} values (one for all, one per axis, or before and after per axis)";
            throw new ArgumentException($"{GetType().Name}: {argument} must have {allowed}; received {values}.", argument);
        }
        if (edges.Any(e => e < 0)) throw new ArgumentException($"{GetType().Name}: every {argument} value must be >= 0; received {values}.", argument);
        return edges;
    }

    /// <inheritdoc/>
    protected override void ValidateInput(TensorShape inputShape, int inputCount)
    {
        if (inputShape.Rank != Rank + 2) throw ShapeError($"input of rank {Rank + 2} {DataFormats.Describe(Rank, Format)}", inputShape);
    }

    /// <summary>The math on a channels-first tensor.</summary>
    private protected abstract Tensor CallChannelsFirst(Tensor x);

    /// <summary>The output length of spatial axis <paramref name="axis"/> for an input length.</summary>
    private protected abstract long? OutputLength(int axis, long? length);

    /// <inheritdoc/>
    protected sealed override Tensor Call(Tensor inputs, CallContext context)
    {
        using var scope = torch.NewDisposeScope();
        var x = DataFormats.ToChannelsFirst(inputs, Format);
        return DataFormats.FromChannelsFirst(CallChannelsFirst(x), Format).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public override TensorShape ComputeOutputShape(TensorShape inputShape)
    {
        var spatial = DataFormats.Spatial(inputShape, Format).Select((n, i) => OutputLength(i, n));
        return DataFormats.Compose(inputShape[0], inputShape[DataFormats.ChannelAxis(Format, Rank + 2)], spatial, Format);
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() => With(base.GetConfig(), ("data_format", DataFormats.Name(Format)));
}
