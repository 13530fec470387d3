namespace KerasNet.Tests.Integration;

/// <summary>
/// examples/ImageClassificationFromScratch, run briefly on the sandals-and-sneakers folder it writes from Fashion-MNIST
/// (Debian's dataset-fashion-mnist): the small Xception-like network must separate the two classes well above chance
/// (0.5). Measured with these arguments: validation accuracy 0.4833, 0.7750, 0.8417 by epoch.
/// </summary>
[Collection("Training")]
public class ImageClassificationFromScratchExampleTests
{
    [Fact]
    public async Task TheConvnetLearnsSandalsFromSneakers()
    {
        var output = await ExampleProcess.RunAsync("ImageClassificationFromScratch",
            "--images-per-class 300 --epochs 3 --width 16 --batch-size 16 --image-size 28 --batch-norm-momentum 0.9");
        Assert.Contains("Found 600 files belonging to 2 classes.", output);
        Assert.Contains("Using 480 files for training.", output);
        Assert.Contains("Using 120 files for validation.", output);
        Assert.Contains("separable_conv2d", output);
        var accuracy = ExampleProcess.Number(output, "Validation accuracy: ");
        Assert.True(accuracy >= 0.7, $"validation accuracy {accuracy:F4} is not above chance (0.5) by 0.2:\n{output}");
        Assert.Matches(@"00000\.png: this image is \d+\.\d\d% Sandal and \d+\.\d\d% Sneaker\.", output);
    }

    [Fact]
    public async Task BadOptionsExitWithTwo()
    {
        var (code, _, error) = await ExampleProcess.RunUncheckedAsync("ImageClassificationFromScratch", "--data no/such/folder --batch-norm-momentum 1");
        Assert.Equal(2, code);
        Assert.Contains("image-classification-from-scratch: --data: no folder at 'no/such/folder'.", error);
        Assert.Contains("image-classification-from-scratch: --batch-norm-momentum: received '1'; expected a number in [0, 1).", error);
    }
}
