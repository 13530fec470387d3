namespace KerasNet.Bench;

internal static class Statistics
{
    /// <summary>The median, as Python's statistics.median (mean of the two middle values for an even count).</summary>
    internal static double Median(IReadOnlyList<double> samples)
    {
        if (samples.Count == 0) throw new ArgumentException("Median of no samples.", nameof(samples));
        var sorted = samples.Order().ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
