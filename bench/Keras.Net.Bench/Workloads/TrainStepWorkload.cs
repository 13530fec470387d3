using System.Diagnostics;
using KerasNet.Losses;
using KerasNet.Models;
using KerasNet.Optimizers;
using TorchSharp;
using static TorchSharp.torch;

namespace KerasNet.Bench.Workloads;

/// <summary>
/// A training-step workload as pytorch_reference.py defines it: a model built with the Keras API, Adam(1e-3),
/// cross-entropy on logits, fixed random inputs; a step is <c>TrainOnBatch</c> (zero grads, forward, loss, backward,
/// optimizer step, reading the loss). Reports the median milliseconds per step. With <c>--amp</c> the model is
/// built under the <c>mixed_bfloat16</c> dtype policy.
/// </summary>
internal abstract class TrainStepWorkload : IWorkload
{
    public abstract string Name { get; }

    public string Metric => "ms_per_step";

    /// <summary>Samples per step on this process (after <see cref="Measure"/>).</summary>
    public long BatchSize { get; private set; }

    /// <summary>The model, the input shape (batch first) and the number of classes.</summary>
    protected abstract (Model Model, long[] InputShape, long Classes, long? Vocabulary) Create();

    public double Measure(BenchOptions options)
    {
        torch.manual_seed(0);
        // --amp: the model's layers are created under mixed_bfloat16 (float32 variables, bfloat16 compute), as the
        // reference runs its step under bfloat16 autocast.
        var policy = Config.DtypePolicy;
        if (options.Amp) Config.SetDtypePolicy("mixed_bfloat16");
        Model model;
        long[] shape;
        long classes;
        long? vocabulary;
        try
        {
            (model, shape, classes, vocabulary) = Create();
        }
        finally
        {
            Config.SetDtypePolicy(policy);
        }
        BatchSize = shape[0];
        var device = torch.device(options.Device);
        model.To(device);
        model.Compile(new Adam(learningRate: 1e-3), new SparseCategoricalCrossentropy(fromLogits: true));
        using var x = (vocabulary is { } v ? torch.randint(0, v, shape) : torch.randn(shape)).to(device);
        using var y = torch.randint(0, classes, new[] { shape[0] }).to(device);
        for (var i = 0; i < options.Warmup; i++) model.TrainOnBatch(x, y);
        var samples = new double[options.Steps];
        for (var s = 0; s < samples.Length; s++)
        {
            var start = Stopwatch.GetTimestamp();
            model.TrainOnBatch(x, y);
            samples[s] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        model.Dispose();
        return Statistics.Median(samples);
    }
}
