namespace KerasNet.Plotting;

/// <summary>One line of a plot: a name for the legend and its points.</summary>
/// <param name="Name">The legend text.</param>
/// <param name="X">The x values.</param>
/// <param name="Y">The y values (non-finite values break the line).</param>
/// <param name="Dashed">Draw the line dashed (e.g. validation curves).</param>
public sealed record PlotSeries(string Name, IReadOnlyList<double> X, IReadOnlyList<double> Y, bool Dashed = false);
