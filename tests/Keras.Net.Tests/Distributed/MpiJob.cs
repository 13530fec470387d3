using System.Diagnostics;

namespace KerasNet.Tests.Distributed;

/// <summary>Starts tests/Keras.Net.DistributedProbe under <c>mpirun -np N</c> on this machine (or alone) and collects its output.</summary>
internal static class MpiJob
{
    // How long a job may run before the test calls it hung (not a timing assertion: a correct run is far below).
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(240);

    internal sealed record Result(int ExitCode, string Output);

    internal static Result Run(int processes, params string[] args)
    {
        var info = new ProcessStartInfo("mpirun") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        // Open MPI refuses to run as root without this flag (CI runs as root); --oversubscribe allows more ranks than cores.
        if (Environment.UserName == "root") info.ArgumentList.Add("--allow-run-as-root");
        foreach (var a in new[] { "--oversubscribe", "-np", processes.ToString(System.Globalization.CultureInfo.InvariantCulture), "dotnet", ProbePath() })
            info.ArgumentList.Add(a);
        foreach (var a in args) info.ArgumentList.Add(a);
        return Finish(info);
    }

    internal static Result RunAlone(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(ProbePath());
        foreach (var a in args) info.ArgumentList.Add(a);
        return Finish(info);
    }

    private static Result Finish(ProcessStartInfo info)
    {
        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Assert.Fail($"Could not start {info.FileName} ({e.Message}): install Open MPI (apt-get install openmpi-bin libopenmpi-dev; ./build.sh test does).");
            throw;
        }
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Limit))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            Assert.Fail($"The MPI job did not end within {Limit.TotalSeconds} s (a hang). Output:\n{stdout.Result}{stderr.Result}");
        }
        process.WaitForExit();
        return new Result(process.ExitCode, stdout.Result + stderr.Result);
    }

    // tests/Keras.Net.DistributedProbe/bin/<configuration>/<framework>/ beside this test assembly's own output folder.
    private static string ProbePath()
    {
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var tests = output.Parent!.Parent!.Parent!.Parent!.FullName;
        var path = Path.Combine(tests, "Keras.Net.DistributedProbe", "bin", output.Parent.Name, output.Name, "Keras.Net.DistributedProbe.dll");
        Assert.True(File.Exists(path), $"The distributed probe was not built at {path}; build tests/Keras.Net.Tests (it builds the probe).");
        return path;
    }

    internal static float[] ReadFloats(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var result = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, result, 0, result.Length * 4);
        return result;
    }

    internal static Dictionary<string, double> ReadResults(string path) =>
        File.ReadAllLines(path).Select(l => l.Split(' ')).ToDictionary(p => p[0], p => double.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture));
}
