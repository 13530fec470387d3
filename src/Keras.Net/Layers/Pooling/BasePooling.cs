namespace KerasNet.Layers;

/// <summary>The shared max/average pooling of the 1-D, 2-D and 3-D pooling layers, with Keras's "valid"/"same" padding.</summary>
public abstract class BasePooling : Layer
{
    /// <summary>True when no dataFormat was given: the layout came from the global setting, and a clearly mismatched first input is refused.</summary>
    private readonly bool formatFromSetting;

    /// <summary>Creates the layer.</summary>
    protected BasePooling(int rank, bool isMax, Dims poolSize, Dims strides, string padding, string? dataFormat, string? name, bool trainable)
        : base(name, trainable)
    {
        var layer = GetType().Name;
        Rank = rank;
        IsMax = isMax;
        PoolSize = (poolSize.IsEmpty ? new Dims(2) : poolSize).Expand(rank, nameof(poolSize), layer);
        Strides = strides.IsEmpty ? (long[])PoolSize.Clone() : strides.Expand(rank, nameof(strides), layer);
        PaddingMode = Padding.Check(padding, layer);
        Format = DataFormats.Resolve(dataFormat, rank);
        formatFromSetting = dataFormat is null;
    }

    /// <summary>Spatial dimensions.</summary>
    public int Rank { get; }
    /// <summary>Max (true) or average (false).</summary>
    public bool IsMax { get; }
    /// <summary>Window size.</summary>
    public long[] PoolSize { get; }
    /// <summary>Strides (default: the pool size).</summary>
    public long[] Strides { get; }
    /// <summary>"valid" or "same".</summary>
    public string PaddingMode { get; }
    /// <summary>The layout.</summary>
    public ImageDataFormat Format { get; }

    /// <inheritdoc/>
    protected override void ValidateInput(TensorShape inputShape, int inputCount)
    {
        if (inputShape.Rank != Rank + 2) throw ShapeError($"input of rank {Rank + 2} {DataFormats.Describe(Rank, Format)}", inputShape);
        ImageLayout.CheckFirstInput(this, inputShape, Format, formatFromSetting);
        if (PaddingMode == "valid")
        {
            var spatial = DataFormats.Spatial(inputShape, Format);
            for (var i = 0; i < Rank; i++)
                if (spatial[i] is { } n && n < PoolSize[i])
                    throw ShapeError($"every spatial size to be at least the pool size ({string.Join(", ", PoolSize)})", inputShape, "Use padding: \"same\" or a smaller poolSize.");
        }
    }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, CallContext context)
    {
        using var scope = torch.NewDisposeScope();
        var x = DataFormats.ToChannelsFirst(inputs, Format);
        // libtorch 2.10's CPU max pooling is about twice as slow over channels-last memory (which convolutions leave
        // behind, see OneDnnConvolution) as over NCHW memory: one copy is cheaper.
        if (IsMax && Rank == 2 && x.device_type == DeviceType.CPU && !x.is_contiguous()) x = x.contiguous();
        Tensor y;
        if (PaddingMode == "same")
        {
            var pads = x.shape.Skip(2).Select((n, i) => Padding.Same(n, PoolSize[i], Strides[i], 1)).ToArray();
            var padArgument = Padding.PadArgument(pads);
            if (IsMax)
                y = Pool(F.pad(x, padArgument, value: double.NegativeInfinity));
            else
            {
                // Average over the real elements only, as Keras: sum of the zero-padded window / number of real elements in it.
                var sums = Pool(F.pad(x, padArgument));
                using var ones = torch.ones(new long[] { 1, 1 }.Concat(x.shape.Skip(2)).ToArray(), x.dtype, x.device);
                var counts = Pool(F.pad(ones, padArgument));
                y = sums / counts;
            }
        }
        else y = Pool(x);
        return DataFormats.FromChannelsFirst(y, Format).MoveToOuterDisposeScope();
    }

    private Tensor Pool(Tensor x) => (Rank, IsMax) switch
    {
        (1, true) => F.max_pool1d(x, PoolSize[0], Strides[0]),
        (1, false) => F.avg_pool1d(x, PoolSize[0], Strides[0]),
        (2, true) => F.max_pool2d(x, PoolSize, Strides),
        (2, false) => F.avg_pool2d(x, PoolSize, Strides),
        (_, true) => F.max_pool3d(x, PoolSize, Strides),
        _ => AveragePool3D(x),
    };

    // libtorch 2.10 has no CPU avg_pool3d kernel for float16 or bfloat16: such inputs (mixed precision) are averaged
    // in float32 and rounded back.
    private Tensor AveragePool3D(Tensor x) =>
        x.dtype is ScalarType.Float16 or ScalarType.BFloat16 && x.device_type == DeviceType.CPU
            ? F.avg_pool3d(x.to(ScalarType.Float32), PoolSize, Strides).to(x.dtype)
            : F.avg_pool3d(x, PoolSize, Strides);

    /// <inheritdoc/>
    public override TensorShape ComputeOutputShape(TensorShape inputShape)
    {
        var spatial = DataFormats.Spatial(inputShape, Format);
        var output = spatial.Select((n, i) => Padding.OutputLength(n, PoolSize[i], Strides[i], 1, PaddingMode));
        return DataFormats.Compose(inputShape[0], inputShape[DataFormats.ChannelAxis(Format, Rank + 2)], output, Format);
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig() =>
        With(base.GetConfig(), ("pool_size", PoolSize), ("strides", Strides), ("padding", PaddingMode), ("data_format", DataFormats.Name(Format)));
}
