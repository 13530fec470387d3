namespace KerasNet.Tests.LayersTests;

/// <summary>Tests that change <see cref="Config.ImageDataFormat"/> run alone, so no other test sees the switch.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GlobalConfigCollection
{
    public const string Name = "Global Keras config";
}

/// <summary>
/// Image layers in both layouts: the same weights applied to the channels-last (permuted) input give the
/// permuted channels-first output, whether the layout is given per layer or through the global switch.
/// Tolerances: the float32 parity ones (rtol 1e-5, atol 1e-6): the same arithmetic on permuted memory.
/// </summary>
[Collection(GlobalConfigCollection.Name)]
public class LayerDataFormatTests
{
    private const int Batch = 2;

    /// <summary>(batch, channels, spatial...) to (batch, spatial..., channels).</summary>
    private static Tensor ToChannelsLast(Tensor x)
    {
        var rank = x.dim();
        var order = new List<long> { 0 };
        for (var i = 2; i < rank; i++) order.Add(i);
        order.Add(1);
        return x.permute(order.ToArray()).contiguous();
    }

    private static (Tensor Input, Tensor Output) RunChannelsFirst(LayerCase c, Layer layer)
    {
        var x = TestData.Randn(7, new long[] { Batch }.Concat(c.Inputs[0]).ToArray());
        return (x, layer.Apply(x, training: !c.Stochastic));
    }

    private static void AssertSameFunction(LayerCase c, Layer channelsFirst, Layer channelsLast, string how)
    {
        var (x, expected) = RunChannelsFirst(c, channelsFirst);
        var xLast = ToChannelsLast(x);
        channelsLast.Apply(xLast, training: false);
        WeightTools.Copy(channelsFirst, channelsLast);
        var actual = channelsLast.Apply(xLast, training: !c.Stochastic);
        // Global pooling without keepdims drops the spatial axes: nothing to permute then.
        var expectedLast = expected.dim() == x.dim() ? ToChannelsLast(expected) : expected;
        TestData.Close(expectedLast, actual, $"{c.Id} channels-last ({how})");
        Assert.Equal(channelsFirst.CountParams(), channelsLast.CountParams());
    }

    [Theory]
    [MemberData(nameof(LayerCases.ImageIds), MemberType = typeof(LayerCases))]
    public void PerLayerDataFormatGivesThePermutedOutput(string id)
    {
        var c = LayerCases.ById[id];
        using var scope = torch.NewDisposeScope();
        using var first = c.Create("channels_first");
        using var last = c.Create("channels_last");
        AssertSameFunction(c, first, last, "per layer");
    }

    [Theory]
    [MemberData(nameof(LayerCases.ImageIds), MemberType = typeof(LayerCases))]
    public void GlobalDataFormatSwitchGivesThePermutedOutputAndLayersKeepTheirFormat(string id)
    {
        var c = LayerCases.ById[id];
        using var scope = torch.NewDisposeScope();
        Assert.Equal(ImageDataFormat.ChannelsFirst, Config.ImageDataFormat);
        // Sequence layers ignore the switch (they are steps-first unless told): see the next test.
        using var first = c.Create(c.StepsFirstByDefault ? "channels_first" : null);
        Layer last;
        try
        {
            Config.ImageDataFormat = ImageDataFormat.ChannelsLast;
            last = c.Create(null);
        }
        finally
        {
            Config.ImageDataFormat = ImageDataFormat.ChannelsFirst;
        }
        // Built and called after the switch went back: a layer keeps the layout it was created with.
        using (last) AssertSameFunction(c, first, last, "global switch");
    }

    [Theory]
    [MemberData(nameof(LayerCases.SequenceIds), MemberType = typeof(LayerCases))]
    public void SequenceLayersAreStepsFirstByDefaultUnderEitherGlobalSetting(string id)
    {
        var c = LayerCases.ById[id];
        foreach (var setting in new[] { ImageDataFormat.ChannelsFirst, ImageDataFormat.ChannelsLast })
        {
            using var scope = torch.NewDisposeScope();
            using var first = c.Create("channels_first");
            Layer byDefault;
            try
            {
                Config.ImageDataFormat = setting;
                byDefault = c.Create(null);
            }
            finally
            {
                Config.ImageDataFormat = ImageDataFormat.ChannelsFirst;
            }
            using (byDefault)
            {
                Assert.Equal("channels_last", byDefault.GetConfig()["data_format"]);
                AssertSameFunction(c, first, byDefault, $"default under {setting}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(LayerCases.ImageIds), MemberType = typeof(LayerCases))]
    public void ChannelsLastSymbolicShapeIsThePermutedShape(string id)
    {
        var c = LayerCases.ById[id];
        using var layer = c.Create("channels_last");
        var input = c.Inputs[0];
        var inputLast = input.Skip(1).Append(input[0]).ToArray();
        var output = layer.Apply(Keras.Input(inputLast));
        var expected = c.Output.Length == input.Length ? c.Output.Skip(1).Append(c.Output[0]).ToArray() : c.Output;
        Assert.Equal(TensorShape.WithBatch(expected), output.Shape);
    }
}
