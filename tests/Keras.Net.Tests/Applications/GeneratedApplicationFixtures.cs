using System.Diagnostics;

namespace KerasNet.Tests.ApplicationsTests;

/// <summary>
/// Runs tests/fixtures/generate_application_fixtures.py once into a temporary folder: torchvision's state_dicts
/// (torch.save) and outputs for every application. The weight files are hundreds of megabytes, so they are made
/// during the test run rather than committed; Debian's python3-torchvision must be installed (./build.sh test
/// installs it).
/// </summary>
public class GeneratedApplicationFixtures : IDisposable
{
    public const string Python = "/usr/bin/python3";

    public GeneratedApplicationFixtures() : this(Array.Empty<string>()) { }

    /// <summary>Runs the script with extra arguments (e.g. --only and a list of models).</summary>
    protected GeneratedApplicationFixtures(string[] arguments)
    {
        Folder = Directory.CreateTempSubdirectory("kn-applications-").FullName;
        var (code, output) = RunScript(arguments.Prepend(Folder).ToArray());
        if (code != 0)
            throw new InvalidOperationException(
                $"generate_application_fixtures.py failed (exit {code}); the application parity tests need Debian's python3-torch and python3-torchvision " +
                $"(apt-get install python3-torchvision; ./build.sh test installs it).{Environment.NewLine}{output}");
    }

    /// <summary>Runs the generator script with <paramref name="arguments"/>; returns its exit code and its output.</summary>
    public static (int Code, string Output) RunScript(params string[] arguments)
    {
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(FindScript());
        foreach (var a in arguments) start.ArgumentList.Add(a);
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"{Python} could not be started ({e.Message}). The application parity tests need Debian's python3-torchvision: apt-get install python3-torchvision (./build.sh test does).", e);
        }
        using (process)
        {
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, stdout + stderr.Result);
        }
    }

    /// <summary>The folder holding &lt;model&gt;.pth and &lt;model&gt;.io.safetensors.</summary>
    public string Folder { get; }

    public string Weights(string model) => Path.Combine(Folder, model + ".pth");

    public string InputsOutputs(string model) => Path.Combine(Folder, model + ".io.safetensors");

    public void Dispose()
    {
        try { Directory.Delete(Folder, recursive: true); }
        catch (IOException) { }
    }

    internal static string FindScript()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "fixtures", "generate_application_fixtures.py");
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException("tests/fixtures/generate_application_fixtures.py was not found above " + AppContext.BaseDirectory);
    }
}
