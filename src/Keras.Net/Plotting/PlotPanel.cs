namespace KerasNet.Plotting;

/// <summary>One chart of a figure: a title, axis labels and its lines.</summary>
/// <param name="Title">The title above the chart.</param>
/// <param name="XLabel">The x axis label.</param>
/// <param name="YLabel">The y axis label.</param>
/// <param name="Series">The lines.</param>
/// <param name="LogX">Use a logarithmic x axis (all x values must be positive).</param>
public sealed record PlotPanel(string Title, string XLabel, string YLabel, IReadOnlyList<PlotSeries> Series, bool LogX = false);
