using KerasNet.Callbacks;
using KerasNet.Layers;
using KerasNet.Models;

namespace KerasNet.Tests.Integration;

/// <summary>Fit owns a dispose scope per batch: memory stays flat from epoch to epoch.</summary>
[Collection("Training")]
public class MemoryTests
{
    private sealed class RssRecorder : Callback
    {
        public List<long> RssAfterEpoch { get; } = new();

        public override void OnEpochEnd(int epoch, IReadOnlyDictionary<string, double> logs)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            RssAfterEpoch.Add(Rss());
        }
    }

    internal static long Rss()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
        throw new InvalidOperationException("VmRSS not found in /proc/self/status");
    }

    [Fact]
    public void RssAfterEpochTenIsWithinFivePercentOfEpochTwo()
    {
        torch.manual_seed(3);
        using var scope = torch.NewDisposeScope();
        var x = torch.randn(new long[] { 2048, 1, 16, 16 });
        var y = torch.randint(0, 10, new long[] { 2048 });
        var model = new Sequential(new Layer[]
        {
            Keras.Input(1, 16, 16),
            new Conv2D(8, 3, activation: "relu"),
            new BatchNormalization(),
            new Flatten(),
            new Dropout(0.2),
            new Dense(10),
        });
        var recorder = new RssRecorder();
        model.Compile("adam", new Losses.SparseCategoricalCrossentropy(fromLogits: true), ["accuracy"])
             .Fit(x, y, batchSize: 32, epochs: 10, verbose: Verbosity.Silent, validationSplit: 0.2, callbacks: [recorder]);

        var epoch2 = recorder.RssAfterEpoch[1];
        var epoch10 = recorder.RssAfterEpoch[9];
        // 10 epochs are 520 training and 130 validation batches; a leak of even one 32x8x14x14 activation per batch
        // (200 KB) would add about 130 MB, far beyond the 5% allowed.
        Assert.True(epoch10 <= epoch2 * 1.05,
            $"RSS grew from {epoch2 / 1048576.0:F1} MB after epoch 2 to {epoch10 / 1048576.0:F1} MB after epoch 10 (more than 5%)");
    }
}
