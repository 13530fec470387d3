
namespace KerasNet.Callbacks;

/// <summary>
/// Writes TensorBoard event files, as Keras's <c>TensorBoard</c> callback: under <c>logDir/train</c> the training
/// logs of every epoch (<c>epoch_loss</c>, <c>epoch_accuracy</c>..., step = epoch), the learning rate
/// (<c>epoch_learning_rate</c>) and, every <c>histogramFreq</c> epochs, a histogram of every weight (tagged by its
/// path, e.g. <c>dense/kernel</c>); under <c>logDir/validation</c> the validation logs (<c>val_loss</c> as
/// <c>epoch_loss</c>). With <c>updateFreq</c> set to N batches, the running training logs are also written every N
/// batches (<c>batch_loss</c>..., step = global batch count). Open them with <c>tensorboard --logdir logDir</c>.
/// </summary>
public sealed class TensorBoard : Callback, IDisposable
{
    private const int HistogramBuckets = 30;
    private readonly int histogramFreq;
    private readonly SaveFrequency updateFreq;
    private EventFileWriter? train;
    private EventFileWriter? validation;
    private long globalBatch;

    /// <summary>Creates the callback (Keras's arguments; graph writing and profiling are not available).</summary>
    /// <param name="logDir">The folder of the event files (created if needed).</param>
    /// <param name="histogramFreq">Write weight histograms every this many epochs (0: never).</param>
    /// <param name="writeGraph">Must stay false: Keras.Net does not write graph definitions.</param>
    /// <param name="updateFreq"><c>"epoch"</c> (default) or a number of batches between batch-level scalars.</param>
    /// <param name="profileBatch">Must stay 0: profiling is not available.</param>
    public TensorBoard(string logDir = "logs", int histogramFreq = 0, bool writeGraph = false, SaveFrequency updateFreq = default, int profileBatch = 0)
    {
        ArgumentException.ThrowIfNullOrEmpty(logDir);
        if (histogramFreq < 0) throw new ArgumentOutOfRangeException(nameof(histogramFreq), histogramFreq, "TensorBoard: histogramFreq must be >= 0 (0 disables histograms).");
        if (writeGraph)
            throw new ArgumentException("TensorBoard: writeGraph is not supported by Keras.Net (it has no graph definition to write); leave it false. " +
                                        "model.Summary() prints the architecture.", nameof(writeGraph));
        if (profileBatch != 0)
            throw new ArgumentException($"TensorBoard: profileBatch = {profileBatch} was given, but profiling is not supported by Keras.Net; leave profileBatch at 0.", nameof(profileBatch));
        LogDir = logDir;
        this.histogramFreq = histogramFreq;
        this.updateFreq = updateFreq;
    }

    /// <summary>The root folder of the event files.</summary>
    public string LogDir { get; }

    /// <summary>The training event file of the current (or last) Fit, once training began.</summary>
    public string? TrainEventFile { get; private set; }

    /// <summary>The validation event file, once a validation result was written.</summary>
    public string? ValidationEventFile { get; private set; }

    /// <inheritdoc/>
    public override void OnTrainBegin(IReadOnlyDictionary<string, double> logs)
    {
        Dispose();
        train = new EventFileWriter(Path.Combine(LogDir, "train"));
        TrainEventFile = train.FilePath;
        ValidationEventFile = null;
        globalBatch = 0;
    }

    /// <inheritdoc/>
    public override void OnTrainBatchEnd(int batch, IReadOnlyDictionary<string, double> logs)
    {
        globalBatch++;
        if (updateFreq.IsEpoch || train is null || globalBatch % updateFreq.Batches != 0) return;
        train.Write(globalBatch, logs.Select(l => ("batch_" + l.Key, (float)l.Value)));
    }

    /// <inheritdoc/>
    public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
    {
        ArgumentNullException.ThrowIfNull(logs);
        if (train is null) return;
        var trainScalars = logs.Where(l => !l.Key.StartsWith("val_", StringComparison.Ordinal)).Select(l => ("epoch_" + l.Key, (float)l.Value)).ToList();
        if (!logs.ContainsKey("learning_rate") && Model?.Optimizer is { } optimizer)
            trainScalars.Add(("epoch_learning_rate", (float)optimizer.LearningRate));
        var histograms = histogramFreq > 0 && epoch % histogramFreq == 0 && Model is { } model
            ? model.Weights.Select(w => (w.Path, Histogram(w.Value))).ToList()
            : null;
        train.Write(epoch, trainScalars, histograms);
        train.Flush();
        var validationScalars = logs.Where(l => l.Key.StartsWith("val_", StringComparison.Ordinal)).Select(l => ("epoch_" + l.Key[4..], (float)l.Value)).ToList();
        if (validationScalars.Count == 0) return;
        if (validation is null)
        {
            validation = new EventFileWriter(Path.Combine(LogDir, "validation"));
            ValidationEventFile = validation.FilePath;
        }
        validation.Write(epoch, validationScalars);
        validation.Flush();
    }

    /// <inheritdoc/>
    public override void OnTrainEnd(IReadOnlyDictionary<string, double> logs) => Dispose();

    /// <summary>Closes the event files.</summary>
    public void Dispose()
    {
        train?.Dispose();
        validation?.Dispose();
        train = null;
        validation = null;
    }

    /// <summary>A histogram with <see cref="HistogramBuckets"/> equal-width buckets between the minimum and the maximum.</summary>
    internal static EventProtobuf.Histogram Histogram(Tensor value)
    {
        double[] values;
        using (torch.no_grad())
        using (var host = value.detach().to(ScalarType.Float64, torch.CPU, copy: true))
            values = host.data<double>().ToArray();
        if (values.Length == 0) return new EventProtobuf.Histogram(0, 0, 0, 0, 0, new[] { 0.0 }, new[] { 0.0 });
        double min = values.Min(), max = values.Max(), sum = 0, squares = 0;
        foreach (var v in values)
        {
            sum += v;
            squares += v * v;
        }
        var buckets = max > min ? HistogramBuckets : 1;
        var width = (max - min) / buckets;
        var limits = Enumerable.Range(1, buckets).Select(i => i == buckets ? max : min + i * width).ToArray();
        var counts = new double[buckets];
        foreach (var v in values) counts[buckets == 1 ? 0 : Math.Min(buckets - 1, (int)((v - min) / width))]++;
        return new EventProtobuf.Histogram(min, max, values.Length, sum, squares, limits, counts);
    }
}
