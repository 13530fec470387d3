using KerasNet.Layers;
using KerasNet.Losses;
using KerasNet.Models;
using KerasNet.Optimizers;

namespace KerasNet.DistributedProbe;

/// <summary>
/// <c>syncbn OUT_DIR true|false|nobackward</c> (nobackward: synchronized, with the backward all-reduce switched off): Conv2D → BatchNormalization(synchronized) → Dense on a fixed global batch of 16
/// samples whose second half is shifted (each half's statistics differ from the global batch's). Step 1: rank r runs
/// samples [8r, 8r + 8) in training mode, backward of its mean loss, gradients averaged; writes logits-RANK.bin and
/// grads-RANK.bin. Step 2: one Fit step over the global batch; writes weights-RANK.bin and moving-RANK.bin. In one
/// process: the whole global batch in both steps.
/// </summary>
internal static class SyncBatchNorm
{
    private const int Global = 16;

    internal static int Run(string outDir, string variant, int rank, int world)
    {
        var synchronized = variant != "false";
        Distributed.AllReduceSumFunction.ReducesGradient = variant != "nobackward";
        Directory.CreateDirectory(outDir);
        using var generator = new torch.Generator(7);
        var x = torch.normal(0, 1, new long[] { Global, 2, 5, 5 }, generator: generator);
        using (torch.no_grad()) x.narrow(0, Global / 2, Global / 2).add_(3.0);
        var y = torch.randint(0, 3, new long[] { Global }, generator: generator);
        var local = Global / world;
        torch.manual_seed(1000);
        var bn = new BatchNormalization(momentum: 0.9, synchronized: synchronized);
        var model = new Sequential(new Layer[] { Keras.Input(2, 5, 5), new Conv2D(3, 3), bn, new Flatten(), new Dense(3) });
        model.Compile(new SGD(learningRate: 0.1), new SparseCategoricalCrossentropy(fromLogits: true));
        using (var scope = torch.NewDisposeScope())
        {
            var logits = model.Apply(x.narrow(0, rank * local, local), training: true);
            new SparseCategoricalCrossentropy(fromLogits: true).Call(y.narrow(0, rank * local, local), logits).mean().backward();
            var grads = model.TrainableWeights.Select(w => w.Value.grad!).ToArray();
            Distributed.TrainingDistribution.Current?.ReduceGradients(grads);
            Probes.WriteFloats(Path.Combine(outDir, $"logits-{rank}.bin"), new[] { logits });
            Probes.WriteFloats(Path.Combine(outDir, $"grads-{rank}.bin"), grads);
            foreach (var w in model.TrainableWeights) w.Value.grad = null;
        }
        model.Fit(x, y, batchSize: local, epochs: 1, shuffle: false, verbose: Verbosity.Silent);
        Probes.WriteFloats(Path.Combine(outDir, $"weights-{rank}.bin"), model.Weights.Select(w => w.Value));
        Probes.WriteFloats(Path.Combine(outDir, $"moving-{rank}.bin"), new[] { bn.MovingMean.Value, bn.MovingVariance.Value });
        return 0;
    }
}
