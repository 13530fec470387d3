using KerasNet.Tests.Callbacks;

namespace KerasNet.Tests.Distributed;

/// <summary>
/// What the surviving ranks of an MPI job see when a peer dies or hangs, and how BackupAndRestore resumes after one died:
/// every job here must end within its own timeout with a typed exception naming the rank.
/// </summary>
[Collection(MpiProcessCollection.Name)]
public class DataParallelFailureTests
{
    [Fact]
    public void WhenARankIsKilledTheOtherRaisesPeerLostNamingIt()
    {
        // A 60 s collective timeout: the peer's death must be reported well before it.
        var job = MpiJob.Run(2, "die", "60");
        Assert.True(job.ExitCode != 0, job.Output);
        Assert.Contains("rank 1: killing itself", job.Output);
        Assert.Contains("caught MpiPeerLostException: MPI_Iallreduce on rank 0 of 2 cannot complete: rank 1 (pid ", job.Output);
        Assert.Contains("exited or was killed", job.Output);
        Assert.DoesNotContain("timed out", job.Output);
    }

    [Fact]
    public void WhenARankStopsRespondingTheOtherTimesOut()
    {
        var job = MpiJob.Run(2, "hang", "4");
        Assert.True(job.ExitCode != 0, job.Output);
        Assert.Contains("rank 1: hanging", job.Output);
        Assert.Contains("caught MpiTimeoutException: MPI_Iallreduce on rank 0 of 2 timed out after 4 s", job.Output);
    }

    [Fact]
    public void AfterARankDiesARestartResumesEveryRankFromTheNewestBackupTheyShare()
    {
        using var dir = new TempFolder();
        var reference = MpiJob.Run(2, "backup", dir.File("reference"), dir.File("reference-backup"));
        Assert.True(reference.ExitCode == 0, reference.Output);
        Assert.Contains("rank 0: resumed at epoch none", reference.Output);

        // Rank 1 dies at the end of epoch 1 (0-based), before its second backup; rank 0 writes its second one, then loses its peer.
        var backupDir = dir.File("backup");
        var crashed = MpiJob.Run(2, "backup", dir.File("crashed"), backupDir, "1");
        Assert.True(crashed.ExitCode != 0, crashed.Output);
        Assert.Contains("rank 1: killing itself at the end of epoch 1", crashed.Output);
        Assert.Contains("caught MpiPeerLostException", crashed.Output);
        Assert.Equal(
            new[] { "training_state.rank0.safetensors", "training_state.rank0.safetensors.prev", "training_state.rank1.safetensors" },
            Directory.GetFiles(backupDir).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray());

        // The restart: both ranks go back to the backup they share (resume at epoch 1) and end as the uninterrupted run.
        var resumed = MpiJob.Run(2, "backup", dir.File("resumed"), backupDir);
        Assert.True(resumed.ExitCode == 0, resumed.Output);
        Assert.Contains("rank 0: resumed at epoch 1", resumed.Output);
        Assert.Contains("rank 1: resumed at epoch 1", resumed.Output);
        var expected = MpiJob.ReadFloats(dir.File("reference/weights-0.bin"));
        Assert.Equal(expected, MpiJob.ReadFloats(dir.File("reference/weights-1.bin")));
        Assert.Equal(expected, MpiJob.ReadFloats(dir.File("resumed/weights-0.bin")));
        Assert.Equal(expected, MpiJob.ReadFloats(dir.File("resumed/weights-1.bin")));
        Assert.Empty(Directory.GetFiles(backupDir)); // deleted when training ended
    }
}
