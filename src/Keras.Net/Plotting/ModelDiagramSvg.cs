using System.Globalization;
using System.Net;
using System.Text;

namespace KerasNet.Plotting;

/// <summary>Writes a <see cref="ModelDiagram"/> as an SVG document.</summary>
internal static class ModelDiagramSvg
{
    internal const string BoxFill = "#eef3fb", BoxStroke = "#4a6fa5", ArrowColor = "#555555", TextColor = "#1a1a1a";

    internal static string Render(ModelDiagram diagram)
    {
        var svg = new StringBuilder();
        svg.Append(Invariant($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{diagram.Width:0.#}\" height=\"{diagram.Height:0.#}\" "))
           .Append(Invariant($"viewBox=\"0 0 {diagram.Width:0.#} {diagram.Height:0.#}\" font-family=\"DejaVu Sans Mono, Menlo, Consolas, monospace\" font-size=\"{ModelDiagram.FontSize}\">\n"))
           .Append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        foreach (var edge in diagram.Edges)
        {
            var (x1, y1, x2, y2, head) = diagram.Arrow(edge);
            svg.Append(Invariant($"<line x1=\"{x1:0.##}\" y1=\"{y1:0.##}\" x2=\"{x2:0.##}\" y2=\"{y2:0.##}\" stroke=\"{ArrowColor}\" stroke-width=\"1.5\"/>\n"))
               .Append("<polygon points=\"").Append(string.Join(' ', head.Select(p => Invariant($"{p.X:0.##},{p.Y:0.##}"))))
               .Append(Invariant($"\" fill=\"{ArrowColor}\"/>\n"));
        }
        foreach (var box in diagram.Boxes)
        {
            svg.Append(Invariant($"<rect x=\"{box.X:0.##}\" y=\"{box.Y:0.##}\" width=\"{box.Width:0.##}\" height=\"{box.Height:0.##}\" rx=\"6\" fill=\"{BoxFill}\" stroke=\"{BoxStroke}\" stroke-width=\"1.5\"/>\n"));
            for (var i = 0; i < box.Lines.Count; i++)
            {
                var baseline = TextBaseline(box, i);
                svg.Append(Invariant($"<text x=\"{box.CenterX:0.##}\" y=\"{baseline:0.##}\" text-anchor=\"middle\" fill=\"{TextColor}\""))
                   .Append(i == 0 ? " font-weight=\"bold\"" : "").Append('>').Append(WebUtility.HtmlEncode(box.Lines[i])).Append("</text>\n");
            }
        }
        return svg.Append("</svg>\n").ToString();
    }

    /// <summary>The baseline of line <paramref name="line"/> of a box (about 0.7 of the line height below its top for this font size).</summary>
    internal static double TextBaseline(ModelDiagram.Box box, int line) =>
        box.Y + ModelDiagram.Padding + line * ModelDiagram.LineHeight + ModelDiagram.LineHeight * 0.72;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
