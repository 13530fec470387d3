using KerasNet.Tests.Callbacks;

namespace KerasNet.Tests.Distributed;

/// <summary>
/// DataParallel in real processes: tests/Keras.Net.DistributedProbe started by <c>mpirun -np 2</c> on this machine
/// (Open MPI over loopback and shared memory), compared with the same probe run alone.
/// </summary>
[Collection(MpiProcessCollection.Name)]
public class DataParallelProcessTests
{
    private const int MlpWeights = 8 * 16 + 16 + 16 * 3 + 3; // Dense(8→16) and Dense(16→3), kernels and biases

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void TwoProcessesEndWithIdenticalWeightsEqualToOneProcessOverTheSameGlobalBatches(bool overlap)
    {
        using var dir = new TempFolder();
        var single = MpiJob.RunAlone("train", dir.File("single"));
        Assert.True(single.ExitCode == 0, single.Output);
        var job = MpiJob.Run(2, Args(overlap, "train", dir.File("dist")));
        Assert.True(job.ExitCode == 0, job.Output);

        var w0 = MpiJob.ReadFloats(dir.File("dist/weights-0.bin"));
        var w1 = MpiJob.ReadFloats(dir.File("dist/weights-1.bin"));
        var reference = MpiJob.ReadFloats(dir.File("single/weights-0.bin"));
        Assert.Equal(MlpWeights, w0.Length);
        // The ranks apply the same averaged gradients to the same broadcast weights: bit-identical.
        Assert.Equal(w0, w1);
        // One process over the same 16-sample global batches differs only by float summation order (measured 1e-7 at most).
        for (var i = 0; i < reference.Length; i++)
            Assert.True(Math.Abs(w0[i] - reference[i]) <= 1e-6, $"weight {i}: {w0[i]} vs single-process {reference[i]}");

        // Rank 1 alone asked to stop after epoch 2 of 3: both stopped there, with the same global logs, equal to one process's.
        var h0 = File.ReadAllLines(dir.File("dist/history-0.txt")).Select(double.Parse).ToArray();
        var h1 = File.ReadAllLines(dir.File("dist/history-1.txt")).Select(double.Parse).ToArray();
        var hs = File.ReadAllLines(dir.File("single/history-0.txt")).Select(double.Parse).ToArray();
        Assert.Equal(2, h0.Length);
        Assert.Equal(h0, h1);
        for (var i = 0; i < hs.Length; i++) Assert.Equal(hs[i], h0[i], 1e-6);

        // CSVLogger wrote on rank 0 only, and progress was printed once.
        Assert.True(File.Exists(dir.File("dist/log-0.csv")));
        Assert.False(File.Exists(dir.File("dist/log-1.csv")));
        Assert.Equal(1, Count(job.Output, "Epoch 2/3"));
        Assert.DoesNotContain("Epoch 3/3", job.Output);
    }

    [Fact]
    public void LogsAndShardedEvaluationEqualOneProcessOverAllTheData()
    {
        using var dir = new TempFolder();
        var single = MpiJob.RunAlone("eval", dir.File("single"));
        Assert.True(single.ExitCode == 0, single.Output);
        var job = MpiJob.Run(2, "eval", dir.File("dist"));
        Assert.True(job.ExitCode == 0, job.Output);
        var r0 = MpiJob.ReadResults(dir.File("dist/results-0.txt"));
        var r1 = MpiJob.ReadResults(dir.File("dist/results-1.txt"));
        var s = MpiJob.ReadResults(dir.File("single/results-0.txt"));
        var keys = new[] { "accuracy", "auc", "f1_score", "loss", "precision", "recall" };
        foreach (var key in keys)
        {
            for (var e = 0; e < 2; e++)
            {
                // Training logs: summed metric states equal one process over the same global batches.
                Assert.Equal(s[$"single.train.{e}.{key}"], r0[$"dist.train.{e}.{key}"], 1e-6);
                Assert.Equal(r0[$"dist.train.{e}.{key}"], r1[$"dist.train.{e}.{key}"]);
                // Sharded validation equals this process evaluating all 37 samples with the epoch's weights.
                Assert.Equal(r0[$"single.val.{e}.{key}"], r0[$"dist.val.{e}.{key}"], 1e-6);
                Assert.Equal(r0[$"dist.val.{e}.{key}"], r1[$"dist.val.{e}.{key}"]);
            }
            foreach (var source in new[] { "tensors", "source" })
            {
                Assert.Equal(r0[$"single.eval.{source}.{key}"], r0[$"dist.eval.{source}.{key}"], 1e-6);
                Assert.Equal(r0[$"dist.eval.{source}.{key}"], r1[$"dist.eval.{source}.{key}"]);
            }
        }
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public void SynchronizedBatchNormalizationEqualsOneProcessOnTheWholeBatch(bool synchronized, bool overlap)
    {
        using var dir = new TempFolder();
        var single = MpiJob.RunAlone("syncbn", dir.File("single"), "true");
        Assert.True(single.ExitCode == 0, single.Output);
        var job = MpiJob.Run(2, Args(overlap, "syncbn", dir.File("dist"), synchronized ? "true" : "false"));
        Assert.True(job.ExitCode == 0, job.Output);
        float[] Dist(string name) => MpiJob.ReadFloats(dir.File($"dist/{name}-0.bin")).Concat(name == "logits" ? MpiJob.ReadFloats(dir.File($"dist/{name}-1.bin")) : []).ToArray();
        float MaxDiff(string name) => Dist(name).Zip(MpiJob.ReadFloats(dir.File($"single/{name}-0.bin")), (a, b) => Math.Abs(a - b)).Max();
        if (synchronized)
        {
            // Forward (global statistics) and backward (the gradient all-reduced through the statistics) match one process.
            foreach (var name in new[] { "logits", "grads", "weights", "moving" })
                Assert.True(MaxDiff(name) <= 2e-6, $"{name}: max difference {MaxDiff(name)} from one process on the whole batch");
            Assert.Equal(MpiJob.ReadFloats(dir.File("dist/weights-0.bin")), MpiJob.ReadFloats(dir.File("dist/weights-1.bin")));
        }
        else
        {
            // Each half's own statistics differ from the global batch's (the second half is shifted by 3).
            Assert.True(MaxDiff("logits") > 0.1, $"unsynchronized logits differ by only {MaxDiff("logits")}");
        }
    }

    [Fact]
    public void SynchronizedBatchNormalizationWithoutTheBackwardAllReduceHasWrongGradients()
    {
        using var dir = new TempFolder();
        var single = MpiJob.RunAlone("syncbn", dir.File("single"), "true");
        Assert.True(single.ExitCode == 0, single.Output);
        var job = MpiJob.Run(2, "syncbn", dir.File("dist"), "nobackward");
        Assert.True(job.ExitCode == 0, job.Output);
        float[] Read(string file) => MpiJob.ReadFloats(dir.File(file));
        float MaxDiff(float[] a, float[] b) => a.Zip(b, (u, v) => Math.Abs(u - v)).Max();
        // The forward still uses the global statistics: the logits match one process on the whole batch...
        var logits = Read("dist/logits-0.bin").Concat(Read("dist/logits-1.bin")).ToArray();
        Assert.True(MaxDiff(logits, Read("single/logits-0.bin")) <= 2e-6, $"logits: max difference {MaxDiff(logits, Read("single/logits-0.bin"))}");
        // ...but the gradient through the statistics misses the other process's share, far beyond the 2e-6 the real one keeps.
        var grads = MaxDiff(Read("dist/grads-0.bin"), Read("single/grads-0.bin"));
        Assert.True(grads > 1e-3, $"gradients without the backward all-reduce differ by only {grads}");
        Assert.True(MaxDiff(Read("dist/weights-0.bin"), Read("single/weights-0.bin")) > 1e-4);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void GradientAccumulationSynchronizesOnlyOnTheUpdatingStep(bool overlap)
    {
        using var dir = new TempFolder();
        var single = MpiJob.RunAlone("accumulate", dir.File("single"));
        Assert.True(single.ExitCode == 0, single.Output);
        var job = MpiJob.Run(2, Args(overlap, "accumulate", dir.File("dist")));
        Assert.True(job.ExitCode == 0, job.Output);
        // 4 steps per epoch, an update every 2: two gradient reductions on each rank.
        Assert.Equal("2", File.ReadAllText(dir.File("dist/reductions-0.txt")));
        Assert.Equal("2", File.ReadAllText(dir.File("dist/reductions-1.txt")));
        var w0 = MpiJob.ReadFloats(dir.File("dist/weights-0.bin"));
        Assert.Equal(w0, MpiJob.ReadFloats(dir.File("dist/weights-1.bin")));
        var reference = MpiJob.ReadFloats(dir.File("single/weights-0.bin"));
        for (var i = 0; i < reference.Length; i++)
            Assert.True(Math.Abs(w0[i] - reference[i]) <= 1e-6, $"weight {i}: {w0[i]} vs single-process {reference[i]}");
    }

    private static string[] Args(bool overlap, params string[] args) => overlap ? [.. args, "--overlap"] : args;

    private static int Count(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + 1, StringComparison.Ordinal)) count++;
        return count;
    }
}
