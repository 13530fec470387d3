namespace KerasNet.Tests.DistributedTests;

// The gradient all-reduce overlapped with backward (DataParallel's overlapGradientReduction, on by default; the
// probe's OverlapProbes.cs): the same end weights as one process, on every rank, for the cases the Reducer needs care.
public partial class DataParallelProcessTests
{
    [Fact]
    public void GradientReducerAveragesDuringBackwardLeavesUnusedParametersUntouchedAndReportsAnIncompleteReduction()
    {
        // Checks inside the probe (both ranks): ReachedParameters, LastBackwardReduced false for a strict reducer with an
        // unused parameter, averaged gradients and an untouched (none) unused gradient over three steps with
        // findUnusedParameters, no_sync for an unprepared backward, and the refusal of a tensor that does not require grad.
        var ranks = RunRanks(2, r => new[] { "reducer" });
        for (var r = 0; r < 2; r++)
        {
            Assert.True(ranks[r].ExitCode == 0, ranks[r].Output);
            Assert.Contains($"rank {r}: reducer checks passed", ranks[r].Output);
        }
    }

    [Theory]
    [InlineData("on")]
    [InlineData("off")]
    public void AModelWithAnUnusedTrainableWeightAndAFrozenLayerTrainsAsOneProcess(string overlap)
    {
        var (ranks, weights, reference) = RunAgainstSingleProcess("unused", overlap);
        // Dense(8→16) kernel+bias, frozen Dense(16→16) kernel+bias, DenseWithSpare kernel (16×3) + unused spare (3).
        Assert.Equal(8 * 16 + 16 + 16 * 16 + 16 + 16 * 3 + 3, reference.Length);
        AssertSameAsReference(weights, reference);
        if (overlap == "on")
            for (var r = 0; r < 2; r++)
                // The frozen layer is left out; the spare weight's absence from the graph is found before the first step.
                Assert.Contains($"rank {r}: reducer parameters=4 find_unused=True reduced=True", ranks[r].Output);
        else
            Assert.Contains("rank 0: reducer none", ranks[0].Output);
    }

    [Fact]
    public void AWeightThatStopsGettingGradientsMidTrainingFallsBackForThatStepAndTrainsAsOneProcess()
    {
        // The spare weight is used in epoch 1 only: the reducer starts without find_unused_parameters, the first step of
        // epoch 2 leaves its bucket incomplete, that step is averaged after backward and the reducer is recreated.
        var (ranks, weights, reference) = RunAgainstSingleProcess("unused-later", "on");
        Assert.Equal(8 * 16 + 16 + 16 * 16 + 16 + 16 * 3 + 3, reference.Length);
        AssertSameAsReference(weights, reference);
        for (var r = 0; r < 2; r++)
            Assert.Contains($"rank {r}: reducer parameters=4 find_unused=True reduced=True", ranks[r].Output);
    }

    [Theory]
    [InlineData("on")]
    [InlineData("off")]
    public void GradientAccumulationAndTrainOnBatchTrainAsOneProcess(string overlap)
    {
        var (ranks, weights, reference) = RunAgainstSingleProcess("accumulate", overlap);
        Assert.Equal(8 * 16 + 16 + 16 * 3 + 3, reference.Length);
        AssertSameAsReference(weights, reference);
        if (overlap == "on")
            for (var r = 0; r < 2; r++)
                Assert.Contains($"rank {r}: reducer parameters=4 find_unused=False reduced=True", ranks[r].Output);
    }

    private static (ProbeResult[] Ranks, float[][] Weights, float[] Reference) RunAgainstSingleProcess(string mode, string overlap)
    {
        var dir = Directory.CreateTempSubdirectory("kerasnet-ddp-overlap-").FullName;
        try
        {
            var single = Run(new[] { mode, Path.Combine(dir, "single") }, env: null);
            Assert.True(single.ExitCode == 0, single.Output);
            var ranks = RunRanks(2, r => new[] { mode, Path.Combine(dir, "dist"), overlap });
            foreach (var rank in ranks) Assert.True(rank.ExitCode == 0, rank.Output);
            var weights = new[] { ReadFloats(Path.Combine(dir, "dist", "weights-0.bin")), ReadFloats(Path.Combine(dir, "dist", "weights-1.bin")) };
            return (ranks, weights, ReadFloats(Path.Combine(dir, "single", "weights-0.bin")));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static void AssertSameAsReference(float[][] weights, float[] reference)
    {
        // Bit-identical across ranks; equal to one process over the same global batches up to summation order.
        Assert.Equal(weights[0], weights[1]);
        Assert.Equal(reference.Length, weights[0].Length);
        for (var i = 0; i < reference.Length; i++)
            Assert.True(Math.Abs(weights[0][i] - reference[i]) <= 1e-6 + 1e-5 * Math.Abs(reference[i]),
                        $"weight {i}: {weights[0][i]} vs single-process {reference[i]}");
    }
}
