using System.Globalization;
using System.Text.RegularExpressions;
using KerasNet.Callbacks;
using KerasNet.Layers;
using KerasNet.Metrics;
using KerasNet.Models;
using KerasNet.Optimizers;

namespace KerasNet.Tests.Callbacks;

/// <summary>
/// Console output in Keras 3's format, written through a ProgbarLogger into a StringWriter. Times vary, so they are
/// matched by pattern; everything else is exact.
/// </summary>
public class ProgbarTests
{
    private const string Time = @"\d+s";
    private const string PerStep = @"\d+(s|ms|us)/step";
    private const string Value = @"\d+\.\d{4}";

    private static Sequential Classifier()
    {
        var model = new Sequential(new Layer[] { Keras.Input(3), new Dense(1, activation: "sigmoid") });
        model.Compile(new SGD(0.01), "binary_crossentropy", new Metric[] { "accuracy" });
        return model;
    }

    private static Tensor X => TestData.Randn(61, 20, 3);
    private static Tensor Y => TestData.Rand(62, 20, 1).gt(0.5).to(ScalarType.Float32);

    private static string F4(double value) => value.ToString("F4", CultureInfo.InvariantCulture);

    private static string[] Lines(StringWriter output) => output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void OneLinePerEpochIsKeras3Format()
    {
        using var scope = torch.NewDisposeScope();
        using var model = Classifier();
        var output = new StringWriter();
        var history = model.Fit(X, Y, batchSize: 8, epochs: 2, validationData: (X, Y), verbose: Verbosity.OneLinePerEpoch,
            callbacks: new Callback[] { new ProgbarLogger(output) });
        var lines = Lines(output);
        Assert.Equal(4, lines.Length);
        for (var epoch = 0; epoch < 2; epoch++)
        {
            Assert.Equal($"Epoch {epoch + 1}/2", lines[2 * epoch]);
            var line = lines[2 * epoch + 1];
            Assert.Matches($"^3/3 - {Time} - {PerStep} - accuracy: {Value} - loss: {Value} - val_accuracy: {Value} - val_loss: {Value}$", line);
            Assert.Contains($" - loss: {F4(history["loss"][epoch])} - ", line);
            Assert.EndsWith($" - val_loss: {F4(history["val_loss"][epoch])}", line);
        }
    }

    [Fact]
    public void ProgressBarWhenRedirectedWritesTheFinalBarOnce()
    {
        using var scope = torch.NewDisposeScope();
        using var model = Classifier();
        var output = new StringWriter();
        model.Fit(X, Y, batchSize: 8, epochs: 1, verbose: Verbosity.ProgressBar, callbacks: new Callback[] { new ProgbarLogger(output, isTerminal: false) });
        var lines = Lines(output);
        Assert.Equal(2, lines.Length);
        Assert.Equal("Epoch 1/1", lines[0]);
        Assert.Matches($"^3/3 ━━━━━━━━━━━━━━━━━━━━ {Time} {PerStep} - accuracy: {Value} - loss: {Value}$", lines[1]);
    }

    [Fact]
    public void ProgressBarOnATerminalRedrawsInPlace()
    {
        using var scope = torch.NewDisposeScope();
        using var model = Classifier();
        var output = new StringWriter();
        model.Fit(X, Y, batchSize: 2, epochs: 1, verbose: Verbosity.ProgressBar, callbacks: new Callback[] { new ProgbarLogger(output, isTerminal: true) });
        var text = output.ToString();
        Assert.StartsWith("Epoch 1/1\n\r", text);
        Assert.EndsWith("\n", text);
        var final = text.TrimEnd('\n').Split('\r')[^1];
        var visible = Regex.Replace(final, "\x1b\\[[0-9;]*m", "");
        Assert.Matches($"^10/10 ━━━━━━━━━━━━━━━━━━━━ {Time} {PerStep} - accuracy: {Value} - loss: {Value} *$", visible);
        Assert.Contains("\x1b[32m━━━━━━━━━━━━━━━━━━━━\x1b[0m", final);   // the finished bar is all green
    }

    [Fact]
    public void EvaluateAndPredictPrintOneLine()
    {
        using var scope = torch.NewDisposeScope();
        using var model = Classifier();
        var output = new StringWriter();
        var logs = model.EvaluateDict(X, Y, batchSize: 5, verbose: Verbosity.OneLinePerEpoch, callbacks: new Callback[] { new ProgbarLogger(output) });
        Assert.Matches($"^4/4 - {Time} - {PerStep} - accuracy: {F4(logs["accuracy"])} - loss: {F4(logs["loss"])}$", Assert.Single(Lines(output)));

        output = new StringWriter();
        model.Predict(X, batchSize: 10, verbose: Verbosity.OneLinePerEpoch, callbacks: new Callback[] { new ProgbarLogger(output) });
        Assert.Matches($"^2/2 - {Time} - {PerStep}$", Assert.Single(Lines(output)));
    }

    [Fact]
    public void SilentWritesNothing()
    {
        using var scope = torch.NewDisposeScope();
        using var model = Classifier();
        var output = new StringWriter();
        model.Fit(X, Y, epochs: 2, verbose: Verbosity.Silent, callbacks: new Callback[] { new ProgbarLogger(output) });
        Assert.Equal("", output.ToString());
    }

    [Theory]
    [InlineData(0.123456, "0.1235")]
    [InlineData(12.5, "12.5000")]
    [InlineData(0.0005, "5.0000e-04")]
    [InlineData(0.0, "0.0000e+00")]
    [InlineData(-2.0, "-2.0000")]
    public void ValuesUseFourDecimalsOrScientificBelowOneThousandth(double value, string expected) =>
        Assert.Equal($" - loss: {expected}", Progbar.FormatValues(new[] { KeyValuePair.Create("loss", value) }));

    [Fact]
    public void CounterIsPaddedToTheTargetsWidth()
    {
        var output = new StringWriter();
        var bar = new Progbar(120, verbose: 2, output: output);
        bar.Update(7, Array.Empty<KeyValuePair<string, double>>(), finalize: true);
        Assert.Matches($"^  7/120 - {Time} - {PerStep}\n$", output.ToString());
    }
}
