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
    public string Summary()
    {
        var rows = new List<string[]>();
        var graph = Graph;
        var showConnections = graph is not null && !IsChain(graph);
        if (graph is not null)
        {
            foreach (var node in graph.Nodes)
            {
                var shape = string.Join(", ", node.Outputs.Select(o => o.Shape.ToString()));
                var row = new List<string> { $"{node.Layer.Name} ({node.Layer.GetType().Name})", shape, FormatCount(ParamsOf(node.Layer)) };
                if (showConnections)
                    row.Add(node.Inputs.Count == 0 ? "-" : string.Join(", ", node.Inputs.Select(i => $"{i.Layer.Name}[{i.Layer.InboundNodes.IndexOf(i.Node)}][{i.OutputIndex}]")));
                rows.Add(row.ToArray());
            }
        }
        else
        {
            var shape = this is Sequential { InputLayer: { } input } ? input.Output.Shape : BuiltInputShapes?.FirstOrDefault();
            foreach (var layer in Layers)
            {
                string shown = "?";
                if (shape is not null && layer.Built)
                {
                    shape = layer.ComputeOutputShape(shape);
                    shown = shape.ToString();
                }
                rows.Add(new[] { $"{layer.Name} ({layer.GetType().Name})", shown, layer.Built ? FormatCount(ParamsOf(layer)) : "0 (unbuilt)" });
            }
        }

        var headers = showConnections
            ? new[] { "Layer (type)", "Output Shape", "Param #", "Connected to" }
            : new[] { "Layer (type)", "Output Shape", "Param #" };
        var minimum = new[] { 29, 22, 13, 25 };
        var widths = headers.Select((h, c) => Math.Max(minimum[c], Math.Max(h.Length, rows.Count == 0 ? 0 : rows.Max(r => r[c].Length)))).ToArray();
        string Line(char left, char fill, char middle, char right) =>
            left + string.Join(middle, widths.Select(w => new string(fill, w + 2))) + right;
        string Row(string[] cells, char border) =>
            border + string.Join(border, cells.Select((cell, c) => " " + (c == 2 ? cell.PadLeft(widths[c]) : cell.PadRight(widths[c])) + " ")) + border;

        var text = new StringBuilder();
        text.Append("Model: \"").Append(Name).Append("\"\n");
        text.Append(Line('┏', '━', '┳', '┓')).Append('\n');
        text.Append(Row(headers.Select((h, c) => c == 2 ? h.PadLeft(widths[c]) : h).ToArray(), '┃')).Append('\n');
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
    public void PrintSummary() => Console.Write(Summary());

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
