using KerasNet.Callbacks;
using KerasNet.Data;
using KerasNet.Layers;
using KerasNet.Models;
using KerasNet.Optimizers;
using KerasNet.Tests.Callbacks;
using KerasNet.Training;

namespace KerasNet.Tests.TrainingTests;

/// <summary>The trainer's loop contract: run events, loop progress, stateful callbacks, deferred logs, overridable steps.</summary>
[Collection("Training")]
public class TrainerTests
{
    /// <summary>Counts the batches it sees; its count survives an interrupted Fit through <see cref="IStatefulCallback"/>.</summary>
    private sealed class BatchCounter : Callback, IStatefulCallback
    {
        public int Seen { get; private set; }

        public CallbackState? Restored { get; private set; }

        public override void OnTrainBatchEnd(int batch, IReadOnlyDictionary<string, double> logs) => Seen++;

        public CallbackState GetState() => new(new Dictionary<string, double> { ["seen"] = Seen });

        public void SetState(CallbackState state)
        {
            Restored = state;
            Seen = (int)state.Values["seen"];
        }
    }

    /// <summary>Records the hooks of the other callbacks and the run's events, in the order they happen.</summary>
    private sealed class EventRecorder : Callback
    {
        public List<string> Events { get; } = new();

        public override void OnTrainBegin(IReadOnlyDictionary<string, double> logs)
        {
            var run = Run!;
            run.Started += (_, _) => Events.Add("started");
            run.BatchCompleted += (_, _) => Events.Add($"batch-completed {run.Progress.Epoch}/{run.Progress.Batch}");
            run.EpochCompleted += (_, _) => Events.Add($"epoch-completed {run.Progress.Epoch}/{run.Progress.Batch}");
        }
    }

    private sealed class HookRecorder : Callback
    {
        private readonly List<string> events;

        public HookRecorder(List<string> events) => this.events = events;

        public override void OnTrainBegin(IReadOnlyDictionary<string, double> logs) => events.Add("train-begin");

        public override void OnTrainBatchEnd(int batch, IReadOnlyDictionary<string, double> logs) => events.Add($"batch-end {batch}");

        public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs) => events.Add($"epoch-end {epoch}");
    }

    /// <summary>Keeps every batch's logs; reads only those of the batches listed.</summary>
    private sealed class LogKeeper : Callback
    {
        private readonly int readBatch;

        public LogKeeper(int readBatch) => this.readBatch = readBatch;

        public List<IReadOnlyDictionary<string, double>> Kept { get; } = new();

        public double ReadDuringTheHook { get; private set; }

        public override void OnTrainBatchEnd(int batch, IReadOnlyDictionary<string, double> logs)
        {
            Kept.Add(logs);
            if (batch == readBatch) ReadDuringTheHook = logs["loss"];
        }
    }

    /// <summary>A model whose training step is written as a user would: loss, backward, Apply, nothing else.</summary>
    private sealed class PlainStepModel : Model
    {
        private readonly Dense dense = new(1, kernelInitializer: "ones");

        public PlainStepModel() : base("plain") { }

        protected override IReadOnlyList<Tensor> Call(IReadOnlyList<Tensor> inputs, CallContext context) => new[] { dense.Apply(inputs[0], context.Training) };

        protected internal override IReadOnlyDictionary<string, double> TrainStep(Batch batch)
        {
            var loss = torch.nn.functional.mse_loss(Apply(batch.X[0], training: true), batch.Y[0]);
            loss.backward();
            Optimizer!.Apply();
            return new Dictionary<string, double> { ["loss"] = loss.ToDouble() };
        }
    }

    private static Sequential OneDense() => new(new Layer[] { Keras.Input(2), new Dense(1, kernelInitializer: "ones") });

    [Fact]
    public void TheRunAnnouncesItsSavePointsAfterEveryCallbackHasHandledThem()
    {
        using var scope = torch.NewDisposeScope();
        var (x, y) = CallbackTestSupport.RandomData(samples: 6);
        using var model = CallbackTestSupport.CompiledModel();
        var recorder = new EventRecorder();
        // The recorder comes first: the events must still come after the later callback's hooks.
        model.Fit(x, y, batchSize: 3, epochs: 2, verbose: Verbosity.Silent, callbacks: new Callback[] { recorder, new HookRecorder(recorder.Events) });
        Assert.Equal(new[]
        {
            "train-begin", "started",
            "batch-end 0", "batch-completed 0/1", "batch-end 1", "batch-completed 0/2", "epoch-end 0", "epoch-completed 1/0",
            "batch-end 0", "batch-completed 1/1", "batch-end 1", "batch-completed 1/2", "epoch-end 1", "epoch-completed 2/0",
        }, recorder.Events);
    }

    [Fact]
    public void AnyCallbackThatImplementsIStatefulCallbackIsBackedUpAndRestored()
    {
        using var folder = new TempFolder();
        using var scope = torch.NewDisposeScope();
        var (x, y) = CallbackTestSupport.RandomData(samples: 12);
        using var first = CallbackTestSupport.CompiledModel();
        var counter = new BatchCounter();
        first.Fit(x, y, batchSize: 4, epochs: 2, verbose: Verbosity.Silent,
            callbacks: new Callback[] { counter, new BackupAndRestore(folder.File("b"), deleteCheckpoint: false) });
        Assert.Equal(6, counter.Seen);

        using var second = CallbackTestSupport.CompiledModel();
        var resumed = new BatchCounter();
        var backup = new BackupAndRestore(folder.File("b"));
        second.Fit(x, y, batchSize: 4, epochs: 3, verbose: Verbosity.Silent, callbacks: new Callback[] { backup, resumed });
        Assert.Equal(2, backup.ResumeEpoch);
        Assert.Equal(6, resumed.Restored!.Values["seen"]);
        Assert.Equal(9, resumed.Seen);
    }

    [Fact]
    public void LogsThatWereNotReadDuringTheirBatchCannotBeReadLater()
    {
        using var scope = torch.NewDisposeScope();
        var (x, y) = CallbackTestSupport.RandomData(samples: 12);
        using var model = CallbackTestSupport.CompiledModel();
        var keeper = new LogKeeper(readBatch: 1);
        model.Fit(x, y, batchSize: 4, epochs: 1, verbose: Verbosity.Silent, callbacks: new Callback[] { keeper });
        var error = Assert.Throws<InvalidOperationException>(() => keeper.Kept[0]["loss"]);
        Assert.Contains("belong to an earlier training step", error.Message);
        // Logs read during their hook keep their value; the last batch's logs are still current.
        Assert.Equal(keeper.ReadDuringTheHook, keeper.Kept[1]["loss"]);
        Assert.True(double.IsFinite(keeper.Kept[2]["loss"]));
    }

    [Fact]
    public void AnOverriddenTrainStepNeedsNoGradientAccumulationRule()
    {
        using var scope = torch.NewDisposeScope();
        var x = TestData.Randn(7, 8, 2);
        var y = TestData.Randn(8, 8, 1);
        using var plain = new PlainStepModel();
        plain.Compile(new SGD(0.1, gradientAccumulationSteps: 2), "mse");
        plain.Fit(x, y, batchSize: 2, epochs: 2, shuffle: false, verbose: Verbosity.Silent);
        using var reference = OneDense();
        reference.Compile(new SGD(0.1, gradientAccumulationSteps: 2), "mse");
        reference.Fit(x, y, batchSize: 2, epochs: 2, shuffle: false, verbose: Verbosity.Silent);
        // Same math, same order: the weights agree to the last bit.
        Assert.Equal(CallbackTestSupport.WeightValues(reference), CallbackTestSupport.WeightValues(plain));
        Assert.Equal(8, plain.Optimizer!.Iterations);
        Assert.All(plain.TrainableWeights, w => Assert.Null(w.Value.grad));
    }

    [Fact]
    public void TheEpochIteratorFreesEachBatchWhenTheNextIsDrawn()
    {
        using var scope = torch.NewDisposeScope();
        var source = new TensorBatchSource(new[] { TestData.Randn(1, 20, 2) }, new[] { TestData.Randn(2, 20, 1) }, null, batchSize: 4, shuffle: true);
        var live = new List<long>();
        Tensor? previous = null;
        var steps = new List<int>();
        foreach (var (step, batch) in new EpochIterator(source, steps: 4).Epoch(0))
        {
            if (previous is not null) Assert.True(previous.IsInvalid, $"step {step}: the previous batch is still alive");
            previous = batch.X[0];
            steps.Add(step);
            live.Add(DisposeScopeManager.Statistics.ThreadTotalLiveCount);
        }
        Assert.Equal(new[] { 0, 1, 2, 3 }, steps);
        Assert.True(previous!.IsInvalid, "the last batch is freed when the loop ends");
        Assert.All(live, n => Assert.Equal(live[0], n));
    }

    [Fact]
    public void TheProgressBarReadsTheLogsOnlyWhenItDraws()
    {
        var output = new StringWriter();
        var bar = new Progbar(target: 100, verbose: 1, output: output, isTerminal: true, interval: 3600);
        var reads = 0;
        IReadOnlyList<KeyValuePair<string, double>> Read()
        {
            reads++;
            return new[] { KeyValuePair.Create("loss", 0.5) };
        }
        for (var step = 1; step < 100; step++) bar.Update(step, Read);
        // The first step draws; the next 98 fall within the interval and read nothing.
        Assert.Equal(1, reads);
        bar.Update(100, Read);
        Assert.Equal(2, reads);
        Assert.Contains("loss: 0.5000", output.ToString());
    }
}
