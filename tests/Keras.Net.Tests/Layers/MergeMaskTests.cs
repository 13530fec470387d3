using KerasNet.Layers;
using KerasNet.Models;

namespace KerasNet.Tests.LayersTests;

/// <summary>
/// Merge layers combine their inputs' masks as Keras 3's do: the elementwise merges keep a step where every masked
/// input keeps it; Concatenate widens each mask to its input, concatenates and reduces with "any" over the last axis.
/// </summary>
public class MergeMaskTests
{
    private static readonly Embedding Embedding = new(10, 4, maskZero: true);

    // Sample 0: [5, 2, 7, 0, 0, 0] and [3, 0, 4, 4, 0, 0]; sample 1 uses every step in both.
    private static Tensor First() => TestData.Longs(5, 2, 7, 0, 0, 0, 1, 2, 3, 4, 5, 6).reshape(2, 6);
    private static Tensor Second() => TestData.Longs(3, 0, 4, 4, 0, 0, 6, 5, 4, 3, 2, 1).reshape(2, 6);

    private static bool[] MaskOf(Tensor tensor) => (Layer.GetMask(tensor) ?? throw new Xunit.Sdk.XunitException("no mask")).reshape(-1).data<bool>().ToArray();

    public static TheoryData<string> ElementwiseMerges => new() { "add", "subtract", "multiply", "average", "maximum", "minimum" };

    private static Layer NewMerge(string name) => name switch
    {
        "add" => new Add(),
        "subtract" => new Subtract(),
        "multiply" => new Multiply(),
        "average" => new Average(),
        "maximum" => new Maximum(),
        _ => new Minimum(),
    };

    [Theory]
    [MemberData(nameof(ElementwiseMerges))]
    public void ElementwiseMergesKeepAStepOnlyWhereEveryMaskedInputKeepsIt(string merge)
    {
        using var scope = torch.NewDisposeScope();
        var merged = NewMerge(merge).Apply(new[] { Embedding.Apply(First()), Embedding.Apply(Second()) })[0];
        Assert.Equal(new[] { true, false, true, false, false, false, true, true, true, true, true, true }, MaskOf(merged));
    }

    [Fact]
    public void AnUnmaskedInputLeavesTheOtherInputsMask()
    {
        using var scope = torch.NewDisposeScope();
        var merged = new Add().Apply(new[] { torch.ones(2, 6, 4), Embedding.Apply(First()) })[0];
        Assert.Equal(new[] { true, true, true, false, false, false, true, true, true, true, true, true }, MaskOf(merged));
        Assert.Null(Layer.GetMask(new Add().Apply(new[] { torch.ones(2, 6, 4), torch.ones(2, 6, 4) })[0]));
    }

    [Fact]
    public void ConcatenatingFeaturesKeepsAStepThatAnyInputKeeps()
    {
        using var scope = torch.NewDisposeScope();
        var features = new Concatenate().Apply(new[] { Embedding.Apply(First()), Embedding.Apply(Second()) })[0];
        Assert.Equal(new[] { true, true, true, true, false, false, true, true, true, true, true, true }, MaskOf(features));
        // An unmasked input counts as kept everywhere.
        var withUnmasked = new Concatenate().Apply(new[] { Embedding.Apply(First()), torch.ones(2, 6, 3) })[0];
        Assert.All(MaskOf(withUnmasked), Assert.True);
    }

    [Fact]
    public void ConcatenatingAlongTimeJoinsTheMasks()
    {
        using var scope = torch.NewDisposeScope();
        var joined = new Concatenate(axis: 1).Apply(new[] { Embedding.Apply(First()), Embedding.Apply(Second()) })[0];
        Assert.Equal(new long[] { 2, 12, 4 }, joined.shape);
        Assert.Equal(new[]
        {
            true, true, true, false, false, false, true, false, true, true, false, false,
            true, true, true, true, true, true, true, true, true, true, true, true,
        }, MaskOf(joined));
    }

    [Fact]
    public void AFunctionalModelAddingTwoMaskedEmbeddingsGivesThePaddedSampleTheUnpaddedPrediction()
    {
        using var scope = torch.NewDisposeScope();
        torch.manual_seed(5);
        var words = new Embedding(10, 4, maskZero: true);
        var tags = new Embedding(10, 4, maskZero: true);
        var lstm = new LSTM(3);
        var dense = new Dense(2);
        Model Build(long steps)
        {
            var a = Keras.Input(new[] { steps }, ScalarType.Int64);
            var b = Keras.Input(new[] { steps }, ScalarType.Int64);
            return new Model(new[] { a, b }, new[] { dense.Apply(lstm.Apply(new Add().Apply(words.Apply(a), tags.Apply(b)))) });
        }
        using var padded = Build(6);
        using var unpadded = Build(3);
        var fromPadded = padded.Apply(new[] { TestData.Longs(5, 2, 7, 0, 0, 0).reshape(1, 6), TestData.Longs(1, 8, 3, 0, 0, 0).reshape(1, 6) })[0];
        var fromUnpadded = unpadded.Apply(new[] { TestData.Longs(5, 2, 7).reshape(1, 3), TestData.Longs(1, 8, 3).reshape(1, 3) })[0];
        TestData.Close(fromUnpadded, fromPadded, "prediction of the padded pair");
    }
}
