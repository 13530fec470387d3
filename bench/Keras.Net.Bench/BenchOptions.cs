using System.Globalization;

namespace KerasNet.Bench;

/// <summary>
/// The command line, as pytorch_reference.py takes it:
/// <c>[workloads comma-separated] [--only a,b] [--steps N] [--warmup N] [--threads N] [--device cpu|cuda[:N]] [--amp]</c>.
/// </summary>
internal sealed record BenchOptions(IReadOnlyList<string> Workloads, int Steps, int Warmup, int Threads, string Device, bool Amp)
{
    /// <summary>The image folder of the imagefolder workload (--data).</summary>
    public string? Data { get; init; }
    /// <summary>Loader worker threads of the imagefolder workload (--workers, default 2 as pytorch_imagefolder.py).</summary>
    public int Workers { get; init; } = 2;
    /// <summary>Images per batch of the imagefolder workload (--batch, default 64).</summary>
    public int Batch { get; init; } = 64;
    /// <summary>Timed passes over the folder (--epochs, default 3); the median rate is reported.</summary>
    public int Epochs { get; init; } = 3;
    /// <summary>Decode JPEGs at full size instead of DCT-scaled to what the resize needs (--full-decode).</summary>
    public bool FullDecode { get; init; }

    internal const string Usage =
        "usage: Keras.Net.Bench [WORKLOAD[,WORKLOAD...]] [--only WORKLOAD[,...]] [--steps N] [--warmup N] [--threads N] [--device cpu|cuda|cuda:N] [--amp] [--data DIR] [--workers N] [--batch N] [--epochs N] [--full-decode]";

    /// <summary>Defaults match pytorch_reference.py: 30 steps, 5 warm-up steps, 2 threads, CPU, no autocast.</summary>
    internal static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var workloads = new List<string>();
        int steps = 30, warmup = 5, threads = 2;
        var device = "cpu";
        var amp = false;
        string? data = null;
        int workers = 2, batch = 64, epochs = 3;
        var fullDecode = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            // --name=value is accepted as well as --name value.
            string? inline = null;
            var eq = arg.StartsWith("--", StringComparison.Ordinal) ? arg.IndexOf('=') : -1;
            if (eq > 0) { inline = arg[(eq + 1)..]; arg = arg[..eq]; }
            string Value() => inline ?? (i + 1 < args.Count ? args[++i] : throw new BenchUsageException($"{arg} needs a value."));
            switch (arg)
            {
                case "--steps": steps = PositiveInt(arg, Value(), allowZero: false); break;
                case "--warmup": warmup = PositiveInt(arg, Value(), allowZero: true); break;
                case "--threads": threads = PositiveInt(arg, Value(), allowZero: false); break;
                case "--device": device = Value(); break;
                case "--only": workloads.AddRange(SplitNames(Value())); break;
                case "--amp": amp = true; break;
                case "--data": data = Value(); break;
                case "--workers": workers = PositiveInt(arg, Value(), allowZero: true); break;
                case "--batch": batch = PositiveInt(arg, Value(), allowZero: false); break;
                case "--epochs": epochs = PositiveInt(arg, Value(), allowZero: false); break;
                case "--full-decode": fullDecode = true; break;
                case "-h" or "--help": throw new BenchUsageException(null);
                default:
                    if (arg.StartsWith('-')) throw new BenchUsageException($"unknown option '{arg}'.");
                    workloads.AddRange(SplitNames(arg));
                    break;
            }
        }
        if (device != "cpu" && device != "cuda" && !device.StartsWith("cuda:", StringComparison.Ordinal))
            throw new BenchUsageException($"--device must be cpu, cuda or cuda:N; received '{device}'.");
        return new BenchOptions(workloads, steps, warmup, threads, device, amp) { Data = data, Workers = workers, Batch = batch, Epochs = epochs, FullDecode = fullDecode };
    }

    private static IEnumerable<string> SplitNames(string list) =>
        list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static int PositiveInt(string option, string text, bool allowZero)
    {
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < (allowZero ? 0 : 1))
            throw new BenchUsageException($"{option} expects {(allowZero ? "a non-negative" : "a positive")} integer; received '{text}'.");
        return value;
    }
}

/// <summary>A bad command line: the message says what was wrong (null for --help).</summary>
internal sealed class BenchUsageException(string? problem) : Exception(problem ?? "help")
{
    public string? Problem { get; } = problem;
}
