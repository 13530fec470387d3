namespace KerasNet.Data;

/// <summary>
/// Sliding windows over a timeseries held in a tensor (axis 0 is time), as Keras's
/// <c>timeseries_dataset_from_array</c> cuts them: window <c>i</c> holds the steps
/// <c>start + p, start + p + samplingRate, ...</c> (<c>sequenceLength</c> of them) where <c>p = i · sequenceStride</c>,
/// and its target is <c>targets[start + p]</c>. Windows are gathered when a batch is asked for (one
/// <c>index_select</c> per batch), so the data is never copied window by window. The dataset does not own the tensors.
/// Batch it with a <see cref="DataLoader"/>, or call <see cref="Utils.TimeseriesDatasetFromArray"/>.
/// </summary>
public sealed class TimeseriesDataset : IBatchDataset
{
    private readonly Tensor data;
    private readonly Tensor? targets;
    private readonly long[] offsets; // of the window steps, relative to a window's first step

    /// <summary>Creates the windows; the arguments are those of <see cref="Utils.TimeseriesDatasetFromArray"/>.</summary>
    /// <exception cref="ArgumentException">The tensors do not fit together, or no complete window fits between the start and end indices.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A length, stride, rate or index is out of its range.</exception>
    public TimeseriesDataset(Tensor data, Tensor? targets, int sequenceLength, int sequenceStride = 1, int samplingRate = 1,
        long? startIndex = null, long? endIndex = null)
    {
        const string fn = "TimeseriesDatasetFromArray";
        ArgumentNullException.ThrowIfNull(data);
        if (data.dim() == 0)
            throw new ArgumentException($"{fn}: data must have a time axis (axis 0); received a 0-dimensional tensor.", nameof(data));
        var length = data.size(0);
        if (targets is not null && targets.dim() == 0)
            throw new ArgumentException($"{fn}: targets must have one row per time step (axis 0); received a 0-dimensional tensor.", nameof(targets));
        if (sequenceLength < 1)
            throw new ArgumentOutOfRangeException(nameof(sequenceLength), sequenceLength, $"{fn}: sequenceLength must be at least 1 (steps per window).");
        if (samplingRate < 1 || samplingRate >= length)
            throw new ArgumentOutOfRangeException(nameof(samplingRate), samplingRate,
                $"{fn}: samplingRate must be at least 1 and lower than the length of the data ({length} steps).");
        if (sequenceStride < 1 || sequenceStride >= length)
            throw new ArgumentOutOfRangeException(nameof(sequenceStride), sequenceStride,
                $"{fn}: sequenceStride must be at least 1 and lower than the length of the data ({length} steps).");
        var start = startIndex ?? 0;
        if (start < 0 || start >= length)
            throw new ArgumentOutOfRangeException(nameof(startIndex), startIndex,
                $"{fn}: startIndex must be 0 or more and lower than the length of the data ({length} steps).");
        var end = endIndex ?? length;
        if (end <= start || end > length)
            throw new ArgumentOutOfRangeException(nameof(endIndex), endIndex,
                $"{fn}: endIndex must be higher than startIndex ({start}) and at most the length of the data ({length} steps).");

        var windows = end - start - (sequenceLength - 1L) * samplingRate;
        if (targets is not null) windows = Math.Min(windows, targets.size(0) - start);
        if (windows <= 0)
            throw new ArgumentException(
                $"{fn}: no complete window fits: a window spans {(sequenceLength - 1L) * samplingRate + 1} steps (sequenceLength {sequenceLength}, " +
                $"samplingRate {samplingRate}) but steps {start} to {end} of the data" +
                (targets is null ? "" : $" (and {targets.size(0)} target rows)") + " leave no room. Shorten the windows or widen startIndex/endIndex.",
                nameof(sequenceLength));
        var count = (windows + sequenceStride - 1) / sequenceStride;
        if (count > int.MaxValue)
            throw new ArgumentException($"{fn}: {count} windows; at most {int.MaxValue} are supported. Raise sequenceStride.", nameof(sequenceStride));

        (this.data, this.targets) = (data, targets);
        (SequenceLength, SequenceStride, SamplingRate, StartIndex, EndIndex, Count) = (sequenceLength, sequenceStride, samplingRate, start, end, (int)count);
        offsets = new long[sequenceLength];
        for (var s = 0; s < sequenceLength; s++) offsets[s] = (long)s * samplingRate;
    }

    /// <summary>Steps per window.</summary>
    public int SequenceLength { get; }
    /// <summary>Steps between the first steps of successive windows.</summary>
    public int SequenceStride { get; }
    /// <summary>Steps between successive steps of a window.</summary>
    public int SamplingRate { get; }
    /// <summary>The first step any window may use.</summary>
    public long StartIndex { get; }
    /// <summary>The step after the last one any window may use.</summary>
    public long EndIndex { get; }

    /// <inheritdoc/>
    public int Count { get; }

    /// <summary>The index in the data of the first step of window <paramref name="index"/>.</summary>
    public long WindowStart(int index)
    {
        if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index), index, $"TimeseriesDataset holds {Count} windows.");
        return StartIndex + (long)index * SequenceStride;
    }

    /// <inheritdoc/>
    public Sample Get(int index, Random random)
    {
        var first = WindowStart(index);
        using var steps = torch.tensor(offsets.Select(o => first + o).ToArray(), device: data.device);
        var window = data.index_select(0, steps);
        return new Sample(window, targets?[first]);
    }

    /// <inheritdoc/>
    public Batch GetBatch(IReadOnlyList<int> indices, IReadOnlyList<Random> randoms)
    {
        ArgumentNullException.ThrowIfNull(indices);
        if (indices.Count == 0) throw new ArgumentException("TimeseriesDataset: a batch needs at least one window.", nameof(indices));
        var steps = new long[indices.Count * (long)SequenceLength];
        var firsts = new long[indices.Count];
        for (var i = 0; i < indices.Count; i++)
        {
            firsts[i] = WindowStart(indices[i]);
            for (var s = 0; s < SequenceLength; s++) steps[i * SequenceLength + s] = firsts[i] + offsets[s];
        }
        var shape = new long[data.dim() + 1];
        shape[0] = indices.Count;
        shape[1] = SequenceLength;
        for (var d = 1; d < data.dim(); d++) shape[d + 1] = data.size(d);
        using var stepIndex = torch.tensor(steps, device: data.device);
        var x = data.index_select(0, stepIndex).view(shape);
        if (targets is null) return new Batch(new[] { x }, Array.Empty<Tensor>());
        using var targetIndex = torch.tensor(firsts, device: targets.device);
        return new Batch(new[] { x }, new[] { targets.index_select(0, targetIndex) });
    }
}
