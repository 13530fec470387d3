using KerasNet.Tests.Integration;

namespace KerasNet.Tests.Coverage;

/// <summary>docs/COVERAGE.md is what the code offers today; `./build.sh coverage` rewrites it.</summary>
public sealed class CoverageTableTests
{
    private static string Root => ExampleProcess.RepositoryRoot();

    private static KerasApiCoverage Coverage() => new(
        Path.Combine(Root, "docs", "coverage", "keras3-api.txt"), Path.Combine(Root, "docs", "coverage", "notes.txt"));

    [Fact]
    public void CoverageDocumentMatchesTheCode()
    {
        var path = Path.Combine(Root, "docs", "COVERAGE.md");
        var generated = Coverage().Markdown();
        if (Environment.GetEnvironmentVariable("KERASNET_WRITE_COVERAGE") == "1") File.WriteAllText(path, generated);
        var committed = File.Exists(path) ? File.ReadAllText(path).ReplaceLineEndings("\n") : "";
        Assert.True(committed == generated.ReplaceLineEndings("\n"),
            "docs/COVERAGE.md does not match the code: run `./build.sh coverage` and commit the file.");
    }

    [Fact]
    public void EveryNoteNamesAKerasNameThatKerasNetLacksUnderItsOwnSpelling()
    {
        var coverage = Coverage();
        var keras = coverage.Modules.SelectMany(m => m.Names.Select(n => $"{m.Module}.{n}")).ToHashSet();
        foreach (var key in coverage.Notes.Keys)
        {
            Assert.True(keras.Contains(key), $"docs/coverage/notes.txt: '{key}' is not a Keras {coverage.KerasVersion} name.");
            var dot = key.LastIndexOf('.');
            var (module, name) = (key[..dot], key[(dot + 1)..]);
            if (coverage.SpellingOf(key) is null)
                Assert.False(coverage.IsPresent(module, name), $"docs/coverage/notes.txt explains why '{key}' is missing, but Keras.Net has it: remove the note.");
        }
    }

    [Theory]
    [InlineData("layers", "Dense", true)]
    [InlineData("layers", "Convolution2D", true)]
    [InlineData("layers", "TFSMLayer", false)]
    [InlineData("losses", "mean_squared_error", true)]
    [InlineData("metrics", "MeanSquaredError", true)]
    [InlineData("activations", "relu", true)]
    [InlineData("utils", "to_categorical", true)]
    [InlineData("datasets", "fashion_mnist", true)]
    [InlineData("applications", "ResNet50", true)]
    [InlineData("applications", "NASNetLarge", false)]
    public void PresenceFollowsTheRules(string module, string name, bool present) =>
        Assert.Equal(present, Coverage().IsPresent(module, name));

    [Fact]
    public void PascalCaseOfKerasFunctionNames() =>
        Assert.Equal("TimeseriesDatasetFromArray", KerasApiCoverage.Pascal("timeseries_dataset_from_array"));
}
