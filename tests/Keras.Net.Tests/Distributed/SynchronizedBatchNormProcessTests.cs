using static KerasNet.Tests.DistributedTests.DataParallelProcessTests;

namespace KerasNet.Tests.DistributedTests;

/// <summary>
/// BatchNormalization(synchronized: true) in two real processes (tests/Keras.Net.DistributedProbe, mode syncbn,
/// SyncBatchNormProbe.cs): each rank holds half of a fixed 16-sample global batch whose halves have different
/// statistics; the reference is one process running the plain layer on the whole global batch.
/// </summary>
public class SynchronizedBatchNormProcessTests
{
    // Conv2D(3, 3) on 2 channels: 3·3·2·3 + 3; BatchNormalization(3): gamma, beta (trainable), moving mean, variance;
    // Dense(27 → 3): 27·3 + 3.
    private const int ConvWeights = 3 * 3 * 2 * 3 + 3, BnTrainable = 2 * 3, DenseWeights = 27 * 3 + 3;
    private const int TrainableScalars = ConvWeights + BnTrainable + DenseWeights;

    // |actual − expected| ≤ 1e-6 + 1e-5·|expected|; records the largest absolute difference and the largest share of
    // the tolerance used.
    private static void AssertClose(float[] expected, float[] actual, string what, ref (double Abs, double OfTolerance) worst)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            var error = Math.Abs((double)actual[i] - expected[i]);
            var tolerance = 1e-6 + 1e-5 * Math.Abs(expected[i]);
            Assert.True(error <= tolerance, $"{what}[{i}]: {actual[i]} vs single-process {expected[i]}");
            worst = (Math.Max(worst.Abs, error), Math.Max(worst.OfTolerance, error / tolerance));
        }
    }

    [Fact]
    public void WhenARankDiesTheOtherStopsInTheLayersAllReduceWithAPeerLostError()
    {
        var ranks = RunRanks(2, r => new[] { "syncbn", "unused", "die" });
        Assert.True(ranks[1].ExitCode != 0, ranks[1].Output);
        Assert.Contains("rank 1: killing itself", ranks[1].Output);
        Assert.True(ranks[0].ExitCode == 3, ranks[0].Output);
        Assert.Contains("caught DistributedPeerLostException", ranks[0].Output);
        // The first collective of a step is the BatchNormalization's forward all-reduce of 3 sums and the count.
        Assert.Contains("torch.distributed.nn.functional.all_reduce (rank 0 of 2, float32[4])", ranks[0].Output);
        Assert.Contains("Another process of the group exited or crashed", ranks[0].Output);
    }

    private static (ProbeResult[] Ranks, string Dir) RunTwoRanks(string root, bool synchronized)
    {
        var dir = Path.Combine(root, synchronized ? "sync" : "plain");
        var ranks = RunRanks(2, r => new[] { "syncbn", dir, synchronized ? "true" : "false" });
        foreach (var rank in ranks) Assert.True(rank.ExitCode == 0, rank.Output);
        return (ranks, dir);
    }

    [Fact]
    public void TwoRanksWithSynchronizedBatchNormMatchOneProcessOnTheGlobalBatchAndUnsynchronizedRanksDiffer()
    {
        var root = Directory.CreateTempSubdirectory("kerasnet-syncbn-").FullName;
        try
        {
            var singleDir = Path.Combine(root, "single");
            var single = Run(new[] { "syncbn", singleDir, "false" }, env: null);
            Assert.True(single.ExitCode == 0, single.Output);
            var (_, syncDir) = RunTwoRanks(root, synchronized: true);

            float[] Read(string dir, string name, int rank) => ReadFloats(Path.Combine(dir, $"{name}-{rank}.bin"));
            var worst = (Abs: 0.0, OfTolerance: 0.0);

            // Step 1: each rank's training-mode logits are its rows of the single process's logits (global statistics),
            // and its averaged gradients are the single process's gradients of the global mean loss.
            var logits = Read(singleDir, "logits", 0);
            Assert.Equal(16 * 3, logits.Length);
            for (var r = 0; r < 2; r++)
                AssertClose(logits.Skip(r * 8 * 3).Take(8 * 3).ToArray(), Read(syncDir, "logits", r), $"rank {r} logits", ref worst);
            var grads = Read(singleDir, "grads", 0);
            Assert.Equal(TrainableScalars, grads.Length);
            Assert.Equal(Read(syncDir, "grads", 0), Read(syncDir, "grads", 1));
            AssertClose(grads, Read(syncDir, "grads", 0), "averaged gradients", ref worst);

            // Step 2 (Fit, one SGD step on the global batch): every weight, and the moving statistics after both steps.
            foreach (var name in new[] { "weights", "moving" })
            {
                var expected = Read(singleDir, name, 0);
                Assert.Equal(Read(syncDir, name, 0), Read(syncDir, name, 1)); // bit-identical ranks
                AssertClose(expected, Read(syncDir, name, 0), name, ref worst);
            }
            Assert.Equal(2 * 3, Read(singleDir, "moving", 0).Length);
            Assert.Equal(TrainableScalars + 2 * 3, Read(singleDir, "weights", 0).Length);
            // Only float summation order differs (printed for the record).
            Console.WriteLine($"synchronized BatchNormalization, 2 ranks vs 1 process: max |difference| {worst.Abs:E2}, " +
                              $"{worst.OfTolerance:P1} of the tolerance at most");

            // The same run without synchronisation: each rank normalises with its own half's statistics, so the ranks'
            // moving statistics (the halves differ by a shift of 3) and their logits disagree with the reference.
            var (_, plainDir) = RunTwoRanks(root, synchronized: false);
            var moving0 = Read(plainDir, "moving", 0);
            var moving1 = Read(plainDir, "moving", 1);
            Assert.True(moving0.Zip(moving1).Max(p => Math.Abs(p.First - p.Second)) > 0.1,
                $"unsynchronized ranks' moving statistics should differ: {string.Join(", ", moving0)} vs {string.Join(", ", moving1)}");
            var plainLogits = Read(plainDir, "logits", 0);
            Assert.True(plainLogits.Zip(logits.Take(8 * 3)).Max(p => Math.Abs(p.First - p.Second)) > 0.01,
                "unsynchronized logits should differ from the global-batch reference");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
