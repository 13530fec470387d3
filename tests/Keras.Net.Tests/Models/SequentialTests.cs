using KerasNet.Layers;
using KerasNet.Models;
using KerasNet.Tests.LayersTests;

namespace KerasNet.Tests.ModelsTests;

/// <summary>Sequential: built from a list, with Add and Pop, with Keras.Input first or lazily; GetLayer.</summary>
public class SequentialTests
{
    [Fact]
    public void ListWithInputFirstIsBuiltAtOnce()
    {
        using var model = new Sequential(new Layer[] { Keras.Input(4), new Dense(8, activation: "relu"), new Dense(2) });
        Assert.True(model.Built);
        Assert.Equal(2, model.Layers.Count);
        Assert.NotNull(model.InputLayer);
        Assert.Equal(4 * 8 + 8 + 8 * 2 + 2, model.CountParams());
        Assert.Equal(TensorShape.WithBatch(2), model.ComputeOutputShape(TensorShape.WithBatch(4)));
    }

    [Fact]
    public void LayersAddedLaterAreBuiltFromTheInput()
    {
        using var scope = torch.NewDisposeScope();
        using var model = new Sequential();
        model.Add(Keras.Input(3)).Add(new Dense(5));
        Assert.Equal(20, model.CountParams());
        model.Add(new Dense(1));
        Assert.Equal(26, model.CountParams());
        Assert.Equal(new long[] { 7, 1 }, model.Predict(torch.ones(7, 3), verbose: Verbosity.Silent).shape);
    }

    [Fact]
    public void WithoutInputTheModelIsBuiltOnFirstCall()
    {
        using var scope = torch.NewDisposeScope();
        using var model = new Sequential(new Layer[] { new Dense(5), new Dense(1) });
        Assert.False(model.Built);
        Assert.All(model.Layers, l => Assert.False(l.Built));
        var y = model.Apply(torch.ones(2, 3));
        Assert.Equal(new long[] { 2, 1 }, y.shape);
        Assert.True(model.Built);
        Assert.Equal(26, model.CountParams());
    }

    [Fact]
    public void PopRemovesTheLastLayer()
    {
        using var scope = torch.NewDisposeScope();
        var last = new Dense(1);
        using var model = new Sequential(new Layer[] { Keras.Input(3), new Dense(5), last });
        Assert.Same(last, model.Pop());
        Assert.Single(model.Layers);
        Assert.Equal(new long[] { 4, 5 }, model.Apply(torch.ones(4, 3)).shape);
        model.Pop();
        Assert.Contains("has no layers to pop", Assert.Throws<InvalidOperationException>(() => model.Pop()).Message);
    }

    [Fact]
    public void ErrorsNameTheModel()
    {
        using var scope = torch.NewDisposeScope();
        var dense = new Dense(2);
        using var model = new Sequential(new Layer[] { Keras.Input(3), dense }, name: "seq_errors");
        LayerBadInputTests.AssertMentions(Assert.Throws<ArgumentException>(() => model.Add(dense)).Message, "seq_errors", "already contains", dense.Name);
        LayerBadInputTests.AssertMentions(Assert.Throws<ArgumentException>(() => model.Add(Keras.Input(3))).Message, "InputLayer can only be the first layer");
        LayerBadInputTests.AssertMentions(Assert.ThrowsAny<ArgumentException>(() => model.Apply(torch.ones(2, 4))).Message,
            "Sequential 'seq_errors' expects input of shape (None, 3); received (2, 4)");
        using var empty = new Sequential(name: "empty_seq");
        Assert.Contains("has no layers", Assert.Throws<InvalidOperationException>(() => empty.Apply(torch.ones(1, 2))).Message);
        Assert.Throws<InvalidCastException>(() => new Sequential(new Layer[] { new Dense(2).Apply(Keras.Input(3)) }));
    }

    [Fact]
    public void GetLayerByNameAndIndex()
    {
        var first = new Dense(4, name: "first_dense");
        var second = new Dense(2, name: "second_dense");
        using var model = new Sequential(new Layer[] { Keras.Input(3), first, second }, name: "lookup");
        Assert.Same(first, model.GetLayer("first_dense"));
        Assert.Same(second, model.GetLayer(1));
        var error = Assert.Throws<ArgumentException>(() => model.GetLayer("third"));
        LayerBadInputTests.AssertMentions(error.Message, "Model 'lookup' has no layer named 'third'", "first_dense, second_dense");
        var range = Assert.Throws<ArgumentOutOfRangeException>(() => model.GetLayer(2));
        LayerBadInputTests.AssertMentions(range.Message, "has 2 layers (indices 0 to 1)");
        Assert.Throws<ArgumentOutOfRangeException>(() => model.GetLayer(-1));
    }

    [Fact]
    public void ConfigRecreatesTheStack()
    {
        using var model = new Sequential(new Layer[] { Keras.Input(3), new Dense(4, activation: "relu", name: "cfg_a"), new Dropout(0.2, name: "cfg_b") }, name: "cfg_seq");
        var json = TestData.Json(model.GetConfig());
        using var copy = Sequential.FromConfig(TestData.ParseJson(json));
        Assert.Equal(json, TestData.Json(copy.GetConfig()));
        Assert.Equal(new[] { "cfg_a", "cfg_b" }, copy.Layers.Select(l => l.Name));
        Assert.Equal(16, copy.CountParams());
    }

    [Fact]
    public void AutomaticNamesAreUniquePerClass()
    {
        var a = new Dense(1);
        var b = new Dense(1);
        var c = new Conv2D(1, 1);
        Assert.NotEqual(a.Name, b.Name);
        Assert.Matches("^dense(_[0-9]+)?$", a.Name);
        Assert.Matches("^conv2d(_[0-9]+)?$", c.Name);
        Assert.Matches("^batch_normalization(_[0-9]+)?$", new BatchNormalization().Name);
    }
}
