namespace KerasNet.Tests.Integration;

/// <summary>
/// examples/VisionTransformer, run briefly on Fashion-MNIST (Debian's dataset-fashion-mnist) with a small network: it
/// must beat chance (0.1) clearly. Measured with the arguments below: test accuracy 0.5220, top 5 0.9600 (with 3,000
/// images, 3 epochs, 2 blocks: 0.6530).
/// </summary>
[Collection("Training")]
public class VisionTransformerExampleTests
{
    [Fact]
    public async Task ASmallVisionTransformerBeatsChanceOnFashionMnist()
    {
        var output = await ExampleProcess.RunAsync("VisionTransformer",
            "--train-limit 2000 --test-limit 500 --epochs 2 --batch-size 64 --projection-dim 32 --transformer-layers 1 --head-units 128");
        Assert.Contains("x_train shape: (2000, 1, 28, 28) - y_train shape: (2000", output);
        Assert.Contains("patches (Patches)", output);
        Assert.Contains("(None, 49, 16)", output);
        Assert.Contains("patch_encoder (PatchEncoder)", output);
        Assert.Contains("(None, 49, 32)", output);
        var accuracy = ExampleProcess.Number(output, "Test accuracy: ");
        var topFive = ExampleProcess.Number(output, "Test top 5 accuracy: ");
        Assert.True(accuracy >= 0.3, $"test accuracy {accuracy:F4} is not above chance (0.1) by 0.2:\n{output}");
        Assert.True(topFive >= accuracy && topFive >= 0.7, $"top-5 accuracy {topFive:F4} is below 0.7 or below the accuracy {accuracy:F4}");
    }

    [Fact]
    public async Task APatchSizeThatDoesNotDivideTheImageExitsWithTwo()
    {
        var (code, _, error) = await ExampleProcess.RunUncheckedAsync("VisionTransformer", "--patch-size 5");
        Assert.Equal(2, code);
        Assert.Contains("vision-transformer: --patch-size must divide --image-size; received 5 and 28.", error);
    }
}
