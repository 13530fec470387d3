using KerasNet.Callbacks;
using KerasNet.Data;
using KerasNet.Distributed;
using KerasNet.Models;

namespace KerasNet.Training;

/// <summary>
/// The loops of a model: Fit, Evaluate and Predict, each a pass of an <see cref="EpochIterator"/> calling the model's
/// overridable steps (<c>TrainStep</c>, <c>TestStep</c>, <c>PredictStep</c>) and the callbacks, with the
/// <see cref="DistributionStrategy"/> asked at fixed points. <see cref="Model"/> composes one; it holds no state
/// between calls but the progress of the running Fit.
/// </summary>
internal sealed class Trainer
{
    private static readonly IReadOnlyDictionary<string, double> NoLogs = new Dictionary<string, double>();
    private readonly Model model;

    internal Trainer(Model model) => this.model = model;

    /// <summary>The loop of Fit; the arguments were validated by the caller, and the model is compiled.</summary>
    internal History Fit(CompiledState state, IDataSource data, int epochs, Verbosity verbose, IEnumerable<Callback>? callbacks,
                         IDataSource? validationData, int initialEpoch, int? stepsPerEpoch, int? validationSteps, int validationFreq)
    {
        var strategy = DistributionStrategy.Current;
        data = strategy.PrepareFit(model, data);
        if (validationData is not null) (validationData, validationSteps) = strategy.ShardEvaluation(validationData, validationSteps);
        var iterator = new EpochIterator(data, stepsPerEpoch);
        var list = new CallbackList(strategy.CallbacksToRun(callbacks), model,
            new TrainingParameters(epochs, iterator.Steps, Level(strategy.Verbosity(verbose))), addHistory: true, addProgbar: true);
        var run = list.StartRun();
        var progress = run.Progress;
        model.StopTraining = false;
        var logs = NoLogs;
        list.OnTrainBegin(logs);
        run.RaiseStarted();
        for (var epoch = progress.RestoredEpoch ?? initialEpoch; epoch < epochs && !model.StopTraining; epoch++)
        {
            state.ResetMetrics();
            list.OnEpochBegin(epoch, logs);
            progress.StartEpoch(epoch);
            foreach (var (step, batch) in iterator.Epoch(epoch, progress))
            {
                list.OnTrainBatchBegin(step, logs);
                DeferredLogs.ExpireIfDeferred(logs);
                IReadOnlyDictionary<string, double> stepLogs;
                using (strategy.BeginTrainStep(model, state)) stepLogs = model.TrainStep(batch);
                logs = strategy.ReduceTrainingLogs(state, stepLogs);
                list.OnTrainBatchEnd(step, logs);
                progress.CompleteBatch();
                run.RaiseBatchCompleted();
                model.StopTraining = strategy.CombineStop(model.StopTraining);
                if (model.StopTraining) break;
            }
            if (progress.Batch == 0) throw new InvalidOperationException($"Epoch {epoch + 1}: the training data produced no batches.");
            var epochLogs = new Dictionary<string, double>(logs, StringComparer.Ordinal);
            if (validationData is not null && (epoch + 1) % validationFreq == 0)
                foreach (var (key, value) in Evaluate(state, strategy, validationData, validationSteps, list))
                    epochLogs["val_" + key] = value;
            list.OnEpochEnd(epoch, epochLogs);
            progress.CompleteEpoch();
            run.RaiseEpochCompleted();
            model.StopTraining = strategy.CombineStop(model.StopTraining);
            logs = epochLogs;
        }
        list.OnTrainEnd(logs);
        state.Optimizer.FinalizeVariableValues();
        return list.History!;
    }

    /// <summary>Evaluate: the loss and metrics over <paramref name="data"/> (this process's shard under a distribution, reduced to the global values).</summary>
    internal Dictionary<string, double> Evaluate(CompiledState state, IDataSource data, Verbosity verbose, IEnumerable<Callback>? callbacks, int? steps)
    {
        var strategy = DistributionStrategy.Current;
        (data, steps) = strategy.ShardEvaluation(data, steps);
        var list = new CallbackList(strategy.CallbacksToRun(callbacks), model,
            new TrainingParameters(1, steps ?? data.BatchCount, Level(strategy.Verbosity(verbose))), addHistory: false, addProgbar: true);
        return Evaluate(state, strategy, data, steps, list);
    }

    // Inside Fit (validation), the training metrics are reset here and again at the next epoch's start.
    private Dictionary<string, double> Evaluate(CompiledState state, DistributionStrategy strategy, IDataSource data, int? steps, CallbackList list)
    {
        state.ResetMetrics();
        var logs = NoLogs;
        list.OnTestBegin(logs);
        long samples = 0;
        foreach (var (step, batch) in new EpochIterator(data, steps).Epoch(0))
        {
            list.OnTestBatchBegin(step, logs);
            DeferredLogs.ExpireIfDeferred(logs);
            samples += batch.Size;
            logs = model.TestStep(batch);
            list.OnTestBatchEnd(step, logs);
        }
        var final = strategy.ReduceEvaluationLogs(state, logs, samples);
        list.OnTestEnd(final);
        return final;
    }

    /// <summary>Predict: every output of every batch, concatenated on the CPU (not distributed: each process predicts what it is given).</summary>
    internal IReadOnlyList<Tensor> Predict(IDataSource data, Verbosity verbose, IEnumerable<Callback>? callbacks, int? steps, int outputCount)
    {
        var iterator = new EpochIterator(data, steps);
        var list = new CallbackList(callbacks, model, new TrainingParameters(1, steps ?? data.BatchCount, Level(verbose)), addHistory: false, addProgbar: true);
        var pieces = new List<Tensor[]>();
        using var outer = torch.NewDisposeScope();
        list.OnPredictBegin(NoLogs);
        foreach (var (step, batch) in iterator.Epoch(0))
        {
            list.OnPredictBatchBegin(step, NoLogs);
            pieces.Add(model.PredictStep(batch).Select(p => p.cpu().MoveToOuterDisposeScope()).ToArray());
            list.OnPredictBatchEnd(step, NoLogs);
        }
        list.OnPredictEnd(NoLogs);
        var count = pieces.Count == 0 ? outputCount : pieces[0].Length;
        var results = new Tensor[count];
        for (var i = 0; i < count; i++) results[i] = torch.cat(pieces.Select(p => p[i]).ToArray(), 0).MoveToOuterDisposeScope();
        return results;
    }

    /// <summary>The callbacks' verbose level: Auto is a progress bar on a terminal, one line per epoch when output is redirected.</summary>
    private static int Level(Verbosity verbose) => verbose switch
    {
        Verbosity.Auto => Console.IsOutputRedirected ? 2 : 1,
        Verbosity.Silent or Verbosity.ProgressBar or Verbosity.OneLinePerEpoch => (int)verbose,
        _ => throw new ArgumentOutOfRangeException(nameof(verbose), verbose, "verbose must be Auto, Silent, ProgressBar or OneLinePerEpoch."),
    };
}
