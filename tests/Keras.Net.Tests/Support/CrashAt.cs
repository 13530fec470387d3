using KerasNet.Callbacks;

namespace KerasNet.Tests.Support;

/// <summary>Thrown by <see cref="CrashAt"/>: stands in for a killed process.</summary>
internal sealed class SimulatedCrash : Exception;

/// <summary>Throws <see cref="SimulatedCrash"/> at the end of one batch of one epoch, as a killed process would stop (no OnTrainEnd).</summary>
internal sealed class CrashAt(int epoch, int batch) : Callback
{
    private int current;

    public override void OnEpochBegin(int epoch, IReadOnlyDictionary<string, double> logs) => current = epoch;

    public override void OnTrainBatchEnd(int b, IReadOnlyDictionary<string, double> logs)
    {
        if (current == epoch && b == batch) throw new SimulatedCrash();
    }
}
