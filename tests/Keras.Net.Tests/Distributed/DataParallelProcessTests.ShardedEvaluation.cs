using System.Globalization;

namespace KerasNet.Tests.DistributedTests;

/// <summary>Sharded validation and Evaluate, and exact logs, in 2 real processes (probe mode <c>shardeval</c>).</summary>
public partial class DataParallelProcessTests
{
    private static readonly string[] MetricKeys = { "accuracy", "auc", "f1_score", "loss", "precision", "recall" };

    [Fact]
    public void ValidationAndEvaluateShardTheSamplesAndEveryRankGetsTheSingleProcessResultsAsDoTheTrainingLogs()
    {
        var dir = Directory.CreateTempSubdirectory("kerasnet-ddp-eval-").FullName;
        try
        {
            var single = Run(new[] { "shardeval", Path.Combine(dir, "single") }, env: null);
            Assert.True(single.ExitCode == 0, single.Output);
            var ranks = RunRanks(2, r => new[] { "shardeval", Path.Combine(dir, "dist") });
            foreach (var rank in ranks) Assert.True(rank.ExitCode == 0, rank.Output);
            var r0 = ReadResults(Path.Combine(dir, "dist", "results-0.txt"));
            var r1 = ReadResults(Path.Combine(dir, "dist", "results-1.txt"));
            var reference = ReadResults(Path.Combine(dir, "single", "results-0.txt"));

            // Each rank evaluated only its shard of the 37 validation samples, and together every sample once:
            // in-memory tensors in contiguous ranges (19 + 18), the opaque source by batches of 6 (0, 2, 4, 6: 19
            // samples; 1, 3, 5: 18), steps: 5 in batches of 4 = the first 20 samples (10 + 10).
            foreach (var key in new[] { "seen.val.0", "seen.val.1", "seen.eval.tensors", "seen.eval.source" })
            {
                Assert.Equal(19, r0[key]);
                Assert.Equal(18, r1[key]);
            }
            Assert.Equal(10, r0["seen.eval.steps"]);
            Assert.Equal(10, r1["seen.eval.steps"]);

            // Every rank gets the same global values, and they are those of one process evaluating all the samples
            // with the same weights. Accuracy, AUC, precision, recall and F1 add integer counts (the same on both
            // sides); the loss differs by float32 rounding of differently grouped batch means: 1e-6 (measured: 3e-8).
            var evaluations = new[] { "val.0", "val.1", "eval.tensors", "eval.source", "eval.steps" };
            foreach (var evaluation in evaluations)
                foreach (var metric in MetricKeys)
                {
                    var key = $"dist.{evaluation}.{metric}";
                    Assert.Equal(r0[key], r1[key]);
                    var expected = r0[$"single.{evaluation}.{metric}"];
                    Assert.True(Math.Abs(r0[key] - expected) <= 1e-6, $"{key}: {r0[key]} on 2 processes vs {expected} on one");
                }
            // Nothing else was logged: the metrics of 2 training epochs and of each evaluation twice (2 processes, 1), 5 counts.
            Assert.Equal(MetricKeys.Length * (2 + 2 * evaluations.Length) + 5, r0.Count);

            // Training epoch logs are the state sums over both ranks' samples, as one process over the same global
            // batches computes them (not the average of per-rank AUC or precision): the weights agree to 1e-6 (see
            // the test above), the loss to float rounding (1e-5, as above), the counted metrics exactly here.
            for (var epoch = 0; epoch < 2; epoch++)
                foreach (var metric in MetricKeys)
                {
                    var key = $"dist.train.{epoch}.{metric}";
                    Assert.Equal(r0[key], r1[key]);
                    var expected = reference[$"single.train.{epoch}.{metric}"];
                    var tolerance = metric == "loss" ? 1e-5 : 1e-6;
                    Assert.True(Math.Abs(r0[key] - expected) <= tolerance, $"{key}: {r0[key]} on 2 processes vs {expected} on one");
                }

            // Progress from rank 0 only: the epoch lines carry the validation values; Evaluate printed its line there only.
            Assert.Contains("val_auc:", ranks[0].Output);
            Assert.Contains("5/5 - ", ranks[0].Output); // rank 0's 19 samples in batches of 4
            Assert.DoesNotContain("auc", ranks[1].Output);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static Dictionary<string, double> ReadResults(string path) =>
        File.ReadAllLines(path).Select(l => l.Split(' ')).ToDictionary(p => p[0], p => double.Parse(p[1], CultureInfo.InvariantCulture));
}
