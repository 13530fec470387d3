using System.Globalization;
using System.Net;
using System.Text;

namespace KerasNet.Plotting;

/// <summary>
/// A small self-contained SVG line-plot writer: panels stacked vertically, each with axes, ticks, grid lines, a
/// legend and its lines. Enough for training curves and the learning-rate range test, readable in any browser.
/// </summary>
public static class SvgLinePlot
{
    private const double Width = 640, PanelHeight = 300, Left = 70, Right = 150, Top = 36, Bottom = 46;
    private static readonly string[] Colors = { "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f" };

    /// <summary>The SVG document for <paramref name="panels"/>.</summary>
    public static string Render(IReadOnlyList<PlotPanel> panels)
    {
        ArgumentNullException.ThrowIfNull(panels);
        if (panels.Count == 0) throw new ArgumentException("A plot needs at least one panel.", nameof(panels));
        var svg = new StringBuilder();
        var height = PanelHeight * panels.Count;
        svg.Append(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{height}\" viewBox=\"0 0 {Width} {height}\" font-family=\"sans-serif\" font-size=\"11\">\n"));
        svg.Append(Invariant($"<rect width=\"{Width}\" height=\"{height}\" fill=\"white\"/>\n"));
        for (var i = 0; i < panels.Count; i++) RenderPanel(svg, panels[i], i * PanelHeight);
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    /// <summary>Writes the SVG for <paramref name="panels"/> to <paramref name="path"/> (atomically).</summary>
    public static void Write(string path, IReadOnlyList<PlotPanel> panels)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var bytes = Encoding.UTF8.GetBytes(Render(panels));
        AtomicFile.Write(path, stream => stream.Write(bytes));
    }

    private static void RenderPanel(StringBuilder svg, PlotPanel panel, double offsetY)
    {
        foreach (var s in panel.Series)
            if (s.X.Count != s.Y.Count)
                throw new ArgumentException($"Plot series '{s.Name}' has {s.X.Count} x values but {s.Y.Count} y values.", nameof(panel));
        var plotLeft = Left;
        var plotRight = Width - Right;
        var plotTop = offsetY + Top;
        var plotBottom = offsetY + PanelHeight - Bottom;
        Func<double, double> tx = panel.LogX ? Math.Log10 : v => v;
        var points = panel.Series.SelectMany(s => s.X.Zip(s.Y)).Where(p => double.IsFinite(p.First) && double.IsFinite(p.Second) && (!panel.LogX || p.First > 0)).ToList();
        var (xMin, xMax) = Range(points.Select(p => tx(p.First)));
        var (yMin, yMax) = Range(points.Select(p => p.Second));
        var pad = (yMax - yMin) * 0.05;
        yMin -= pad;
        yMax += pad;
        double Px(double x) => plotLeft + (tx(x) - xMin) / (xMax - xMin) * (plotRight - plotLeft);
        double Py(double y) => plotBottom - (y - yMin) / (yMax - yMin) * (plotBottom - plotTop);

        svg.Append(Invariant($"<text x=\"{(plotLeft + plotRight) / 2}\" y=\"{offsetY + 20}\" text-anchor=\"middle\" font-size=\"14\" font-weight=\"bold\">{Escape(panel.Title)}</text>\n"));
        svg.Append(Invariant($"<rect x=\"{plotLeft}\" y=\"{plotTop}\" width=\"{plotRight - plotLeft}\" height=\"{plotBottom - plotTop}\" fill=\"none\" stroke=\"#333\"/>\n"));
        foreach (var tick in Ticks(yMin, yMax))
        {
            var y = Py(tick);
            svg.Append(Invariant($"<line x1=\"{plotLeft}\" y1=\"{y:0.##}\" x2=\"{plotRight}\" y2=\"{y:0.##}\" stroke=\"#ddd\"/>"));
            svg.Append(Invariant($"<text x=\"{plotLeft - 6}\" y=\"{y + 4:0.##}\" text-anchor=\"end\">{Label(tick)}</text>\n"));
        }
        foreach (var tick in Ticks(xMin, xMax))
        {
            var x = plotLeft + (tick - xMin) / (xMax - xMin) * (plotRight - plotLeft);
            var text = panel.LogX ? Label(Math.Pow(10, tick)) : Label(tick);
            svg.Append(Invariant($"<line x1=\"{x:0.##}\" y1=\"{plotTop}\" x2=\"{x:0.##}\" y2=\"{plotBottom}\" stroke=\"#eee\"/>"));
            svg.Append(Invariant($"<text x=\"{x:0.##}\" y=\"{plotBottom + 16}\" text-anchor=\"middle\">{text}</text>\n"));
        }
        svg.Append(Invariant($"<text x=\"{(plotLeft + plotRight) / 2}\" y=\"{plotBottom + 34}\" text-anchor=\"middle\">{Escape(panel.XLabel)}</text>\n"));
        svg.Append(Invariant($"<text x=\"16\" y=\"{(plotTop + plotBottom) / 2}\" text-anchor=\"middle\" transform=\"rotate(-90 16 {(plotTop + plotBottom) / 2})\">{Escape(panel.YLabel)}</text>\n"));
        for (var i = 0; i < panel.Series.Count; i++)
        {
            var series = panel.Series[i];
            var color = Colors[i % Colors.Length];
            var path = new StringBuilder();
            var pen = false;
            for (var k = 0; k < series.X.Count; k++)
            {
                var (x, y) = (series.X[k], series.Y[k]);
                if (!double.IsFinite(x) || !double.IsFinite(y) || (panel.LogX && x <= 0))
                {
                    pen = false;
                    continue;
                }
                path.Append(Invariant($"{(pen ? " L" : " M")}{Px(x):0.##},{Py(y):0.##}"));
                pen = true;
            }
            var dash = series.Dashed ? " stroke-dasharray=\"6 4\"" : "";
            svg.Append(Invariant($"<path class=\"series\" data-name=\"{Escape(series.Name)}\" d=\"{path.ToString().Trim()}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"2\"{dash}/>\n"));
            if (series.X.Count == 1 && pen)
                svg.Append(Invariant($"<circle cx=\"{Px(series.X[0]):0.##}\" cy=\"{Py(series.Y[0]):0.##}\" r=\"3\" fill=\"{color}\"/>\n"));
            var legendY = plotTop + 12 + i * 18;
            svg.Append(Invariant($"<line x1=\"{plotRight + 10}\" y1=\"{legendY}\" x2=\"{plotRight + 34}\" y2=\"{legendY}\" stroke=\"{color}\" stroke-width=\"2\"{dash}/>"));
            svg.Append(Invariant($"<text x=\"{plotRight + 40}\" y=\"{legendY + 4}\">{Escape(series.Name)}</text>\n"));
        }
    }

    private static (double Min, double Max) Range(IEnumerable<double> values)
    {
        var list = values.ToList();
        if (list.Count == 0) return (0, 1);
        var (min, max) = (list.Min(), list.Max());
        if (max - min < 1e-12 * Math.Max(1, Math.Abs(max))) return (min - 0.5, max + 0.5);
        return (min, max);
    }

    /// <summary>About five "nice" tick values (1, 2 or 5 times a power of ten apart) within [min, max].</summary>
    private static IEnumerable<double> Ticks(double min, double max)
    {
        var raw = (max - min) / 5;
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var step = new[] { 1.0, 2.0, 5.0, 10.0 }.Select(f => f * magnitude).First(s => s >= raw);
        for (var t = Math.Ceiling(min / step) * step; t <= max + step * 1e-9; t += step) yield return Math.Abs(t) < step * 1e-9 ? 0 : t;
    }

    private static string Label(double value) => value.ToString("G4", CultureInfo.InvariantCulture);

    private static string Escape(string text) => WebUtility.HtmlEncode(text);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
