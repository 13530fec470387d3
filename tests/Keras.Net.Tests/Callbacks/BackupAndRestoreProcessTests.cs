using System.Diagnostics;
using KerasNet.TestSupport;

namespace KerasNet.Tests.Callbacks;

/// <summary>
/// The crash-safe resume proof: a training process (tests/Keras.Net.ResumeProbe) is killed with SIGKILL partway
/// through, started again, and must resume where its last backup was taken and end with exactly the weights of an
/// uninterrupted run.
/// </summary>
public class BackupAndRestoreProcessTests
{
    private static string ProbePath()
    {
        // .../tests/Keras.Net.Tests/bin/<Configuration>/<framework>/
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = output.Name;
        var configuration = output.Parent!.Name;
        var tests = output.Parent.Parent!.Parent!.Parent!.FullName;
        var path = Path.Combine(tests, "Keras.Net.ResumeProbe", "bin", configuration, framework, "Keras.Net.ResumeProbe.dll");
        Assert.True(File.Exists(path), $"The resume probe was not built at {path}; build tests/Keras.Net.Tests (it builds the probe).");
        return path;
    }

    private sealed class ProbeRun : IDisposable
    {
        private readonly Process process;
        private readonly List<string> lines = new();
        private readonly object gate = new();

        public ProbeRun(params string[] args)
        {
            var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add(ProbePath());
            foreach (var a in args) start.ArgumentList.Add(a);
            process = Process.Start(start)!;
            process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (gate) { lines.Add(e.Data); Monitor.PulseAll(gate); } };
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (gate) { lines.Add("stderr: " + e.Data); Monitor.PulseAll(gate); } };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public IReadOnlyList<string> Lines { get { lock (gate) return lines.ToList(); } }

        /// <summary>Waits (up to a generous limit, so a hang fails instead of blocking the suite) for a line starting with <paramref name="prefix"/>.</summary>
        public string WaitFor(string prefix)
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            lock (gate)
            {
                while (true)
                {
                    var found = lines.FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
                    if (found is not null) return found;
                    var left = deadline - DateTime.UtcNow;
                    if (left <= TimeSpan.Zero || (process.HasExited && !Monitor.Wait(gate, 200)))
                        throw new Xunit.Sdk.XunitException($"The probe never printed '{prefix}'. Its output:\n{string.Join("\n", lines)}");
                    Monitor.Wait(gate, left < TimeSpan.FromMilliseconds(200) ? left : TimeSpan.FromMilliseconds(200));
                }
            }
        }

        public void Kill()
        {
            process.Kill(); // SIGKILL on Linux: no cleanup, no OnTrainEnd
            process.WaitForExit();
        }

        public void WaitForSuccess()
        {
            Assert.True(process.WaitForExit(60_000), "the probe did not finish");
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, $"the probe failed with exit code {process.ExitCode}:\n{string.Join("\n", Lines)}");
        }

        public void Dispose()
        {
            if (!process.HasExited) Kill();
            process.Dispose();
        }
    }

    private static Dictionary<string, float[]> Weights(string path)
    {
        using var scope = torch.NewDisposeScope();
        return Safetensors.Load(path).ToDictionary(p => p.Key, p => p.Value.data<float>().ToArray());
    }

    // The uninterrupted run (how often backups are taken does not change the training), shared by both cases.
    private static readonly Lazy<Dictionary<string, float[]>> Reference = new(() =>
    {
        using var folder = new TempFolder();
        using (var reference = new ProbeRun(folder.File("reference-backup"), folder.File("reference.safetensors"), "epoch"))
        {
            Assert.Equal("START epoch=0 resumed=none batch=0", reference.WaitFor("START"));
            reference.WaitForSuccess();
        }
        return Weights(folder.File("reference.safetensors"));
    });

    [Theory]
    [InlineData("epoch", 3, 2, "START epoch=3 resumed=3 batch=0")]
    [InlineData("4", 2, 5, "START epoch=2 resumed=2 batch=4")]
    public void AKilledTrainingProcessResumesAndEndsWithTheUninterruptedWeights(string saveFreq, int pauseEpoch, int pauseBatch, string expectedStart)
    {
        using var folder = new TempFolder();
        var backupDir = folder.File("backup");
        using (var first = new ProbeRun(backupDir, folder.File("resumed.safetensors"), saveFreq, pauseEpoch.ToString(), pauseBatch.ToString()))
        {
            first.WaitFor("PAUSED");
            Assert.Contains($"EPOCH_END {pauseEpoch - 1}", first.Lines);
            first.Kill();
        }
        Assert.True(File.Exists(Path.Combine(backupDir, "training_state.safetensors")), "the killed run left no backup");
        Assert.False(File.Exists(folder.File("resumed.safetensors")));

        using (var second = new ProbeRun(backupDir, folder.File("resumed.safetensors"), saveFreq))
        {
            Assert.Equal(expectedStart, second.WaitFor("START"));
            second.WaitForSuccess();
            Assert.DoesNotContain($"EPOCH_END {pauseEpoch - 1}", second.Lines);
            Assert.Contains("EPOCH_END 5", second.Lines);
        }
        Assert.False(File.Exists(Path.Combine(backupDir, "training_state.safetensors")), "the backup was not deleted at the end of training");

        var expected = Reference.Value;
        var actual = Weights(folder.File("resumed.safetensors"));
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (key, values) in expected) Assert.Equal(values, actual[key]);
    }
}
