using System.Diagnostics;

namespace KerasNet.Tests.Integration;

/// <summary>The cifar10-cnn example, run as a user would: a clear message without the files, a full run on files in CIFAR's format.</summary>
[Collection("Training")]
public class Cifar10CnnExampleTests
{
    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Keras.Net.sln"))) return dir.FullName;
        throw new InvalidOperationException("The repository root (Keras.Net.sln) was not found above " + AppContext.BaseDirectory);
    }

    private static async Task<(int ExitCode, string Output, string Error)> Run(string arguments, string home)
    {
        var root = RepositoryRoot();
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var dll = Path.Combine(root, "examples", "Cifar10Cnn", "bin", configuration, "net10.0", "Cifar10Cnn.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing: build the solution first.");
        var start = new ProcessStartInfo("dotnet", $"\"{dll}\" {arguments}")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = home,
        };
        start.Environment["KERAS_NET_OFFLINE"] = "1";
        start.Environment["KERAS_NET_HOME"] = home;
        using var process = Process.Start(start)!;
        var errorTask = process.StandardError.ReadToEndAsync();
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await errorTask;
        await process.WaitForExitAsync();
        return (process.ExitCode, output, error);
    }

    [Fact]
    public async Task MissingFilesGiveAMessageSayingWhereToGetThem()
    {
        using var temp = new KerasNet.Tests.Data.TempDirectory();
        var (code, _, error) = await Run($"--data \"{temp.Combine("empty")}\"", temp.Path);
        Assert.Equal(3, code);
        Assert.Contains("cifar-10-binary.tar.gz", error);
        Assert.Contains("https://www.cs.toronto.edu/~kriz/cifar.html", error);
    }

    [Fact]
    public async Task TrainsOnFilesInCifarBinaryFormat()
    {
        using var temp = new KerasNet.Tests.Data.TempDirectory();
        var folder = temp.Combine("cifar", "cifar-10-batches-bin");
        Directory.CreateDirectory(folder);
        var random = new Random(4);
        byte[] Records(int count)
        {
            var bytes = new byte[count * 3073];
            for (var r = 0; r < count; r++)
            {
                bytes[r * 3073] = (byte)(r % 10);
                random.NextBytes(bytes.AsSpan(r * 3073 + 1, 3072));
            }
            return bytes;
        }
        for (var b = 1; b <= 5; b++) File.WriteAllBytes(Path.Combine(folder, $"data_batch_{b}.bin"), Records(8));
        File.WriteAllBytes(Path.Combine(folder, "test_batch.bin"), Records(10));

        var (code, output, error) = await Run($"--data \"{temp.Combine("cifar")}\" --epochs 1 --batch-size 8 --workers 2", temp.Path);
        Assert.True(code == 0, $"the example failed ({code}):\n{output}\n{error}");
        Assert.Contains("40 train samples, 10 test samples", output);
        Assert.Contains("Test accuracy:", output);
    }
}
