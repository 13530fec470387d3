using KerasNet.Tests.Integration;

namespace KerasNet.Tests.NativeLoading;

/// <summary>
/// A temporary NuGet feed holding Keras.Net and Keras.Net.TorchSupport packed from the repository's build (no
/// rebuild), under a version of their own so that nothing collides with real packages.
/// </summary>
internal sealed class LocalFeed : IDisposable
{
    private LocalFeed(string folder) => Folder = folder;

    public string Folder { get; }

    public static LocalFeed Pack(out string version)
    {
        var folder = Path.Combine(Path.GetTempPath(), "kerasnet-feed-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        version = "0.0.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture);
        // bin/<Configuration>/net10.0: pack what the test run was built with.
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        foreach (var project in new[] { "Keras.Net.TorchSupport", "Keras.Net" })
        {
            var csproj = Path.Combine(ScratchApp.SourceFolder, project, project + ".csproj");
            var (exit, output) = ScratchApp.Run(ExampleProcess.RepositoryRoot(), "dotnet",
                $"pack \"{csproj}\" -c {configuration} --no-build -o \"{folder}\" -p:Version={version} -nologo -v:q");
            Assert.True(exit == 0, $"dotnet pack {project} failed:\n{output}");
        }
        return new LocalFeed(folder);
    }

    public void Dispose()
    {
        try { Directory.Delete(Folder, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
