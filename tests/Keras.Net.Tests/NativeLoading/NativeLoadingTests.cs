using KerasNet.TorchSupport.Native;

namespace KerasNet.Tests.NativeLoading;

/// <summary>
/// TorchSharp 0.107's libLibTorchSharp.so needs GLIBCXX_3.4.32 (libstdc++ of GCC 13), which Debian 12 and Ubuntu 22.04
/// lack. These tests build and run applications outside the repository, as users do, and check that each way of
/// referencing Keras.Net loads TorchSharp with no action from the user, that the NuGet cache is never modified, and
/// that without the fix the same application fails here (so the tests prove the fix, not the machine).
/// </summary>
[Collection(NativeLoadingCollection.Name)]
public sealed class NativeLoadingTests
{
    private const string WeakVersion = "GLIBCXX_3.4.32";

    // The application's first statement is a TorchSharp call, before any Keras.Net type is touched. Keras.Net is used
    // only in a method of its own: the JIT may load (and initialize) an assembly when it compiles a method that names
    // one of its types, so Main itself must not name any.
    private const string TorchFirstProgram = """
        using System.Runtime.CompilerServices;
        using static TorchSharp.torch;
        manual_seed(1);
        var x = randn(3, 3);
        Console.WriteLine($"torch-ok {x.shape[0]}");
        Console.WriteLine($"keras-loaded-before-torch {AppDomain.CurrentDomain.GetAssemblies().Any(a => a.GetName().Name == "Keras.Net")}");
        Keras.Use();

        static class Keras
        {
            [MethodImpl(MethodImplOptions.NoInlining)]
            public static void Use()
            {
                var dense = new KerasNet.Layers.Dense(2);
                Console.WriteLine($"keras-ok {dense.Apply(ones(4, 3)).shape[1]}");
            }
        }
        """;

    // Keras.Net is touched first: its start-up code runs before TorchSharp loads its native library.
    private const string KerasFirstProgram = """
        var dense = new KerasNet.Layers.Dense(2);
        Console.WriteLine($"keras-ok {dense.Apply(TorchSharp.torch.ones(4, 3)).shape[1]}");
        """;


    private static bool SystemLacksWeakVersion => !LibStdCxxHas(WeakVersion);

    private static bool LibStdCxxHas(string version)
    {
        foreach (var candidate in new[] { "/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib64/libstdc++.so.6" })
            if (File.Exists(candidate))
                return System.Text.Encoding.ASCII.GetString(File.ReadAllBytes(candidate)).Contains(version + "\0", StringComparison.Ordinal);
        return false;
    }

    [Fact]
    public void TheTestOutputCarriesTheLibraryWithItsGlibcxxNeedMarkedWeakAndTheNuGetCacheIsUntouched()
    {
        var output = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", LibTorchSharpLoader.FileName);
        Assert.True(File.Exists(output), $"{output} is missing");
        var patched = File.ReadAllBytes(output);
        Assert.False(ElfVersionNeeds.NeedsStrictly(patched, WeakVersion), $"{output} still needs {WeakVersion} strictly: the build did not patch it");
        Assert.Equal(WeakVersionOutcome.AlreadyWeak, ElfVersionNeeds.MarkWeak(patched, WeakVersion, LibTorchSharpLoader.NeverCalledSymbols));

        var cached = NuGetCacheCopy();
        Assert.True(ElfVersionNeeds.NeedsStrictly(File.ReadAllBytes(cached), WeakVersion),
            $"{cached} (the NuGet cache) has been modified: its {WeakVersion} need is no longer strict");
    }

    [Fact]
    public void AnApplicationReferencingKerasNetAsAProjectRunsWhenItsFirstLineIsATorchSharpCall()
    {
        using var app = ScratchApp.Create(ScratchApp.Project(ScratchApp.KerasNetProjectReference), TorchFirstProgram);
        var output = BuildAndRun(app);
        Assert.Contains("torch-ok 3", output);
        Assert.Contains("keras-loaded-before-torch False", output);
        Assert.Contains("keras-ok 2", output);
    }

    [Fact]
    public void AnApplicationReferencingKerasNetAsAPackageRunsWhenItsFirstLineIsATorchSharpCall()
    {
        using var feed = LocalFeed.Pack(out var version);
        var packages = Path.Combine(feed.Folder, "packages");
        var properties = $"<RestorePackagesPath>{packages}</RestorePackagesPath><RestoreFallbackFolders>{NuGetRoot()}</RestoreFallbackFolders>";
        var config = $"""<configuration><packageSources><clear /><add key="keras-net" value="{feed.Folder}" /></packageSources></configuration>""";
        using var app = ScratchApp.Create(ScratchApp.Project($"""<PackageReference Include="Keras.Net" Version="{version}" />""", properties), TorchFirstProgram, config);
        var output = BuildAndRun(app);
        Assert.Contains("torch-ok 3", output);
        Assert.Contains("keras-loaded-before-torch False", output);
        Assert.Contains("keras-ok 2", output);
    }

    [Fact]
    public void WithoutTheBuildTimeFixKerasNetsStartUpLoadsAPatchedCopyFromTheUserCache()
    {
        using var app = ScratchApp.Create(ScratchApp.Project(ScratchApp.KerasNetProjectReference), KerasFirstProgram);
        var cache = Path.Combine(app.Folder, "xdg-cache");
        var output = BuildAndRun(app, buildArguments: "-p:KerasNetPatchLibTorchSharp=false", environment: new Dictionary<string, string> { ["XDG_CACHE_HOME"] = cache });
        Assert.Contains("keras-ok 2", output);
        var copies = Directory.Exists(cache) ? Directory.GetFiles(cache, LibTorchSharpLoader.FileName, SearchOption.AllDirectories) : [];
        if (SystemLacksWeakVersion)
            Assert.Single(copies);
        else
            Assert.Empty(copies); // the system's libstdc++ has the version: nothing to patch
    }

    [Fact]
    public void WithoutTheBuildTimeFixATorchSharpFirstApplicationFailsWhereLibStdCxxIsOlderThanGcc13()
    {
        // The control experiment: the fix is what makes the tests above pass, not this machine. (Where the system's
        // libstdc++ is GCC 13 or later, the original library loads and so does the application.)
        using var app = ScratchApp.Create(ScratchApp.Project(ScratchApp.KerasNetProjectReference), TorchFirstProgram);
        var (build, buildOutput) = app.Dotnet("build -c Release -nologo -v:q -p:KerasNetPatchLibTorchSharp=false");
        Assert.True(build == 0, buildOutput);
        var (exit, output) = app.Dotnet("bin/Release/net10.0/App.dll");
        if (SystemLacksWeakVersion)
        {
            // TorchSharp's own loader fails (its message blames a missing package); the system loader says why.
            Assert.NotEqual(0, exit);
            Assert.Contains("LoadNativeBackend", output);
            var original = Path.Combine(app.Folder, "bin", "Release", "net10.0", "runtimes", "linux-x64", "native", LibTorchSharpLoader.FileName);
            var error = Assert.Throws<DllNotFoundException>(() => System.Runtime.InteropServices.NativeLibrary.Load(original));
            Assert.Contains(WeakVersion, error.Message);
        }
        else Assert.True(exit == 0, output);
    }

    [Fact]
    public void AnApplicationWithoutALibtorchPackageIsToldWhichPackageToAdd()
    {
        var project = ScratchApp.Project(ScratchApp.KerasNetProjectReference).Replace("""<PackageReference Include="libtorch-cpu-linux-x64" Version="2.10.0" />""", "", StringComparison.Ordinal);
        using var app = ScratchApp.Create(project, KerasFirstProgram);
        var (build, buildOutput) = app.Dotnet("build -c Release -nologo -v:q");
        Assert.True(build == 0, buildOutput);
        var (exit, output) = app.Dotnet("bin/Release/net10.0/App.dll");
        Assert.NotEqual(0, exit);
        Assert.Contains(nameof(TorchNativeLoadException), output);
        Assert.Contains("libtorch was not found", output);
        Assert.Contains("<PackageReference Include=\"libtorch-cpu-linux-x64\" Version=\"2.10.0\" />", output);
        // Keras.Net stopped before TorchSharp's own fallback, which copies 500 MB of libraries next to the application.
        Assert.False(Directory.Exists(Path.Combine(app.Folder, "bin", "Release", "net10.0", "cpu")));
    }

    private static string BuildAndRun(ScratchApp app, string buildArguments = "", IReadOnlyDictionary<string, string>? environment = null)
    {
        var (build, buildOutput) = app.Dotnet($"build -c Release -nologo -v:q {buildArguments}");
        Assert.True(build == 0, $"dotnet build failed:\n{buildOutput}");
        var (exit, output) = app.Dotnet("bin/Release/net10.0/App.dll", environment);
        Assert.True(exit == 0, $"the application failed ({exit}):\n{output}");
        return output;
    }

    private static string NuGetRoot() =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } root
            ? root
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    private static string NuGetCacheCopy()
    {
        var version = typeof(TorchSharp.torch).Assembly.GetName().Version!;
        var path = Path.Combine(NuGetRoot(), "torchsharp", $"{version.Major}.{version.Minor}.{version.Build}", "runtimes", "linux-x64", "native", LibTorchSharpLoader.FileName);
        Assert.True(File.Exists(path), $"{path} (TorchSharp's package in the NuGet cache) is missing");
        return path;
    }
}
