using System.Diagnostics;
using System.Text;
using KerasNet.Tests.Integration;

namespace KerasNet.Tests.NativeLoading;

/// <summary>
/// A console application written to a temporary folder outside the repository, as a user's would be, then built and
/// run with the dotnet CLI. Restores from the machine's NuGet cache (TorchSharp and libtorch are already there after
/// the repository's own build) and from any local feed given.
/// </summary>
internal sealed class ScratchApp : IDisposable
{
    private ScratchApp(string folder) => Folder = folder;

    public string Folder { get; }

    public static ScratchApp Create(string projectXml, string program, string? nugetConfig = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), "kerasnet-app-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "App.csproj"), projectXml);
        File.WriteAllText(Path.Combine(folder, "Program.cs"), program);
        if (nugetConfig is not null) File.WriteAllText(Path.Combine(folder, "nuget.config"), nugetConfig);
        return new ScratchApp(folder);
    }

    /// <summary>Runs <c>dotnet</c> with <paramref name="arguments"/> in the app's folder; returns exit code and both streams.</summary>
    public (int ExitCode, string Output) Dotnet(string arguments, IReadOnlyDictionary<string, string>? environment = null, int timeoutSeconds = 300) =>
        Run(Folder, "dotnet", arguments, environment, timeoutSeconds);

    public static (int ExitCode, string Output) Run(string folder, string file, string arguments, IReadOnlyDictionary<string, string>? environment = null,
        int timeoutSeconds = 300)
    {
        var start = new ProcessStartInfo(file, arguments)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        // The test host's own MSBuild and runtime settings must not leak into the child build.
        foreach (var key in new[] { "MSBuildExtensionsPath", "MSBUILD_EXE_PATH", "MSBuildSDKsPath", "DOTNET_HOST_PATH", "VSTEST_HOST_DEBUG" })
            start.Environment.Remove(key);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        if (environment is not null)
            foreach (var (key, value) in environment) start.Environment[key] = value;
        using var process = Process.Start(start)!;
        var output = new StringBuilder();
        var stderr = process.StandardError.ReadToEndAsync();
        output.Append(process.StandardOutput.ReadToEnd());
        if (!process.WaitForExit(timeoutSeconds * 1000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"'{file} {arguments}' in {folder} did not finish in {timeoutSeconds} s:\n{output}");
        }
        output.Append(stderr.Result);
        return (process.ExitCode, output.ToString());
    }

    /// <summary>An SDK-style console project with <paramref name="references"/> and the Linux CPU libtorch package.</summary>
    public static string Project(string references, string extraProperties = "") => $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <OutputType>Exe</OutputType>
            <TargetFramework>net10.0</TargetFramework>
            <ImplicitUsings>enable</ImplicitUsings>
            <Nullable>enable</Nullable>
            {extraProperties}
          </PropertyGroup>
          <ItemGroup>
            {references}
            <PackageReference Include="libtorch-cpu-linux-x64" Version="2.10.0" />
          </ItemGroup>
        </Project>
        """;

    /// <summary>A ProjectReference to the repository's src/Keras.Net.</summary>
    public static string KerasNetProjectReference => $"""<ProjectReference Include="{Path.Combine(SourceFolder, "Keras.Net", "Keras.Net.csproj")}" />""";

    /// <summary>The repository's src/ folder.</summary>
    public static string SourceFolder => Path.Combine(ExampleProcess.RepositoryRoot(), "src");

    public void Dispose()
    {
        try { Directory.Delete(Folder, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
