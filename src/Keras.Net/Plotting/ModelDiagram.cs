using KerasNet.Layers;
using KerasNet.Models;

namespace KerasNet.Plotting;

/// <summary>
/// The picture <see cref="Utils.PlotModel"/> draws, laid out and independent of the file format: one box per layer
/// call, ranked by the longest path from an input (top to bottom, or left to right), and one arrow per tensor.
/// Text is monospace, so widths are known without a font: <see cref="CharWidth"/> per character.
/// </summary>
internal sealed class ModelDiagram
{
    internal const double FontSize = 14, CharWidth = FontSize * 0.6, LineHeight = 20, Padding = 10, Gap = 40, Margin = 20;

    /// <summary>A box: its text lines (the first is the title) and its top-left corner and size.</summary>
    internal sealed record Box(IReadOnlyList<string> Lines, double X, double Y, double Width, double Height)
    {
        internal double CenterX => X + Width / 2;
        internal double CenterY => Y + Height / 2;
    }

    internal IReadOnlyList<Box> Boxes { get; }

    /// <summary>Arrows as indices into <see cref="Boxes"/>.</summary>
    internal IReadOnlyList<(int From, int To)> Edges { get; }

    internal bool LeftToRight { get; }

    internal double Width { get; }

    internal double Height { get; }

    private ModelDiagram(IReadOnlyList<Box> boxes, IReadOnlyList<(int From, int To)> edges, bool leftToRight)
    {
        (Boxes, Edges, LeftToRight) = (boxes, edges, leftToRight);
        Width = boxes.Max(b => b.X + b.Width) + Margin;
        Height = boxes.Max(b => b.Y + b.Height) + Margin;
    }

    /// <summary>
    /// The arrow of an edge: from the middle of the source box's leaving side to the middle of the target's entering
    /// side, and the three corners of its head (at the target).
    /// </summary>
    internal (double X1, double Y1, double X2, double Y2, (double X, double Y)[] Head) Arrow((int From, int To) edge)
    {
        var (a, b) = (Boxes[edge.From], Boxes[edge.To]);
        var (x1, y1, x2, y2) = LeftToRight ? (a.X + a.Width, a.CenterY, b.X, b.CenterY) : (a.CenterX, a.Y + a.Height, b.CenterX, b.Y);
        var length = Math.Max(1e-9, Math.Sqrt((x2 - x1) * (x2 - x1) + (y2 - y1) * (y2 - y1)));
        var (ux, uy) = ((x2 - x1) / length, (y2 - y1) / length);
        const double size = 8;
        var head = new[] { (x2, y2), (x2 - size * ux - size / 2 * uy, y2 - size * uy + size / 2 * ux), (x2 - size * ux + size / 2 * uy, y2 - size * uy - size / 2 * ux) };
        return (x1, y1, x2 - size * ux, y2 - size * uy, head);
    }

    /// <summary>Lays out <paramref name="model"/>'s layers with the text the options ask for.</summary>
    internal static ModelDiagram Of(Model model, ModelDiagramOptions options)
    {
        var (texts, edges) = model.Graph is { } graph ? FromGraph(graph, options) : FromLayers(model, options);
        if (texts.Count == 0)
            throw new InvalidOperationException($"Model '{model.Name}' has no layers to plot.");
        var ranks = new int[texts.Count];
        foreach (var (from, to) in edges.OrderBy(e => e.To)) ranks[to] = Math.Max(ranks[to], ranks[from] + 1);
        var sizes = texts.Select(lines => (W: lines.Max(l => l.Length) * CharWidth + 2 * Padding, H: lines.Count * LineHeight + 2 * Padding)).ToArray();
        var byRank = Enumerable.Range(0, texts.Count).GroupBy(i => ranks[i]).OrderBy(g => g.Key).Select(g => g.ToArray()).ToArray();
        // Along the flow each rank takes the room of its largest box; across it the boxes of a rank sit side by side, centred.
        var along = byRank.Select(r => r.Max(i => options.LeftToRight ? sizes[i].W : sizes[i].H)).ToArray();
        var across = byRank.Select(r => r.Sum(i => options.LeftToRight ? sizes[i].H : sizes[i].W) + Gap * (r.Length - 1)).ToArray();
        var widest = across.Max();
        var boxes = new Box[texts.Count];
        var position = Margin;
        for (var r = 0; r < byRank.Length; r++)
        {
            var offset = Margin + (widest - across[r]) / 2;
            foreach (var i in byRank[r])
            {
                var (w, h) = sizes[i];
                boxes[i] = options.LeftToRight
                    ? new Box(texts[i], position + (along[r] - w) / 2, offset, w, h)
                    : new Box(texts[i], offset, position + (along[r] - h) / 2, w, h);
                offset += (options.LeftToRight ? h : w) + Gap;
            }
            position += along[r] + Gap;
        }
        return new ModelDiagram(boxes, edges, options.LeftToRight);
    }

    private static (List<IReadOnlyList<string>>, List<(int From, int To)>) FromGraph(FunctionalGraph graph, ModelDiagramOptions options)
    {
        var index = new Dictionary<Node, int>(ReferenceEqualityComparer.Instance);
        var texts = new List<IReadOnlyList<string>>();
        var edges = new List<(int From, int To)>();
        foreach (var node in graph.Nodes)
        {
            index[node] = texts.Count;
            texts.Add(Lines(node.Layer, node.Inputs.Select(t => t.Shape).ToList(), node.Outputs.Select(t => t.Shape).ToList(),
                            node.Outputs.Select(t => t.DType).FirstOrDefault(ScalarType.Float32), options));
            foreach (var input in node.Inputs.DistinctBy(t => t.Node, ReferenceEqualityComparer.Instance))
                edges.Add((index[input.Node], index[node]));
        }
        return (texts, edges);
    }

    private static (List<IReadOnlyList<string>>, List<(int From, int To)>) FromLayers(Model model, ModelDiagramOptions options)
    {
        var texts = new List<IReadOnlyList<string>>();
        TensorShape? shape = null;
        if (model is Sequential { InputLayer: { } input })
        {
            shape = input.Output.Shape;
            texts.Add(Lines(input, new[] { shape }, new[] { shape }, input.Output.DType, options));
        }
        else shape = model.BuiltInputShapes?.FirstOrDefault();
        foreach (var layer in model.Layers)
        {
            var inShape = shape;
            shape = shape is not null && layer.Built ? layer.ComputeOutputShape(shape) : null;
            texts.Add(Lines(layer, inShape is null ? null : new[] { inShape }, shape is null ? null : new[] { shape }, ScalarType.Float32, options));
        }
        return (texts, Enumerable.Range(1, texts.Count - 1).Select(i => (i - 1, i)).ToList());
    }

    private static IReadOnlyList<string> Lines(Layer layer, IReadOnlyList<TensorShape>? inputs, IReadOnlyList<TensorShape>? outputs,
                                               ScalarType dtype, ModelDiagramOptions options)
    {
        var lines = new List<string> { options.ShowLayerNames ? $"{layer.Name} ({layer.GetType().Name})" : layer.GetType().Name };
        static string Shapes(IReadOnlyList<TensorShape>? shapes) => shapes is null ? "?" : string.Join(", ", shapes.Select(s => s.ToString()));
        if (options.ShowShapes)
        {
            if (layer is not InputLayer) lines.Add($"Input shape: {Shapes(inputs)}");
            lines.Add($"Output shape: {Shapes(outputs)}");
        }
        if (options.ShowDtype) lines.Add($"Output dtype: {dtype.ToTorchName()}");
        if (options.ShowLayerActivations && layer.GetConfig().GetValueOrDefault("activation") is string activation)
            lines.Add($"Activation: {activation}");
        if (options.ShowTrainable && layer.Weights.Count > 0) lines.Add($"Trainable: {(layer.Trainable ? "Y" : "N")}");
        return lines;
    }
}
