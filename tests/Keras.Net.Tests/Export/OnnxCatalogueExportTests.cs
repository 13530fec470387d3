using KerasNet.Export;
using KerasNet.Models;
using KerasNet.Tests.Integration;
using KerasNet.Tests.LayersTests;

namespace KerasNet.Tests.Export;

/// <summary>
/// Every row of the layer harness (<see cref="LayerCases"/>) as a one-layer model: exported, run in ONNX Runtime at two
/// batch sizes on random inputs and matched to Keras.Net within 1e-5, or, for the layer types docs/EXPORT.md lists
/// as having no ONNX form, refused with <see cref="OnnxExportException"/> naming the layer.
/// </summary>
public class OnnxCatalogueExportTests
{
    /// <summary>The layer types of the harness that are refused: the list in docs/EXPORT.md, "Layers without an ONNX form".</summary>
    public static readonly string[] Refused =
    {
        "Lambda", "RNN", "ConvLSTM1D", "ConvLSTM2D", "ConvLSTM3D",
        "Equalization",
    };

    /// <summary>Harness rows refused for an option ONNX cannot express (the type exports otherwise): SimpleRNN's selu.</summary>
    public static readonly string[] RefusedRows = { "simple_rnn_selu_step_loop" };

    public static IEnumerable<object[]> Ids() => LayerCases.Ids();

    /// <summary>The rows of layers with spatial axes, to be run in their other layout.</summary>
    public static IEnumerable<object[]> SpatialIds() => LayerCases.ImageIds();

    [Theory]
    [MemberData(nameof(Ids))]
    public void HarnessLayerExportsAndMatchesOrIsRefusedAsDocumented(string id)
    {
        var c = LayerCases.ById[id];
        AssertExportsOrRefused(c.Create(null), c.DefaultInputs, RefusedRows.Contains(id));
    }

    [Theory]
    [MemberData(nameof(SpatialIds))]
    public void HarnessLayerInItsOtherLayoutExportsAndMatches(string id)
    {
        var c = LayerCases.ById[id];
        // Sequence layers default to steps-first, image layers to channels-first: run the other one.
        var (format, inputs) = c.StepsFirstByDefault ? ("channels_first", c.Inputs) : ("channels_last", c.Inputs.Select(LayerCase.ChannelsLast).ToArray());
        AssertExportsOrRefused(c.Create(format), inputs, RefusedRows.Contains(id));
    }

    private static void AssertExportsOrRefused(Layer layer, long[][] shapes, bool refusedRow)
    {
        torch.manual_seed(11);
        var inputs = shapes.Select(s => Keras.Input(s)).ToArray();
        var model = new Model(inputs, new[] { layer.Apply(inputs) });
        OnnxRuntimeCheck.RandomizeStatistics(model);
        if (refusedRow || Refused.Contains(layer.GetType().Name))
        {
            var error = Assert.Throws<OnnxExportException>(() => OnnxRuntimeCheck.ExportToTemp(model));
            Assert.Equal(layer.Name, error.LayerName);
            Assert.Contains(layer.Name, error.Message);
            return;
        }
        Tensor[] Batch(long size) => shapes.Select(s => torch.randn(new[] { size }.Concat(s).ToArray())).ToArray();
        OnnxRuntimeCheck.AssertMatches(model, Batch(1), Batch(3));
    }

    [Fact]
    public void DocumentedRefusalsAreTheRefusedHarnessTypes()
    {
        var doc = File.ReadAllText(Path.Combine(ExampleProcess.RepositoryRoot(), "docs", "EXPORT.md"));
        var section = doc[doc.IndexOf("## Layers without an ONNX form", StringComparison.Ordinal)..];
        foreach (var type in Refused) Assert.Contains($"`{type}`", section);
        var harnessTypes = LayerCases.All.Select(c => c.Create(null).GetType().Name).ToHashSet();
        Assert.All(Refused, type => Assert.Contains(type, harnessTypes));
    }
}
