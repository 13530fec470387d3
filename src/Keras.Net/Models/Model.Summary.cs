using System.Globalization;
using System.Text;
using KerasNet.Layers;

namespace KerasNet.Models;

public partial class Model
{
    /// <summary>
    /// The model's table in Keras 3's format: Layer (type), Output Shape, Param # (and Connected to for graphs that
    /// are not a plain chain), then total, trainable, non-trainable and (once compiled) optimizer parameters with sizes.
    /// </summary>
    /// <param name="lineLength">The total width of the table in characters (at least 40); by default each column is as wide as its content. Cells that do not fit end in "…".</param>
    /// <param name="expandNested">Also list the layers of nested models, indented under the model's row.</param>
    /// <param name="showTrainable">Add a Trainable column: Y, N, or - for a layer without weights.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="lineLength"/> is below 40.</exception>
    public string Summary(int? lineLength = null, bool expandNested = false, bool showTrainable = false)
    {
        if (lineLength is < MinimumLineLength)
            throw new ArgumentOutOfRangeException(nameof(lineLength), lineLength, $"Summary needs a line length of at least {MinimumLineLength} characters.");
        var graph = Graph;
        var showConnections = graph is not null && !IsChain(graph);
        var rows = SummaryRows(showConnections, expandNested, showTrainable, depth: 0);
        var headers = new List<string> { "Layer (type)", "Output Shape", "Param #" };
        if (showConnections) headers.Add("Connected to");
        if (showTrainable) headers.Add("Trainable");
        var widths = ColumnWidths(headers, rows, lineLength);
        string Line(char left, char fill, char middle, char right) =>
            left + string.Join(middle, widths.Select(w => new string(fill, w + 2))) + right;
        string Row(IReadOnlyList<string> cells, char border) =>
            border + string.Join(border, cells.Select((cell, c) => " " + Fit(cell, widths[c], rightAligned: c == 2) + " ")) + border;

        var text = new StringBuilder();
        text.Append("Model: \"").Append(Name).Append("\"\n");
        text.Append(Line('┏', '━', '┳', '┓')).Append('\n');
        text.Append(Row(headers, '┃')).Append('\n');
        text.Append(Line('┡', '━', '╇', '┩')).Append('\n');
        for (var i = 0; i < rows.Count; i++)
        {
            text.Append(Row(rows[i], '│')).Append('\n');
            text.Append(i < rows.Count - 1 ? Line('├', '─', '┼', '┤') : Line('└', '─', '┴', '┘')).Append('\n');
        }
        if (rows.Count == 0) text.Append(Line('└', '─', '┴', '┘')).Append('\n');
        var weights = Weights;
        long trainable = weights.Where(w => w.Trainable).Sum(w => w.Size);
        long frozen = weights.Where(w => !w.Trainable).Sum(w => w.Size);
        var optimizerParams = compiled is { OptimizerBuilt: true } ? compiled.Optimizer.StateSize : 0;
        text.Append(" Total params: ").Append(CountAndSize(trainable + frozen + optimizerParams)).Append('\n');
        text.Append(" Trainable params: ").Append(CountAndSize(trainable)).Append('\n');
        text.Append(" Non-trainable params: ").Append(CountAndSize(frozen)).Append('\n');
        if (optimizerParams > 0) text.Append(" Optimizer params: ").Append(CountAndSize(optimizerParams)).Append('\n');
        return text.ToString();
    }

    /// <summary>Writes <see cref="Summary"/> to the console.</summary>
    public void PrintSummary(int? lineLength = null, bool expandNested = false, bool showTrainable = false) =>
        Console.Write(Summary(lineLength, expandNested, showTrainable));

    private const int MinimumLineLength = 40;

    /// <summary>One row per layer call (graphs) or layer (subclassed and input-less Sequential models), nested models' rows under theirs.</summary>
    private List<string[]> SummaryRows(bool showConnections, bool expandNested, bool showTrainable, int depth)
    {
        var rows = new List<string[]>();
        var indent = string.Concat(Enumerable.Repeat("│ ", depth));
        void Add(Layer layer, string shape, string parameters, string? connections)
        {
            var row = new List<string> { $"{indent}{layer.Name} ({layer.GetType().Name})", shape, parameters };
            if (showConnections) row.Add(connections ?? "");
            if (showTrainable) row.Add(layer.Weights.Count == 0 ? "-" : layer.Trainable ? "Y" : "N");
            rows.Add(row.ToArray());
            if (expandNested && layer is Model nested)
                rows.AddRange(nested.SummaryRows(showConnections, expandNested, showTrainable, depth + 1));
        }
        if (Graph is { } graph)
        {
            foreach (var node in graph.Nodes)
            {
                if (depth > 0 && node.Layer is InputLayer) continue;
                var connections = node.Inputs.Count == 0 ? "-" : string.Join(", ", node.Inputs.Select(i => $"{i.Layer.Name}[{i.Layer.InboundNodes.IndexOf(i.Node)}][{i.OutputIndex}]"));
                Add(node.Layer, string.Join(", ", node.Outputs.Select(o => o.Shape.ToString())), FormatCount(ParamsOf(node.Layer)), connections);
            }
            return rows;
        }
        var shape = this is Sequential { InputLayer: { } input } ? input.Output.Shape : BuiltInputShapes?.FirstOrDefault();
        foreach (var layer in Layers)
        {
            string shown = "?";
            if (shape is not null && layer.Built)
            {
                shape = layer.ComputeOutputShape(shape);
                shown = shape.ToString();
            }
            Add(layer, shown, layer.Built ? FormatCount(ParamsOf(layer)) : "0 (unbuilt)", null);
        }
        return rows;
    }

    /// <summary>Each column as wide as its content (with Keras's minimums), or <paramref name="lineLength"/> shared in Keras's proportions.</summary>
    private static int[] ColumnWidths(IReadOnlyList<string> headers, IReadOnlyList<string[]> rows, int? lineLength)
    {
        var minimum = new Dictionary<string, int> { ["Layer (type)"] = 29, ["Output Shape"] = 22, ["Param #"] = 13, ["Connected to"] = 25, ["Trainable"] = 9 };
        if (lineLength is not { } total)
            return headers.Select((h, c) => Math.Max(minimum[h], Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[c].Length)))).ToArray();
        // Every column costs three characters of borders and padding, plus one for the closing border.
        var available = total - 3 * headers.Count - 1;
        var shares = headers.Select(h => (double)minimum[h]).ToArray();
        var widths = shares.Select(share => Math.Max(1, (int)(available * share / shares.Sum()))).ToArray();
        widths[0] += available - widths.Sum();
        return widths;
    }

    private static string Fit(string cell, int width, bool rightAligned) =>
        cell.Length > width ? cell[..(width - 1)] + "…" : rightAligned ? cell.PadLeft(width) : cell.PadRight(width);

    private static long ParamsOf(Layer layer) => layer.Weights.Sum(w => w.Size);

    private static bool IsChain(FunctionalGraph graph)
    {
        Node? previous = null;
        foreach (var node in graph.Nodes)
        {
            if (node.Layer is InputLayer) { if (previous is not null) return false; previous = node; continue; }
            if (node.Inputs.Count != 1 || previous is null || !ReferenceEquals(node.Inputs[0].Node, previous)) return false;
            previous = node;
        }
        return true;
    }

    private static string FormatCount(long count) => count.ToString("N0", CultureInfo.InvariantCulture);

    private static string CountAndSize(long count)
    {
        double bytes = count * 4.0;
        var size = bytes switch
        {
            < 1024 => $"{bytes:F2} B",
            < 1024 * 1024 => $"{bytes / 1024:F2} KB",
            < 1024.0 * 1024 * 1024 => $"{bytes / 1024 / 1024:F2} MB",
            _ => $"{bytes / 1024 / 1024 / 1024:F2} GB",
        };
        return string.Create(CultureInfo.InvariantCulture, $"{FormatCount(count)} ({size})");
    }
}
