using System.Text.RegularExpressions;

namespace KerasNet.Tests.Integration;

/// <summary>
/// keras.io's "Text classification from scratch" example, run briefly as a user would on its offline sample (two
/// categories of the fortunes data set, built by ./build.sh test): the default 1D layouts give Keras's shapes, and it learns.
/// </summary>
[Collection("Training")]
public class TextClassificationExampleTests
{
    [Fact]
    public async Task RunsOfflineWithKerassShapesAndBeatsChance()
    {
        ExampleProcess.RequireFortunes();
        var missing = Path.Combine(Path.GetTempPath(), "keras-net-no-aclImdb");
        var output = await ExampleProcess.RunAsync("TextClassification", $"--epochs 3 --sequence-length 100 --data {missing}");
        Assert.Contains($"IMDB reviews not found in {missing} (see the top of Program.cs for where to put them)", output);
        // Keras's shapes for 100 tokens: (100 - 7) / 3 + 1 = 32 steps, then (32 - 7) / 3 + 1 = 9, 128 features each.
        Assert.Matches(new Regex(@"\(Conv1D\)\s+│ \(None, 32, 128\)"), output);
        Assert.Matches(new Regex(@"\(Conv1D\)\s+│ \(None, 9, 128\)"), output);
        Assert.Matches(new Regex(@"\(GlobalMaxPooling1D\)\s+│ \(None, 128\)"), output);
        Assert.Matches(new Regex(@"^Epoch 3/3$", RegexOptions.Multiline), output);
        // Measured with these arguments: test accuracy 0.7910 against chance 0.5932 (validation 0.709, 0.807, 0.851 by epoch).
        var chance = ExampleProcess.Number(output, "Chance (largest class): ");
        var accuracy = ExampleProcess.Number(output, "Test accuracy: ");
        Assert.True(accuracy >= chance + 0.10, $"test accuracy {accuracy:F4} is not above chance ({chance:F4}) by 0.10:\n{output}");
    }
}
