using KerasNet.Data;

namespace KerasNet;

public static partial class Utils
{
    /// <summary>
    /// Keras's <c>timeseries_dataset_from_array</c>: batches of sliding windows over a timeseries (axis 0 of
    /// <paramref name="data"/> is time), each of shape (batch, sequenceLength, features...), with the target of a window
    /// being <c>targets[i]</c> for the window that starts at step <c>i</c>. To predict the value <c>d</c> steps after
    /// each window's end, pass <c>targets = y[(sequenceLength - 1) * samplingRate + d ..]</c> (Keras's convention).
    /// The result is a <see cref="DataLoader"/> over a <see cref="TimeseriesDataset"/>: give it to Fit, Evaluate or
    /// Predict, or read its batches with <c>GetBatches(epoch)</c>.
    /// </summary>
    /// <param name="data">The timeseries, time on axis 0 (e.g. (steps, features)).</param>
    /// <param name="targets">One target row per time step (or at least one per window start), or null for inputs only.</param>
    /// <param name="sequenceLength">Steps per window.</param>
    /// <param name="sequenceStride">Steps between the starts of successive windows.</param>
    /// <param name="samplingRate">Steps between successive steps of a window: a rate r takes <c>data[i], data[i + r], ...</c>.</param>
    /// <param name="batchSize">Windows per batch (the last may be smaller).</param>
    /// <param name="shuffle">Reshuffle the windows every epoch; false keeps chronological order.</param>
    /// <param name="seed">The shuffling seed; null draws one from libtorch's global generator (reproduced by <c>torch.manual_seed</c>).</param>
    /// <param name="startIndex">Steps before this one are not used (e.g. to keep them for validation); null: 0.</param>
    /// <param name="endIndex">Steps from this one on are not used; null: the length of the data.</param>
    /// <remarks>
    /// Differences from Keras: the shuffled order follows the rule of every Keras.Net loader (a permutation of
    /// (seed, epoch), <see cref="SampleSeeds"/>) rather than NumPy's shuffle followed by TensorFlow's shuffle buffer;
    /// <paramref name="endIndex"/> may equal the length of the data (Keras refuses it); a range in which no window fits
    /// is an error rather than an empty dataset.
    /// </remarks>
    /// <exception cref="ArgumentException">The tensors do not fit together, or no complete window fits.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A length, stride, rate, index or the batch size is out of range.</exception>
    public static DataLoader TimeseriesDatasetFromArray(Tensor data, Tensor? targets, int sequenceLength, int sequenceStride = 1,
        int samplingRate = 1, int batchSize = 128, bool shuffle = false, long? seed = null, long? startIndex = null, long? endIndex = null)
    {
        if (batchSize < 1)
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "TimeseriesDatasetFromArray: batchSize must be at least 1.");
        var windows = new TimeseriesDataset(data, targets, sequenceLength, sequenceStride, samplingRate, startIndex, endIndex);
        return new DataLoader(windows, batchSize, shuffle, seed);
    }
}
