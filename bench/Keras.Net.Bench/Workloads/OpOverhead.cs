using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;

namespace KerasNet.Bench.Workloads;

/// <summary>
/// The per-op dispatch cost: <c>c = a + b</c> on one-element float tensors, no autograd, in batches of 1000 ops;
/// the median over <c>--steps</c> batches of the batch time in ms, which is microseconds per op. Each batch runs in a
/// dispose scope, as user code would, and the timed region includes freeing the 1000 results when the scope closes.
/// Always on the CPU, as in the reference.
/// </summary>
internal sealed class OpOverhead : IWorkload
{
    private const int OpsPerBatch = 1000;

    // The reference runs in a warm Python interpreter; here the JIT must first reach its optimized code (tiered
    // compilation promotes hot methods after a short delay), so warm-up lasts at least this long.
    private static readonly TimeSpan MinimumWarmup = TimeSpan.FromMilliseconds(500);

    public string Name => "op_overhead";

    public string Metric => "us_per_op";

    public double Measure(BenchOptions options)
    {
        using var a = torch.ones(1);
        using var b = torch.ones(1);
        using var noGrad = torch.no_grad();
        var warmupStart = Stopwatch.GetTimestamp();
        for (var i = 0; i < options.Warmup || Stopwatch.GetElapsedTime(warmupStart) < MinimumWarmup; i++) Batch(a, b);
        var samples = new double[options.Steps];
        for (var s = 0; s < samples.Length; s++) samples[s] = Batch(a, b);
        return Statistics.Median(samples);
    }

    private static double Batch(Tensor a, Tensor b)
    {
        var start = Stopwatch.GetTimestamp();
        using (torch.NewDisposeScope())
        {
            for (var i = 0; i < OpsPerBatch; i++) _ = a + b;
        }
        return Stopwatch.GetElapsedTime(start).TotalMilliseconds; // ms per 1000 ops == us per op
    }
}
