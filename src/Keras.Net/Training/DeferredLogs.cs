using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace KerasNet.Training;

/// <summary>
/// A step's logs, read from the metrics (which keep their state on the device) only when a callback first asks for a
/// value, so a step that nobody prints does not wait for the device. The values are those of the step that made them:
/// once the next step starts they can no longer be read unless they were read before (then they are kept).
/// </summary>
internal sealed class DeferredLogs : IReadOnlyDictionary<string, double>
{
    private Func<Dictionary<string, double>>? read;
    private Dictionary<string, double>? values;

    internal DeferredLogs(Func<Dictionary<string, double>> read) => this.read = read;

    /// <summary>Called when the next step starts: values not read by then cannot be read any more.</summary>
    internal void Expire() => read = null;

    private Dictionary<string, double> Values => values ??= read?.Invoke() ?? throw new InvalidOperationException(
        "These logs belong to an earlier training step and were not read during it: read (or copy) a step's logs in the callback hook that receives them.");

    public double this[string key] => Values[key];

    public IEnumerable<string> Keys => Values.Keys;

    IEnumerable<double> IReadOnlyDictionary<string, double>.Values => Values.Values;

    public int Count => Values.Count;

    public bool ContainsKey(string key) => Values.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out double value) => Values.TryGetValue(key, out value);

    public IEnumerator<KeyValuePair<string, double>> GetEnumerator() => Values.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Expires <paramref name="logs"/> if they are deferred (custom steps may return plain dictionaries).</summary>
    internal static void ExpireIfDeferred(IReadOnlyDictionary<string, double> logs) => (logs as DeferredLogs)?.Expire();
}
