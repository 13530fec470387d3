namespace KerasNet.Tests.Integration;

/// <summary>The examples' shared command-line parser, run as a user would: --help lists the options, mistakes exit with code 2.</summary>
public class CommandLineExampleTests
{
    public static TheoryData<string, string> Examples => new()
    {
        { "CharRnn", "char-rnn" },
        { "Cifar10Cnn", "cifar10-cnn" },
        { "FineTune", "fine-tune" },
        { "FineTuneFolder", "fine-tune-folder" },
        { "LstmText", "lstm-text" },
        { "MnistCnn", "mnist-cnn" },
        { "TransformerText", "transformer-text" },
    };

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task HelpListsTheOptionsAndExitsWithZero(string project, string name)
    {
        var (code, output, error) = await Run(project, "--help");
        Assert.True(code == 0, $"--help exited with {code}:\n{output}\n{error}");
        Assert.Contains($"Usage: ./build.sh example {name} [options]", output);
        Assert.Contains("--seed N", output);
        Assert.Contains("prints these options", output);
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public async Task AnUnknownOptionIsNamedAndExitsWithTwo(string project, string name)
    {
        var (code, output, error) = await Run(project, "--no-such-option 3");
        Assert.True(code == 2, $"an unknown option exited with {code}:\n{output}\n{error}");
        Assert.Contains($"{name}: unknown option '--no-such-option'.", error);
        Assert.Contains("Options: ", error);
        Assert.Contains("--seed N", error);
    }

    [Fact]
    public async Task ABadValueSaysWhatWasReceivedAndWhatIsExpected()
    {
        var (code, _, error) = await Run("MnistCnn", "--epochs abc --network big --batch-size");
        Assert.Equal(2, code);
        Assert.Contains("mnist-cnn: --epochs: received 'abc'; expected a whole number of at least 1.", error);
        Assert.Contains("mnist-cnn: --network: received 'big'; expected one of simple, classic.", error);
        Assert.Contains("mnist-cnn: --batch-size needs a value: --batch-size N.", error);
        Assert.Contains("Options: --dataset mnist|fashion, --epochs N, --batch-size N, --seed N, --augment, --no-augment, --network simple|classic, --help.", error);
    }

    [Fact]
    public async Task MissingRequiredOptionsAreNamed()
    {
        var (code, _, error) = await Run("FineTuneFolder", "");
        Assert.Equal(2, code);
        Assert.Contains("fine-tune-folder: --data DIR is required", error);
        Assert.Contains("fine-tune-folder: --weights FILE|imagenet is required", error);
    }

    private static Task<(int ExitCode, string Output, string Error)> Run(string project, string arguments) =>
        ExampleProcess.RunUncheckedAsync(project, arguments);
}
