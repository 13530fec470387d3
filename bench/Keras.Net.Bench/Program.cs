using System.Globalization;
using KerasNet.Bench;
using TorchSharp;
using static TorchSharp.torch;

// Prints one line per workload in pytorch_reference.py's format, e.g.
//   workload=op_overhead us_per_op=1.234 steps=30 threads=2 torch=1.13.1
//   workload=mnist_cnn ms_per_step=12.34 steps=30 threads=2 device=cpu amp=off torch=1.13.1
BenchOptions options;
IReadOnlyList<IWorkload> workloads;
try
{
    options = BenchOptions.Parse(args);
    workloads = WorkloadRegistry.Resolve(options.Workloads);
}
catch (BenchUsageException e)
{
    if (e.Problem is not null) Console.Error.WriteLine($"Keras.Net.Bench: {e.Problem}");
    Console.Error.WriteLine(BenchOptions.Usage);
    Console.Error.WriteLine($"workloads: {WorkloadRegistry.KnownNames}");
    return e.Problem is null ? 0 : 2;
}

if (options.Device.StartsWith("cuda", StringComparison.Ordinal) && !torch.cuda.is_available())
{
    Console.Error.WriteLine($"Keras.Net.Bench: --device {options.Device} was asked for, but libtorch sees no CUDA device. Reference a CUDA backend (TorchBackend=TorchSharp-cuda-linux) on a machine with a GPU, or use --device cpu.");
    return 2;
}

torch.set_num_threads(options.Threads);
// Under mpirun (./build.sh bench ... --nproc N) every training step is data-parallel; rank 0 alone prints.
// KERASNET_DP_OVERLAP=1 measures DataParallel(overlap: true).
var parallel = KerasNet.Distributed.DataParallel.IsLaunchedUnderMpi
    ? new KerasNet.Distributed.DataParallel(overlap: Environment.GetEnvironmentVariable("KERASNET_DP_OVERLAP") == "1")
    : null;
KerasNet.Distributed.TrainingDistribution.Set(parallel);
if (parallel is { IsChief: false }) Console.SetOut(TextWriter.Null);
var version = torch.__version__;
foreach (var workload in workloads)
{
    var value = workload.Measure(options);
    var line = workload.Metric switch
    {
        "us_per_op" => $"workload={workload.Name} us_per_op={value:F3} steps={options.Steps} threads={options.Threads} torch={version}",
        "images_per_s" when workload is KerasNet.Bench.Workloads.ImageFolder folder =>
            $"workload={workload.Name} images_per_s={value:F1} images={folder.Images} workers={options.Workers} batch={options.Batch} torch={version}",
        "images_per_s" => $"workload={workload.Name} images_per_s={value:F1} steps={options.Steps} threads={options.Threads} device={options.Device} torch={version}",
        _ => $"workload={workload.Name} {workload.Metric}={value:F2} steps={options.Steps} threads={options.Threads} device={options.Device} amp={(options.Amp ? "bf16" : "off")} torch={version}",
    };
    // Data-parallel: every process trains its own batch per step, so the job's throughput is processes × batch per step.
    if (parallel is not null && workload is KerasNet.Bench.Workloads.TrainStepWorkload step)
        line += FormattableString.Invariant($" processes={parallel.WorldSize} samples_per_s={parallel.WorldSize * step.BatchSize * 1000 / value:F1}");
    Console.WriteLine(line.ToString(CultureInfo.InvariantCulture));
}
return 0;
