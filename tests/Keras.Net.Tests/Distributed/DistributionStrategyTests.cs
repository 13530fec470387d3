using KerasNet.Callbacks;
using KerasNet.Data;
using KerasNet.Distributed;
using KerasNet.Models;
using KerasNet.Tests.Callbacks;

namespace KerasNet.Tests.Distributed;

/// <summary>
/// The points at which Fit and Evaluate consult a distribution, seen through a recording context that plays two
/// identical processes: every collective adds this process's values to a twin's equal ones.
/// </summary>
[Collection("Training")]
public class DistributionStrategyTests
{
    private sealed class TwinContext : IDistributionContext
    {
        public TwinContext(bool isChief) => IsChief = isChief;

        public List<string> Calls { get; } = new();

        public int Rank => IsChief ? 0 : 1;

        public int WorldSize => 2;

        public bool IsChief { get; }

        public IDataSource ShardTensors(IReadOnlyList<Tensor> x, IReadOnlyList<Tensor> y, Tensor? sampleWeight, int batchSize, bool shuffle)
        {
            Calls.Add("shard-tensors");
            return new TensorBatchSource(x, y, sampleWeight, batchSize, shuffle);
        }

        public IDataSource ShardData(IDataSource data)
        {
            Calls.Add("shard-data");
            return data;
        }

        public void SynchronizeWeights(IReadOnlyList<Tensor> weights) => Calls.Add($"synchronize {weights.Count}");

        // The twin's gradients equal these: their average is these.
        public void ReduceGradients(IReadOnlyList<Tensor> gradients) => Calls.Add($"reduce-gradients {gradients.Count}");

        public double[] AllReduceSum(double[] values)
        {
            Calls.Add("all-reduce");
            return values.Select(v => 2 * v).ToArray();
        }

        public Tensor AllReduceSum(Tensor tensor) => tensor * 2;

        public bool AnyStop(bool stop)
        {
            Calls.Add("any-stop");
            return stop;
        }

        public long[] AllGather(long[] values) => values.Concat(values).ToArray();

        public bool RunsCallback(Callback callback) => callback is not ModelCheckpoint;
    }

    private sealed class Seen : Callback
    {
        public bool Began { get; private set; }

        public override void OnTrainBegin(IReadOnlyDictionary<string, double> logs) => Began = true;
    }

    [Fact]
    public void FitAsksTheDistributionAtItsFixedPointsAndGivesTheSingleProcessResults()
    {
        using var scope = torch.NewDisposeScope();
        using var folder = new TempFolder();
        var (x, y) = CallbackTestSupport.RandomData(samples: 16);
        using var single = CallbackTestSupport.CompiledModel();
        CallbackTestSupport.FillWeights(single, 0.1f);
        var expected = single.Fit(x, y, batchSize: 4, epochs: 2, shuffle: false, verbose: Verbosity.Silent);

        var twin = new TwinContext(isChief: true);
        using var model = CallbackTestSupport.CompiledModel();
        CallbackTestSupport.FillWeights(model, 0.1f);
        var writer = new ModelCheckpoint(folder.File("m.keras"));
        var seen = new Seen();
        History history;
        TrainingDistribution.Set(twin);
        try
        {
            history = model.Fit(x, y, batchSize: 4, epochs: 2, shuffle: false, verbose: Verbosity.Silent, callbacks: new Callback[] { writer, seen });
        }
        finally
        {
            TrainingDistribution.Clear();
        }
        var perBatch = new[] { "reduce-gradients 4", "all-reduce", "any-stop" };
        var epoch = Enumerable.Repeat(perBatch, 4).SelectMany(c => c).Append("any-stop");
        Assert.Equal(new[] { "shard-tensors", "shard-data", "synchronize 4" }.Concat(epoch).Concat(epoch), twin.Calls);
        Assert.True(seen.Began);
        Assert.False(File.Exists(folder.File("m.keras")), "a callback the distribution does not run on this process wrote a file");
        Assert.Equal(CallbackTestSupport.WeightValues(single), CallbackTestSupport.WeightValues(model));
        Assert.Equal(expected["loss"], history["loss"]);
    }

    [Fact]
    public void EvaluateShardsItsDataAndReducesOnceAtTheEnd()
    {
        using var scope = torch.NewDisposeScope();
        var (x, y) = CallbackTestSupport.RandomData(samples: 16);
        using var model = CallbackTestSupport.CompiledModel();
        var expected = model.EvaluateDict(x.narrow(0, 8, 8), y.narrow(0, 8, 8), batchSize: 4, verbose: Verbosity.Silent);
        var twin = new TwinContext(isChief: false);
        TrainingDistribution.Set(twin);
        Dictionary<string, double> logs;
        var output = new StringWriter();
        try
        {
            // Rank 1 of 2 evaluates the second half of the samples; the twin's equal sums stand for the other half.
            logs = model.EvaluateDict(new TensorBatchSource(new[] { x }, new[] { y }, null, 4, shuffle: false),
                verbose: Verbosity.ProgressBar, callbacks: new Callback[] { new ProgbarLogger(output) });
        }
        finally
        {
            TrainingDistribution.Clear();
        }
        Assert.Equal(new[] { "all-reduce" }, twin.Calls.Where(c => c == "all-reduce"));
        Assert.Equal(string.Empty, output.ToString());
        Assert.Equal(expected["loss"], logs["loss"], 12);
    }
}
