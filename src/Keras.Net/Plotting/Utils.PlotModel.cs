using System.Text;
using KerasNet.Models;
using KerasNet.Plotting;

namespace KerasNet;

public static partial class Utils
{
    /// <summary>
    /// Keras's <c>plot_model</c>: draws <paramref name="model"/> as a diagram of its layers, one box per layer call and
    /// one arrow per tensor, and writes it to <paramref name="toFile"/> as SVG (<c>.svg</c>) or PNG (<c>.png</c>).
    /// </summary>
    /// <param name="model">The model; a functional model shows its graph, other models their layers in order.</param>
    /// <param name="toFile">The file to write (atomically); its extension picks the format.</param>
    /// <param name="showShapes">Show each layer's input and output shapes.</param>
    /// <param name="showDtype">Show each layer's output dtype.</param>
    /// <param name="showLayerNames">Show layer names beside their classes.</param>
    /// <param name="rankdir">"TB" (top to bottom) or "LR" (left to right).</param>
    /// <param name="dpi">PNG resolution (96 draws at one pixel per SVG unit); ignored for SVG.</param>
    /// <param name="showLayerActivations">Show the activation of layers that have one.</param>
    /// <param name="showTrainable">Show whether layers with weights are trainable.</param>
    /// <exception cref="ArgumentException">The extension, <paramref name="rankdir"/> or <paramref name="dpi"/> is not supported.</exception>
    /// <exception cref="FileNotFoundException">A PNG is asked for and no monospace font file is found (the message says how to get one).</exception>
    public static void PlotModel(Model model, string toFile = "model.png", bool showShapes = false, bool showDtype = false,
        bool showLayerNames = false, string rankdir = "TB", int dpi = 200, bool showLayerActivations = false, bool showTrainable = false)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrEmpty(toFile);
        var extension = Path.GetExtension(toFile).ToLowerInvariant();
        if (extension is not (".svg" or ".png"))
            throw new ArgumentException($"PlotModel writes .svg or .png files; received '{toFile}'.", nameof(toFile));
        if (rankdir is not ("TB" or "LR"))
            throw new ArgumentException($"PlotModel: rankdir must be \"TB\" (top to bottom) or \"LR\" (left to right); received '{rankdir}'.", nameof(rankdir));
        if (dpi is < 24 or > 1200)
            throw new ArgumentOutOfRangeException(nameof(dpi), dpi, "PlotModel: dpi must be between 24 and 1200.");
        var diagram = ModelDiagram.Of(model, new ModelDiagramOptions(showShapes, showDtype, showLayerNames, rankdir == "LR", showLayerActivations, showTrainable));
        var bytes = extension == ".svg" ? Encoding.UTF8.GetBytes(ModelDiagramSvg.Render(diagram)) : ModelDiagramPng.Render(diagram, dpi);
        AtomicFile.Write(toFile, stream => stream.Write(bytes));
    }
}
