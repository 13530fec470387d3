using System.Reflection;
using KerasNet;
using KerasNet.Callbacks;
using KerasNet.Distributed;
using KerasNet.Layers;
using KerasNet.Losses;
using KerasNet.Models;
using KerasNet.Optimizers;
using KerasNet.Torch;
using KerasNet.Torch.Distributed;

namespace KerasNet.DistributedProbe;

/// <summary>
/// Probe modes for the gradient all-reduce overlapped with backward (DataParallel's overlapGradientReduction):
/// <list type="bullet">
/// <item><c>probe unused OUT_DIR [off]</c>: a model with a trainable weight the loss never reaches and a frozen layer,
/// 2 epochs; writes OUT_DIR/weights-&lt;rank&gt;.bin and prints the reducer's settings. <c>probe unused-later</c>: the
/// weight is used in the first epoch only.</item>
/// <item><c>probe accumulate OUT_DIR [off]</c>: SGD with gradientAccumulationSteps 2, 2 epochs of Fit then two
/// TrainOnBatch calls; writes OUT_DIR/weights-&lt;rank&gt;.bin.</item>
/// <item><c>probe reducer</c>: GradientReducer itself on three parameters, one unused (exit 0 when every check holds).</item>
/// </list>
/// Without WORLD_SIZE, unused and accumulate run the single-process reference over the same global batches;
/// <c>off</c> runs the ranks with overlapGradientReduction: false.
/// </summary>
internal static class OverlapProbes
{
    /// <summary>A Dense without bias plus a second trainable weight that Call adds only while <see cref="UseSpare"/>.</summary>
    private sealed class DenseWithSpare : Layer
    {
        private readonly long units;
        private Variable? kernel, spare;

        public DenseWithSpare(long units, bool useSpare) : base("dense_with_spare")
        {
            this.units = units;
            UseSpare = useSpare;
        }

        public bool UseSpare { get; set; }

        protected override void Build(TensorShape inputShape)
        {
            kernel = AddWeight("kernel", new[] { inputShape[-1]!.Value, units }, new KerasNet.Initializers.GlorotUniform());
            spare = AddWeight("spare", new[] { units }, new KerasNet.Initializers.GlorotUniform());
        }

        protected override Tensor Call(Tensor inputs, CallContext context) =>
            UseSpare ? inputs.mm(kernel!.Value) + spare!.Value : inputs.mm(kernel!.Value);

        public override TensorShape ComputeOutputShape(TensorShape inputShape) => new(inputShape[0], units);
    }

    /// <summary>
    /// A trainable weight the loss never reaches and a frozen layer; with <paramref name="later"/>, the weight is used in
    /// the first epoch and unused from the second on (the reducer, created without find_unused_parameters, must fall
    /// back for that step and be recreated with it).
    /// </summary>
    internal static int Unused(string outDir, bool distributed, int rank, bool overlap, bool later)
    {
        DenseWithSpare? head = null;
        return Run(outDir, distributed, rank, overlap, seed =>
        {
            torch.manual_seed(seed);
            var frozen = new Dense(16, activation: "tanh", trainable: false);
            head = new DenseWithSpare(3, useSpare: later);
            var model = new Sequential(new Layer[] { Keras.Input(8), new Dense(16, activation: "tanh"), frozen, head });
            model.Compile(new Adam(learningRate: 0.01), new SparseCategoricalCrossentropy(fromLogits: true));
            return model;
        }, (model, x, y, perProcess) => { }, new LambdaCallback(onEpochEnd: (epoch, _) => { if (epoch == 0) head!.UseSpare = false; }));
    }

    internal static int Accumulate(string outDir, bool distributed, int rank, bool overlap) =>
        Run(outDir, distributed, rank, overlap, seed =>
        {
            torch.manual_seed(seed);
            var model = new Sequential(new Layer[] { Keras.Input(8), new Dense(16, activation: "tanh"), new Dense(3) });
            model.Compile(new SGD(learningRate: 0.1, momentum: 0.9, gradientAccumulationSteps: 2), new SparseCategoricalCrossentropy(fromLogits: true));
            return model;
        }, (model, x, y, perProcess) =>
        {
            // Two TrainOnBatch calls (one accumulated update) on the first 16 samples: rank r takes its 8-sample half.
            var world = distributed ? 2 : 1;
            using var scope = torch.NewDisposeScope();
            for (var call = 0; call < 2; call++)
            {
                var start = call * 16 + rank * perProcess;
                model.TrainOnBatch(x.narrow(0, start, 16 / world), y.narrow(0, start, 16 / world));
            }
        });

    private static int Run(string outDir, bool distributed, int rank, bool overlap, Func<int, Model> create, Action<Model, Tensor, Tensor, int> after,
                           params Callback[] callbacks)
    {
        Directory.CreateDirectory(outDir);
        using var generator = new Generator(321);
        var x = torch.normal(0, 1, new long[] { 64, 8 }, generator: generator);
        var y = torch.randint(0, 3, new long[] { 64 }, generator: generator);
        Model model;
        if (distributed)
        {
            using var dp = new DataParallel(timeout: TimeSpan.FromSeconds(60), bucketCapMb: 0.0002, overlapGradientReduction: overlap);
            TrainingDistribution.Set(dp);
            model = create(1000 + rank);
            model.Fit(x, y, batchSize: 8, epochs: 2, verbose: Verbosity.Silent, callbacks: callbacks);
            after(model, x, y, 8);
            Describe(model, rank);
            TrainingDistribution.Clear();
        }
        else
        {
            model = create(1000);
            var source = new DistributedTensorDataSource(new[] { x }, new[] { y }, null, 16, new DistributedSampler(64, 0, 1, shuffle: true, seed: 0));
            model.Fit(source, epochs: 2, verbose: Verbosity.Silent, callbacks: callbacks);
            after(model, x, y, 16);
        }
        using (var writer = new BinaryWriter(File.Create(Path.Combine(outDir, $"weights-{rank}.bin"))))
            foreach (var v in model.Weights)
                foreach (var f in v.Value.contiguous().data<float>()) writer.Write(f);
        return 0;
    }

    // What the model's overlapped reduction ended with (read by reflection: it is internal to Keras.Net).
    private static void Describe(Model model, int rank)
    {
        var field = typeof(Model).GetField("overlappedReduction", BindingFlags.NonPublic | BindingFlags.Instance);
        var reduction = field?.GetValue(model);
        var reducer = reduction?.GetType().GetProperty("Reducer", BindingFlags.NonPublic | BindingFlags.Instance)?.GetValue(reduction) as GradientReducer;
        Console.WriteLine(reducer is null
            ? $"rank {rank}: reducer none"
            : $"rank {rank}: reducer parameters={reducer.Parameters.Count} find_unused={reducer.FindUnusedParameters} reduced={reducer.LastBackwardReduced}");
    }

    internal static int Reducer(int rank)
    {
        using var dp = new DataParallel(timeout: TimeSpan.FromSeconds(60));
        dp.Connect();
        using var scope = torch.NewDisposeScope();
        var failures = new List<string>();
        void Check(bool ok, string what) { if (!ok) failures.Add(what); }
        static Tensor Filled(double value, params long[] shape) => torch.ones(shape) * value;

        var a = Filled(1.0 + rank, 4).requires_grad_();
        var b = Filled(2.0, 3, 2).requires_grad_();
        var unused = torch.zeros(5).requires_grad_();
        var parameters = new[] { a, b, unused };
        Tensor Loss() => (a * (rank + 1.0)).sum() + (b * b).sum() * (rank + 1.0);

        var loss = Loss();
        Check(GradientReducer.ReachedParameters(parameters, new[] { loss }).SequenceEqual(new[] { true, true, false }), "ReachedParameters: a, b reached, unused not");

        // Without find_unused_parameters the unused parameter's bucket never completes: the reducer says so.
        using (var strict = new GradientReducer(parameters, dp.Group))
        {
            strict.Backward(loss);
            Check(!strict.LastBackwardReduced, "strict reducer: LastBackwardReduced is false when a parameter gets no gradient");
        }
        foreach (var p in parameters) p.zero_grad();

        using (var reducer = new GradientReducer(parameters, dp.Group, findUnusedParameters: true))
        {
            Check(reducer.LastBackwardReduced, "a new reducer has nothing pending");
            for (var step = 0; step < 3; step++)
            {
                reducer.Backward(Loss());
                Check(reducer.LastBackwardReduced, $"step {step}: reduced");
                // d/da = rank + 1 → average 1.5; d/db = 2 b (rank + 1) = 4 (rank + 1) → average 6; unused: untouched (none).
                Check(a.grad!.allclose(Filled(1.5, 4)), $"step {step}: a.grad = 1.5 everywhere, got {string.Join(",", a.grad!.data<float>().ToArray())}");
                Check(b.grad!.allclose(Filled(6.0, 3, 2)), $"step {step}: b.grad = 6 everywhere");
                Check(unused.grad is null, $"step {step}: the unused parameter's grad stays none");
                foreach (var p in parameters) p.zero_grad();
            }
            // A backward that is not prepared accumulates locally (no_sync): rank 0 sees its own gradient.
            Loss().backward();
            Check(a.grad!.allclose(Filled(rank + 1.0, 4)), "no_sync backward: local gradient");
        }
        using (var reducer = new GradientReducer(parameters, dp.Group, findUnusedParameters: true))
        {
            var notScalar = Record(() => reducer.Backward(a * 2.0));
            Check(notScalar is TorchShapeException && notScalar.Message.Contains("the loss must have one element; received shape [4]", StringComparison.Ordinal),
                  $"a loss with 4 elements is refused: {notScalar?.GetType().Name}: {notScalar?.Message}");
        }
        var error = Record(() => new GradientReducer(new[] { torch.zeros(3) }, dp.Group));
        Check(error is ArgumentException && error.Message.Contains("parameters[0] (float32[3]) is not a leaf tensor that requires grad", StringComparison.Ordinal),
              $"a parameter without requires_grad is refused: {error?.GetType().Name}: {error?.Message}");
        foreach (var f in failures) Console.WriteLine($"rank {rank}: FAILED {f}");
        Console.WriteLine($"rank {rank}: reducer checks {(failures.Count == 0 ? "passed" : "failed")}");
        return failures.Count == 0 ? 0 : 5;
    }

    /// <summary>
    /// The cost of backward plus the gradient all-reduce, three ways interleaved step by step so that a changing load
    /// affects them alike: overlapped (GradientReducer), after backward (all_reduce_coalesced), and backward alone (no
    /// communication). A 784-512-512-10 MLP (669,706 weights, 2.7 MB of gradients) on a 128-sample batch; rank 0 prints
    /// the median milliseconds of each.
    /// </summary>
    internal static int OverlapTiming(int rank, int steps, double bucketMb)
    {
        using var dp = new DataParallel(timeout: TimeSpan.FromSeconds(60), bucketCapMb: bucketMb);
        dp.Connect();
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(0);
        var w1 = (torch.randn(784, 512) * 0.05).requires_grad_();
        var w2 = (torch.randn(512, 512) * 0.05).requires_grad_();
        var w3 = (torch.randn(512, 10) * 0.05).requires_grad_();
        var parameters = new[] { w1, w2, w3 };
        var x = torch.randn(128, 784);
        using var reducer = new GradientReducer(parameters, dp.Group, dp.BucketCapBytes, firstBucketBytes: Math.Min(GradientReducer.DefaultFirstBucketBytes, dp.BucketCapBytes));
        var times = new[] { new List<double>(), new List<double>(), new List<double>() };
        for (var i = 0; i < 3 * (steps + 5); i++)
        {
            using var step = torch.NewDisposeScope();
            var loss = x.mm(w1).relu().mm(w2).relu().mm(w3).pow(2).mean();
            var clock = System.Diagnostics.Stopwatch.StartNew();
            switch (i % 3)
            {
                case 0:
                    reducer.Backward(loss);
                    break;
                case 1:
                    loss.backward();
                    torch.distributed.all_reduce_coalesced(parameters.Select(p => p.grad!).ToArray(), torch.distributed.ReduceOp.AVG, dp.Group, dp.BucketCapBytes);
                    break;
                default:
                    loss.backward();
                    break;
            }
            var ms = clock.Elapsed.TotalMilliseconds;
            if (i >= 15) times[i % 3].Add(ms);
            foreach (var p in parameters) p.zero_grad();
        }
        double Median(List<double> v) { v.Sort(); return v[v.Count / 2]; }
        if (rank == 0)
            Console.WriteLine(FormattableString.Invariant(
                $"overlap-timing bucket_mb={bucketMb} steps={steps} backward+allreduce overlapped_ms={Median(times[0]):F2} after_backward_ms={Median(times[1]):F2} backward_only_ms={Median(times[2]):F2}"));
        return 0;
    }

    private static Exception? Record(Action action)
    {
        try
        {
            action();
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }
}
