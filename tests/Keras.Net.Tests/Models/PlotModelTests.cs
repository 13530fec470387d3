using System.Text.RegularExpressions;
using KerasNet.Layers;
using KerasNet.Models;
using KerasNet.Plotting;
using KerasNet.TorchSupport;

namespace KerasNet.Tests.ModelsTests;

/// <summary>Utils.PlotModel: the diagram's layout, its SVG and PNG forms, and bad arguments.</summary>
public sealed class PlotModelTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("kn-plot-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static Model Branched()
    {
        var input = Keras.Input(new long[] { 8 }, name: "plot_in");
        var left = new Dense(4, activation: "relu", name: "plot_left").Apply(input);
        var right = new Dense(4, name: "plot_right").Apply(input);
        var merged = new Concatenate(name: "plot_concat").Apply(left, right);
        return new Model(input, new Dense(2, activation: "softmax", name: "plot_out").Apply(merged), name: "plotted");
    }

    private static ModelDiagramOptions Options(bool leftToRight = false) => new(true, false, true, leftToRight, true, true);

    [Fact]
    public void BoxesFollowTheGraphWithoutOverlapping()
    {
        using var model = Branched();
        var diagram = ModelDiagram.Of(model, Options());
        Assert.Equal(5, diagram.Boxes.Count);
        Assert.Equal(new[] { (0, 1), (0, 2), (1, 3), (2, 3), (3, 4) }, diagram.Edges.Select(e => (e.From, e.To)));
        foreach (var edge in diagram.Edges)
            Assert.True(diagram.Boxes[edge.To].Y >= diagram.Boxes[edge.From].Y + diagram.Boxes[edge.From].Height + ModelDiagram.Gap - 1e-9);
        // The two branches share a rank, side by side.
        Assert.Equal(diagram.Boxes[1].Y, diagram.Boxes[2].Y, 9);
        Assert.True(diagram.Boxes[2].X >= diagram.Boxes[1].X + diagram.Boxes[1].Width + ModelDiagram.Gap - 1e-9);
        Assert.All(diagram.Boxes, b => Assert.True(b.Lines.Max(l => l.Length) * ModelDiagram.CharWidth <= b.Width - 2 * ModelDiagram.Padding + 1e-9));
        Assert.Contains("Activation: relu", diagram.Boxes[1].Lines);
        Assert.Contains("Output shape: (None, 8)", diagram.Boxes[3].Lines);
    }

    [Fact]
    public void LeftToRightPutsRanksInColumns()
    {
        using var model = new Sequential(new Layer[] { Keras.Input(3), new Dense(4), new Dense(1) }, name: "plot_chain");
        var diagram = ModelDiagram.Of(model, Options(leftToRight: true));
        Assert.Equal(3, diagram.Boxes.Count);
        for (var i = 1; i < 3; i++) Assert.True(diagram.Boxes[i].X > diagram.Boxes[i - 1].X + diagram.Boxes[i - 1].Width);
        Assert.True(diagram.Width > diagram.Height);
    }

    [Fact]
    public void SvgHasABoxPerLayerCallAndAnArrowPerTensor()
    {
        using var model = Branched();
        var path = Path.Combine(folder, "model.svg");
        Utils.PlotModel(model, path, showShapes: true, showLayerNames: true);
        var svg = File.ReadAllText(path);
        Assert.StartsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"", svg);
        Assert.Equal(1 + 5, Regex.Matches(svg, "<rect ").Count);
        Assert.Equal(5, Regex.Matches(svg, "<line ").Count);
        Assert.Contains(">plot_concat (Concatenate)</text>", svg);
        Assert.Contains(">Input shape: (None, 4), (None, 4)</text>", svg);
    }

    [Fact]
    public void PngIsScaledByDpiAndHasTextInsideTheBoxes()
    {
        using var model = Branched();
        var path = Path.Combine(folder, "model.png");
        Utils.PlotModel(model, path, showLayerNames: true, dpi: 192);
        var diagram = ModelDiagram.Of(model, new ModelDiagramOptions(false, false, true, false, false, false));
        var image = ImageDecoder.DecodeFile(path, ImageReadMode.Rgb);
        Assert.Equal((int)Math.Ceiling(diagram.Width * 2), image.Width);
        Assert.Equal((int)Math.Ceiling(diagram.Height * 2), image.Height);
        foreach (var box in diagram.Boxes)
        {
            var dark = 0;
            for (var y = (int)(box.Y * 2) + 6; y < (int)((box.Y + box.Height) * 2) - 6; y++)
                for (var x = (int)(box.X * 2) + 6; x < (int)((box.X + box.Width) * 2) - 6; x++)
                {
                    var p = (y * image.Width + x) * 3;
                    if (image.Pixels[p] < 80 && image.Pixels[p + 1] < 80 && image.Pixels[p + 2] < 80) dark++;
                }
            Assert.True(dark > 50, $"box '{box.Lines[0]}' has {dark} dark (text) pixels");
        }
    }

    [Fact]
    public void BadArgumentsAreRefusedAndNothingIsWritten()
    {
        using var model = Branched();
        Assert.Contains("writes .svg or .png", Assert.Throws<ArgumentException>(() => Utils.PlotModel(model, Path.Combine(folder, "m.jpg"))).Message);
        Assert.Contains("received 'BT'", Assert.Throws<ArgumentException>(() => Utils.PlotModel(model, Path.Combine(folder, "m.svg"), rankdir: "BT")).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => Utils.PlotModel(model, Path.Combine(folder, "m.png"), dpi: 5));
        var previous = Environment.GetEnvironmentVariable("KERAS_NET_PLOT_FONT");
        Environment.SetEnvironmentVariable("KERAS_NET_PLOT_FONT", Path.Combine(folder, "missing.ttf"));
        try
        {
            var error = Assert.Throws<FileNotFoundException>(() => Utils.PlotModel(model, Path.Combine(folder, "m.png")));
            Assert.Contains("missing.ttf", error.Message);
        }
        finally
        {
            Environment.SetEnvironmentVariable("KERAS_NET_PLOT_FONT", previous);
        }
        Assert.Empty(Directory.GetFiles(folder));
    }
}
