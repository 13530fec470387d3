using KerasNet.Layers;
using KerasNet.Serialization;
using KerasNet.TestSupport;

namespace KerasNet.Tests.Layers.Preprocessing;

/// <summary>The checks every color augmentation test shares: fixtures, seeded draws, inference identity, config round trip.</summary>
internal static class ColorAugmentationChecks
{
    /// <summary>The torchvision references of tests/fixtures/cases/keras_augmentation_color.py.</summary>
    public static Fixture Load() => Fixture.Load("keras_augmentation_color");

    /// <summary>Channels-first (batch, channels, channels-first spatial) as channels-last.</summary>
    public static Tensor ChannelsLast(Tensor x) => x.permute(0, 2, 3, 1).contiguous();

    /// <summary>Two layers with the same seed draw the same outputs, call after call; inference returns the input.</summary>
    public static void SeededAndIdentityAtInference(Func<int?, Layer> create, Tensor x)
    {
        using var a = create(17);
        using var b = create(17);
        for (var call = 0; call < 2; call++)
            Assert.True(a.Apply(x, training: true).equal(b.Apply(x, training: true)).all().item<bool>(), $"{a.GetType().Name}: call {call} differs under the same seed");
        using var c = create(18);
        Assert.False(a.Apply(x, training: true).equal(c.Apply(x, training: true)).all().item<bool>(), $"{a.GetType().Name}: seeds 17 and 18 drew the same output");
        Assert.True(x.equal(a.Apply(x)).all().item<bool>(), $"{a.GetType().Name}: inference changed the input");
    }

    /// <summary>The config recreates an equal layer (same config JSON) and names Keras's keys.</summary>
    public static Layer RoundTrip(Layer layer, params string[] keys)
    {
        var config = layer.GetConfig();
        foreach (var key in keys) Assert.True(config.ContainsKey(key), $"{layer.GetType().Name}: config lacks '{key}'");
        var json = TestData.Json(config);
        var copy = KerasRegistry.FromConfig<Layer>(layer.GetType().Name, TestData.ParseJson(json));
        Assert.IsType(layer.GetType(), copy);
        Assert.Equal(json, TestData.Json(copy.GetConfig()));
        return copy;
    }

    /// <summary>Asserts that constructing throws <typeparamref name="T"/> naming the argument and what was received.</summary>
    public static void Rejects<T>(Func<Layer> create, string argument, string message) where T : ArgumentException
    {
        var error = Assert.Throws<T>(() => create());
        Assert.Equal(argument, error.ParamName);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Contains("received", error.Message, StringComparison.Ordinal);
    }
}
