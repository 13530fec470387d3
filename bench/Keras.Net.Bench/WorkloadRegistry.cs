using KerasNet.Bench.Workloads;

namespace KerasNet.Bench;

/// <summary>Every workload the app knows, in the order pytorch_reference.py runs them.</summary>
internal static class WorkloadRegistry
{
    internal static readonly IReadOnlyList<IWorkload> All =
    [
        new OpOverhead(),
        new Mlp(),
        new MnistCnn(),
        new ResNet20(),
        new Lstm(),
        new Transformer(),
    ];

    internal static string KnownNames => string.Join(", ", All.Select(w => w.Name));

    /// <summary>The workloads named, in the order given; an unknown name is a usage error listing the known ones.</summary>
    internal static IReadOnlyList<IWorkload> Resolve(IReadOnlyList<string> names)
    {
        if (names.Count == 0) return All;
        var result = new List<IWorkload>();
        foreach (var name in names)
        {
            var workload = All.FirstOrDefault(w => w.Name == name)
                ?? throw new BenchUsageException($"unknown workload '{name}'. Known workloads: {KnownNames}.");
            result.Add(workload);
        }
        return result;
    }
}
