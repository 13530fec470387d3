using System.Diagnostics;
using KerasNet.Torch.Tests;

namespace KerasNet.Tests.DistributedTests;

/// <summary>
/// Data-parallel training in real processes: tests/Keras.Net.DistributedProbe started twice on 127.0.0.1 with Gloo,
/// as a launcher would (MASTER_ADDR, MASTER_PORT, RANK, WORLD_SIZE, LOCAL_RANK).
/// </summary>
public partial class DataParallelProcessTests
{
    // Bounds on how long a probe may run before the test calls it hung (not timing assertions: a correct run is far below).
    private static readonly TimeSpan ProbeLimit = TimeSpan.FromSeconds(180);

    [Fact]
    public void TwoProcessesEndWithIdenticalWeightsEqualToOneProcessOverTheSameGlobalBatches()
    {
        var dir = Directory.CreateTempSubdirectory("kerasnet-ddp-").FullName;
        try
        {
            var single = Run(new[] { "train", Path.Combine(dir, "single") }, env: null);
            Assert.True(single.ExitCode == 0, single.Output);
            var ranks = RunRanks(2, r => new[] { "train", Path.Combine(dir, "dist") });
            foreach (var rank in ranks) Assert.True(rank.ExitCode == 0, rank.Output);

            var w0 = ReadFloats(Path.Combine(dir, "dist", "weights-0.bin"));
            var w1 = ReadFloats(Path.Combine(dir, "dist", "weights-1.bin"));
            var reference = ReadFloats(Path.Combine(dir, "single", "weights-0.bin"));
            Assert.Equal(8 * 16 + 16 + 16 * 3 + 3, w0.Length); // Dense(8→16) and Dense(16→3), kernels and biases
            // The ranks apply the same averaged gradients to the same broadcast weights: bit-identical.
            Assert.Equal(w0, w1);
            // One process over the same 16-sample global batches differs only by float summation order: 8 steps of
            // SGD with momentum stay within 1e-5 relative / 1e-6 absolute (measured: 9e-8 at most).
            for (var i = 0; i < reference.Length; i++)
                Assert.True(Math.Abs(w0[i] - reference[i]) <= 1e-6 + 1e-5 * Math.Abs(reference[i]), $"weight {i}: {w0[i]} vs single-process {reference[i]}");

            // Rank 1 alone asked to stop after epoch 2 of 3: both ranks stopped there, with the same global logs,
            // equal to the single-process epoch losses.
            var h0 = File.ReadAllLines(Path.Combine(dir, "dist", "history-0.txt")).Select(double.Parse).ToArray();
            var h1 = File.ReadAllLines(Path.Combine(dir, "dist", "history-1.txt")).Select(double.Parse).ToArray();
            var hs = File.ReadAllLines(Path.Combine(dir, "single", "history-0.txt")).Select(double.Parse).ToArray();
            Assert.Equal(2, h0.Length);
            Assert.Equal(h0, h1);
            for (var i = 0; i < hs.Length; i++) Assert.Equal(hs[i], h0[i], 1e-5);

            // CSVLogger wrote on rank 0 only; the progress lines came from rank 0 only.
            Assert.True(File.Exists(Path.Combine(dir, "dist", "log-0.csv")));
            Assert.False(File.Exists(Path.Combine(dir, "dist", "log-1.csv")));
            Assert.Contains("Epoch 2/3", ranks[0].Output);
            Assert.DoesNotContain("Epoch", ranks[1].Output);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void WhenARankIsKilledTheOtherStopsWithAPeerLostError()
    {
        var ranks = RunRanks(2, r => new[] { "die", "20" });
        Assert.True(ranks[1].ExitCode != 0, ranks[1].Output);
        Assert.Contains("rank 1: killing itself", ranks[1].Output);
        Assert.True(ranks[0].ExitCode == 3, ranks[0].Output);
        Assert.Contains("caught DistributedPeerLostException", ranks[0].Output);
        Assert.Contains("torch.distributed.all_reduce (rank 0 of 2", ranks[0].Output);
        Assert.Contains("Another process of the group exited or crashed", ranks[0].Output);
    }

    [Fact]
    public void WhenARankStopsRespondingTheOtherTimesOut()
    {
        var ranks = RunRanks(2, r => new[] { "hang", "3" }, killAfterRank0: true);
        Assert.True(ranks[1].Output.Contains("rank 1: hanging"), $"rank 1 printed:\n{ranks[1].Output}\nrank 0 printed:\n{ranks[0].Output}");
        Assert.True(ranks[0].ExitCode == 3, ranks[0].Output);
        Assert.Contains("caught DistributedTimeoutException", ranks[0].Output);
        Assert.Contains("timed out", ranks[0].Output);
    }

    [Fact]
    public void AfterARankDiesARestartResumesEveryRankFromTheNewestBackupTheyShareAndEndsAsAnUninterruptedRun()
    {
        var dir = Directory.CreateTempSubdirectory("kerasnet-ddp-backup-").FullName;
        try
        {
            var reference = RunRanks(2, r => new[] { "backup", Path.Combine(dir, "reference"), Path.Combine(dir, "reference-backup") });
            for (var r = 0; r < 2; r++)
            {
                Assert.True(reference[r].ExitCode == 0, reference[r].Output);
                Assert.Contains($"rank {r}: resumed at epoch none", reference[r].Output);
            }

            // Rank 1 dies at the end of epoch 1 (0-based), before its second backup; rank 0 writes its second backup
            // (resume at epoch 2, the first kept as .prev), then loses its peer.
            var backupDir = Path.Combine(dir, "backup");
            var crashed = RunRanks(2, r => new[] { "backup", Path.Combine(dir, "crashed"), backupDir, "1" });
            Assert.True(crashed[1].ExitCode != 0, crashed[1].Output);
            Assert.Contains("rank 1: killing itself at the end of epoch 1", crashed[1].Output);
            Assert.True(crashed[0].ExitCode == 3, crashed[0].Output);
            Assert.Contains("caught DistributedPeerLostException", crashed[0].Output);
            Assert.Equal(
                new[] { "training_state.rank0.safetensors", "training_state.rank0.safetensors.prev", "training_state.rank1.safetensors" },
                Directory.GetFiles(backupDir).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray());

            // A copy where rank 1 has no backup at all: nothing in common, every rank refuses with the files named.
            var orphanDir = Path.Combine(dir, "orphan");
            Directory.CreateDirectory(orphanDir);
            foreach (var name in new[] { "training_state.rank0.safetensors", "training_state.rank0.safetensors.prev" })
                File.Copy(Path.Combine(backupDir, name), Path.Combine(orphanDir, name));

            // The restart: both ranks go back to the backup they share (resume at epoch 1).
            var resumed = RunRanks(2, r => new[] { "backup", Path.Combine(dir, "resumed"), backupDir });
            for (var r = 0; r < 2; r++)
            {
                Assert.True(resumed[r].ExitCode == 0, resumed[r].Output);
                Assert.Contains($"rank {r}: resumed at epoch 1", resumed[r].Output);
            }
            var expected = ReadFloats(Path.Combine(dir, "reference", "weights-0.bin"));
            Assert.Equal(8 * 16 + 16 + 16 * 3 + 3, expected.Length);
            Assert.Equal(expected, ReadFloats(Path.Combine(dir, "reference", "weights-1.bin")));
            // Bitwise: the same weights, optimizer state and data order as the uninterrupted run, on each rank.
            Assert.Equal(expected, ReadFloats(Path.Combine(dir, "resumed", "weights-0.bin")));
            Assert.Equal(expected, ReadFloats(Path.Combine(dir, "resumed", "weights-1.bin")));
            Assert.Empty(Directory.GetFiles(backupDir)); // deleted when training ended

            var orphan = RunRanks(2, r => new[] { "backup", Path.Combine(dir, "orphan-out"), orphanDir });
            for (var r = 0; r < 2; r++)
            {
                Assert.True(orphan[r].ExitCode == 4, orphan[r].Output);
                Assert.Contains("caught ModelArchiveException", orphan[r].Output);
                Assert.Contains("backups in '" + orphanDir + "' have no resume point in common (rank 0: training_state.rank0.safetensors (epoch 2, batch 0), " +
                                "training_state.rank0.safetensors.prev (epoch 1, batch 0); rank 1: training_state.rank1.safetensors (none), " +
                                "training_state.rank1.safetensors.prev (none)). Delete every rank's backup files to start training afresh.", orphan[r].Output);
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    internal sealed record ProbeResult(int ExitCode, string Output);

    internal static ProbeResult[] RunRanks(int worldSize, Func<int, string[]> args, bool killAfterRank0 = false)
    {
        // The probes' stores bind MASTER_PORT and MASTER_PORT + 1 (the startup barrier). A port taken between our check
        // and their bind (by the other test process, say) fails the rendezvous at once: start again on other ports.
        for (var attempt = 1; ; attempt++)
        {
            var ranks = RunRanksOnce(worldSize, args, killAfterRank0, LoopbackPorts.FreeRun(2));
            if (attempt == 3 || !ranks.Any(r => LoopbackPorts.IsAddressInUse(r.Output))) return ranks;
        }
    }

    private static ProbeResult[] RunRanksOnce(int worldSize, Func<int, string[]> args, bool killAfterRank0, int port)
    {
        var processes = Enumerable.Range(0, worldSize).Select(r => Start(args(r), new Dictionary<string, string>
        {
            ["MASTER_ADDR"] = "127.0.0.1",
            ["MASTER_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RANK"] = r.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["WORLD_SIZE"] = worldSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["LOCAL_RANK"] = r.ToString(System.Globalization.CultureInfo.InvariantCulture),
        })).ToArray();
        if (killAfterRank0)
        {
            // Rank 1 hangs on purpose: once rank 0 has exited (it must, by its own timeout), end rank 1.
            var first = Finish(processes[0]);
            processes[1].Process.Kill(entireProcessTree: true);
            return new[] { first, Finish(processes[1]) };
        }
        return processes.Select(Finish).ToArray();
    }

    internal static ProbeResult Run(string[] args, Dictionary<string, string>? env) => Finish(Start(args, env));

    private sealed record Started(Process Process, Task<string> Output);

    private static Started Start(string[] args, Dictionary<string, string>? env)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(ProbePath());
        foreach (var a in args) info.ArgumentList.Add(a);
        foreach (var name in new[] { "MASTER_ADDR", "MASTER_PORT", "RANK", "WORLD_SIZE", "LOCAL_RANK" }) info.Environment.Remove(name);
        if (env is not null) foreach (var (k, v) in env) info.Environment[k] = v;
        var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        return new Started(process, Task.WhenAll(stdout, stderr).ContinueWith(t => t.Result[0] + t.Result[1], TaskScheduler.Default));
    }

    private static ProbeResult Finish(Started started)
    {
        if (!started.Process.WaitForExit(ProbeLimit))
        {
            started.Process.Kill(entireProcessTree: true);
            started.Process.WaitForExit();
            Assert.Fail($"The probe did not exit within {ProbeLimit.TotalSeconds} s (a hang). Output:\n{started.Output.Result}");
        }
        started.Process.WaitForExit();
        return new ProbeResult(started.Process.ExitCode, started.Output.Result);
    }

    // tests/Keras.Net.DistributedProbe/bin/<configuration>/<tfm>/ mirrors this test assembly's own output folder.
    private static string ProbePath()
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var tfm = here.Name;
        var configuration = here.Parent!.Name;
        var root = here;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Keras.Net.sln"))) root = root.Parent;
        Assert.NotNull(root);
        var path = Path.Combine(root!.FullName, "tests", "Keras.Net.DistributedProbe", "bin", configuration, tfm, "Keras.Net.DistributedProbe.dll");
        Assert.True(File.Exists(path), $"The probe is not built at {path}; build the solution (or tests/Keras.Net.DistributedProbe) first.");
        return path;
    }

    internal static float[] ReadFloats(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var result = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, result, 0, result.Length * 4);
        return result;
    }
}
