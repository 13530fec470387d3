using KerasNet.Callbacks;
using KerasNet.Data;
using KerasNet.Distributed;
using KerasNet.Training;

namespace KerasNet.Models;

public partial class Model
{
    /// <summary>Set (by a callback) to end Fit after the current batch.</summary>
    public bool StopTraining { get; set; }

    private Trainer? trainer;

    private Trainer Trainer => trainer ??= new Trainer(this);

    /// <summary>
    /// Trains on in-memory tensors with Keras's semantics: the last <paramref name="validationSplit"/> of the samples
    /// (taken before shuffling) is held out for validation, samples are reshuffled every epoch, and the returned
    /// <see cref="History"/> holds each epoch's logs.
    /// </summary>
    public History Fit(Tensor x, Tensor y, int batchSize = 32, int epochs = 1, Verbosity verbose = Verbosity.Auto,
                       IEnumerable<Callback>? callbacks = null, double validationSplit = 0.0, (Tensor X, Tensor Y)? validationData = null,
                       bool shuffle = true, IReadOnlyDictionary<long, double>? classWeight = null, Tensor? sampleWeight = null,
                       int initialEpoch = 0, int? stepsPerEpoch = null, int? validationSteps = null, int? validationBatchSize = null,
                       int validationFreq = 1)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        return Fit(new[] { x }, new[] { y }, batchSize, epochs, verbose, callbacks, validationSplit,
            validationData is { } v ? (new[] { v.X }, new[] { v.Y }) : null, shuffle, classWeight, sampleWeight, initialEpoch,
            stepsPerEpoch, validationSteps, validationBatchSize, validationFreq);
    }

    /// <summary>Trains a model with several inputs and/or outputs on in-memory tensors.</summary>
    public History Fit(IReadOnlyList<Tensor> x, IReadOnlyList<Tensor> y, int batchSize = 32, int epochs = 1, Verbosity verbose = Verbosity.Auto,
                       IEnumerable<Callback>? callbacks = null, double validationSplit = 0.0,
                       (IReadOnlyList<Tensor> X, IReadOnlyList<Tensor> Y)? validationData = null, bool shuffle = true,
                       IReadOnlyDictionary<long, double>? classWeight = null, Tensor? sampleWeight = null, int initialEpoch = 0,
                       int? stepsPerEpoch = null, int? validationSteps = null, int? validationBatchSize = null, int validationFreq = 1)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (validationSplit is < 0 or >= 1)
            throw new ArgumentOutOfRangeException(nameof(validationSplit), validationSplit, "validationSplit must be in [0, 1).");
        if (validationSplit > 0 && validationData is not null)
            throw new ArgumentException("Give either validationSplit or validationData, not both.", nameof(validationData));
        using var scope = torch.NewDisposeScope();
        IReadOnlyList<Tensor> trainX = x, trainY = y;
        Tensor? trainWeight = sampleWeight;
        IDataSource? validation = null;
        if (validationSplit > 0)
        {
            var (tx, vx) = TensorBatchSource.SplitLast(x, validationSplit);
            var (ty, vy) = TensorBatchSource.SplitLast(y, validationSplit);
            trainX = tx;
            trainY = ty;
            if (sampleWeight is not null) trainWeight = TensorBatchSource.SplitLast(new[] { sampleWeight }, validationSplit).Train[0];
            validation = new TensorBatchSource(vx, vy, null, validationBatchSize ?? batchSize, shuffle: false);
        }
        else if (validationData is { } data)
        {
            validation = new TensorBatchSource(data.X, data.Y, null, validationBatchSize ?? batchSize, shuffle: false);
        }
        if (classWeight is not null) trainWeight = ClassWeights.ToSampleWeights(classWeight, trainY[0], trainWeight);
        var train = DistributionStrategy.Current.TrainingSource(trainX, trainY, trainWeight, batchSize, shuffle);
        return Fit(train, epochs, verbose, callbacks, validation, initialEpoch, stepsPerEpoch, validationSteps, validationFreq);
    }

    /// <summary>Trains on batches from a data source (a loader, a streaming dataset).</summary>
    public History Fit(IDataSource data, int epochs = 1, Verbosity verbose = Verbosity.Auto, IEnumerable<Callback>? callbacks = null,
                       IDataSource? validationData = null, int initialEpoch = 0, int? stepsPerEpoch = null, int? validationSteps = null,
                       int validationFreq = 1)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (epochs < 1) throw new ArgumentOutOfRangeException(nameof(epochs), epochs, "epochs must be at least 1.");
        if (initialEpoch < 0 || initialEpoch >= epochs)
            throw new ArgumentOutOfRangeException(nameof(initialEpoch), initialEpoch, $"initialEpoch must be in [0, epochs) = [0, {epochs}).");
        if (validationFreq < 1) throw new ArgumentOutOfRangeException(nameof(validationFreq), validationFreq, "validationFreq must be at least 1.");
        return Trainer.Fit(RequireCompiledForTraining("Fit"), data, epochs, verbose, callbacks, validationData, initialEpoch, stepsPerEpoch,
            validationSteps, validationFreq);
    }

    /// <summary>Evaluates the compiled loss and metrics on tensors; returns the loss (see <see cref="EvaluateDict(Tensor, Tensor, int, Verbosity, IEnumerable{Callback}?, Tensor?, int?)"/> for all values).</summary>
    public double Evaluate(Tensor x, Tensor y, int batchSize = 32, Verbosity verbose = Verbosity.Auto, IEnumerable<Callback>? callbacks = null,
                           Tensor? sampleWeight = null, int? steps = null) =>
        EvaluateDict(x, y, batchSize, verbose, callbacks, sampleWeight, steps)["loss"];

    /// <summary>Evaluates on tensors and returns every value by name (Keras's <c>return_dict=True</c>).</summary>
    /// <remarks>Under a distribution each process evaluates a contiguous shard of the samples and every process returns the global values (see <see cref="EvaluateDict(IDataSource, Verbosity, IEnumerable{Callback}?, int?)"/>).</remarks>
    public Dictionary<string, double> EvaluateDict(Tensor x, Tensor y, int batchSize = 32, Verbosity verbose = Verbosity.Auto,
                                                   IEnumerable<Callback>? callbacks = null, Tensor? sampleWeight = null, int? steps = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        return EvaluateDict(new TensorBatchSource(new[] { x }, new[] { y }, sampleWeight, batchSize, shuffle: false), verbose, callbacks, steps);
    }

    /// <summary>Evaluates the compiled loss on batches from a data source (a loader, an image folder); returns the loss.</summary>
    public double Evaluate(IDataSource data, Verbosity verbose = Verbosity.Auto, IEnumerable<Callback>? callbacks = null, int? steps = null) =>
        EvaluateDict(data, verbose, callbacks, steps)["loss"];

    /// <summary>Evaluates on batches from a data source and returns every value by name.</summary>
    /// <remarks>
    /// Under a distribution (<see cref="Distributed.TrainingDistribution"/>) this is a collective call, to make on every
    /// process with the same data: each process evaluates its own shard (in-memory tensors: a contiguous range of
    /// samples; other sources: every <c>WORLD_SIZE</c>-th batch; <paramref name="steps"/> counts the global batches),
    /// then the processes add their metric states, so every process returns what one process would over all the
    /// data. Only the chief prints; per-batch callback logs are this process's own, the final ones are global.
    /// Values a custom <c>TestStep</c> adds besides the compiled loss and metrics are not returned then.
    /// </remarks>
    public Dictionary<string, double> EvaluateDict(IDataSource data, Verbosity verbose = Verbosity.Auto, IEnumerable<Callback>? callbacks = null, int? steps = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        return Trainer.Evaluate(RequireCompiled("Evaluate"), data, verbose, callbacks, steps);
    }

    /// <summary>Predictions for every sample, computed in batches without autograd and in inference mode (on the CPU).</summary>
    /// <remarks>Not distributed: under a distribution every process predicts what it is given, on its own.</remarks>
    public Tensor Predict(Tensor x, int batchSize = 32, Verbosity verbose = Verbosity.Auto, IEnumerable<Callback>? callbacks = null, int? steps = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        var outputs = PredictMulti(new[] { x }, batchSize, verbose, callbacks, steps);
        if (outputs.Count != 1) throw new InvalidOperationException($"Model '{Name}' has {outputs.Count} outputs; use PredictMulti.");
        return outputs[0];
    }

    /// <summary>Predictions of every output for models with several inputs or outputs.</summary>
    public IReadOnlyList<Tensor> PredictMulti(IReadOnlyList<Tensor> x, int batchSize = 32, Verbosity verbose = Verbosity.Auto, IEnumerable<Callback>? callbacks = null, int? steps = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        return PredictMulti(new TensorBatchSource(x, Array.Empty<Tensor>(), null, batchSize, shuffle: false), verbose, callbacks, steps);
    }

    /// <summary>Predictions for every batch of a data source (a loader, an image folder), concatenated; targets, if any, are ignored.</summary>
    public Tensor Predict(IDataSource data, Verbosity verbose = Verbosity.Auto, IEnumerable<Callback>? callbacks = null, int? steps = null)
    {
        var outputs = PredictMulti(data, verbose, callbacks, steps);
        if (outputs.Count != 1) throw new InvalidOperationException($"Model '{Name}' has {outputs.Count} outputs; use PredictMulti.");
        return outputs[0];
    }

    /// <summary>Predictions of every output for every batch of a data source.</summary>
    public IReadOnlyList<Tensor> PredictMulti(IDataSource data, Verbosity verbose = Verbosity.Auto, IEnumerable<Callback>? callbacks = null, int? steps = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        return Trainer.Predict(data, verbose, callbacks, steps, OutputCount);
    }

    /// <summary>One training step on exactly this batch; returns its loss and metrics (metrics are reset first).</summary>
    public Dictionary<string, double> TrainOnBatch(Tensor x, Tensor y, Tensor? sampleWeight = null) =>
        OnBatch(RequireCompiledForTraining, "TrainOnBatch", TrainStep, x, y, sampleWeight);

    /// <summary>Evaluates exactly this batch; returns its loss and metrics.</summary>
    public Dictionary<string, double> TestOnBatch(Tensor x, Tensor y, Tensor? sampleWeight = null) =>
        OnBatch(RequireCompiled, "TestOnBatch", TestStep, x, y, sampleWeight);

    private Dictionary<string, double> OnBatch(Func<string, CompiledState> require, string method, Func<Batch, IReadOnlyDictionary<string, double>> step,
                                              Tensor x, Tensor y, Tensor? sampleWeight)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        require(method).ResetMetrics();
        using var scope = torch.NewDisposeScope();
        return new Dictionary<string, double>(step(new Batch(new[] { x }, new[] { y }, sampleWeight)), StringComparer.Ordinal);
    }

    /// <summary>Predictions for exactly this batch (inference mode, no autograd).</summary>
    public Tensor PredictOnBatch(Tensor x)
    {
        ArgumentNullException.ThrowIfNull(x);
        using var scope = torch.NewDisposeScope();
        return PredictStep(new Batch(new[] { x }, Array.Empty<Tensor>()))[0].MoveToOuterDisposeScope();
    }
}
