using System.Text.RegularExpressions;
using KerasNet.Tests.NativeLoading;

namespace KerasNet.Tests.Integration;

/// <summary>The first C# script in README.md, what a newcomer copies, compiles as an application outside the repository.</summary>
[Collection(NativeLoadingCollection.Name)]
public sealed class ReadmeScriptTests
{
    [Fact]
    public void TheReadmesFirstScriptBuildsInAFreshApplication()
    {
        var readme = File.ReadAllText(Path.Combine(ExampleProcess.RepositoryRoot(), "README.md"));
        var script = Regex.Match(readme, "```csharp\n(.*?)```", RegexOptions.Singleline);
        Assert.True(script.Success, "README.md has no ```csharp block");
        using var app = ScratchApp.Create(ScratchApp.Project(ScratchApp.KerasNetProjectReference), script.Groups[1].Value);
        var (exit, output) = app.Dotnet("build -c Release -nologo -v:q");
        Assert.True(exit == 0, $"the README's script does not build:\n{output}");
    }
}
