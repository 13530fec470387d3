using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace KerasNet.Tests.Integration;

/// <summary>Runs a built example as a user would (dotnet Example.dll args) from the repository root, offline.</summary>
internal static class ExampleProcess
{
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Keras.Net.sln"))) return dir.FullName;
        throw new InvalidOperationException("The repository root (Keras.Net.sln) was not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Fails with the way to build it when datasets/fortunes (the text examples' data) is missing.</summary>
    public static void RequireFortunes()
    {
        var train = Path.Combine(RepositoryRoot(), "datasets", "fortunes", "train");
        Assert.True(Directory.Exists(train),
            $"{train} is missing: ./build.sh test builds it with datasets/fortunes-to-folders.py from Debian's 'fortunes' package.");
    }

    /// <summary>Runs examples/<paramref name="project"/> with <paramref name="arguments"/>; returns its standard output after asserting success.</summary>
    public static async Task<string> RunAsync(string project, string arguments)
    {
        var (code, output, stderr) = await RunUncheckedAsync(project, arguments);
        Assert.True(code == 0, $"the example failed ({code}):\n{output}\n{stderr}");
        return output;
    }

    /// <summary>Runs examples/<paramref name="project"/> with <paramref name="arguments"/>; returns its exit code, standard output and standard error.</summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunUncheckedAsync(string project, string arguments)
    {
        var root = RepositoryRoot();
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name; // bin/<Configuration>/net10.0
        var dll = Path.Combine(root, "examples", project, "bin", configuration, "net10.0", project + ".dll");
        Assert.True(File.Exists(dll), $"{dll} is missing: build the solution first.");
        var start = new ProcessStartInfo("dotnet", $"\"{dll}\" {arguments}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = root,
        };
        start.Environment["KERAS_NET_OFFLINE"] = "1";
        using var process = Process.Start(start)!;
        var stderrTask = process.StandardError.ReadToEndAsync();
        var output = await process.StandardOutput.ReadToEndAsync();
        var stderr = await stderrTask;
        await process.WaitForExitAsync();
        return (process.ExitCode, output, stderr);
    }

    /// <summary>The number printed after <paramref name="label"/> (e.g. "Test accuracy: "), asserting the line exists.</summary>
    public static double Number(string output, string label)
    {
        var match = Regex.Match(output, Regex.Escape(label) + @"(\d+\.\d+)");
        Assert.True(match.Success, $"no '{label}' line in:\n{output}");
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }
}
