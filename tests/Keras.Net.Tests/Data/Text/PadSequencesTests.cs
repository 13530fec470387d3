namespace KerasNet.Tests.Data.Text;

/// <summary>Utils.PadSequences against keras.utils.pad_sequences's documented behaviour, worked out by hand.</summary>
public class PadSequencesTests
{
    private static readonly long[][] Sequences = { new long[] { 1, 2, 3 }, new long[] { 4, 5 }, new long[] { 6, 7, 8, 9, 10 }, Array.Empty<long>() };

    [Fact]
    public void DefaultsPadAndTruncateAtTheStartToTheLongestSequence()
    {
        using var padded = Utils.PadSequences(Sequences);
        Assert.Equal(ScalarType.Int64, padded.dtype);
        Assert.Equal(new long[] { 4, 5 }, padded.shape);
        Assert.Equal(new long[] { 0, 0, 1, 2, 3, 0, 0, 0, 4, 5, 6, 7, 8, 9, 10, 0, 0, 0, 0, 0 }, padded.data<long>().ToArray());
    }

    [Theory]
    [InlineData("pre", "pre", new long[] { 1, 2, 3, 0, 4, 5, 8, 9, 10, 0, 0, 0 })]
    [InlineData("post", "pre", new long[] { 1, 2, 3, 4, 5, 0, 8, 9, 10, 0, 0, 0 })]
    [InlineData("pre", "post", new long[] { 1, 2, 3, 0, 4, 5, 6, 7, 8, 0, 0, 0 })]
    [InlineData("post", "post", new long[] { 1, 2, 3, 4, 5, 0, 6, 7, 8, 0, 0, 0 })]
    public void MaxlenCutsAndFillsOnTheChosenSides(string padding, string truncating, long[] expected)
    {
        using var padded = Utils.PadSequences(Sequences, maxlen: 3, padding: padding, truncating: truncating);
        Assert.Equal(new long[] { 4, 3 }, padded.shape);
        Assert.Equal(expected, padded.data<long>().ToArray());
    }

    [Fact]
    public void ValueAndDtypeAreHonoured()
    {
        using var floats = Utils.PadSequences(new[] { new[] { 1, 2 }, new[] { 3 } }, maxlen: 3, dtype: ScalarType.Float32, padding: "post", value: -0.5);
        Assert.Equal(ScalarType.Float32, floats.dtype);
        Assert.Equal(new float[] { 1, 2, -0.5f, 3, -0.5f, -0.5f }, floats.data<float>().ToArray());
        using var ints = Utils.PadSequences(new[] { new[] { 7 } }, maxlen: 2, dtype: ScalarType.Int32, value: 9);
        Assert.Equal(ScalarType.Int32, ints.dtype);
        Assert.Equal(new[] { 9, 7 }, ints.data<int>().ToArray());
        // int64 values beyond 2^53 stay exact.
        using var large = Utils.PadSequences(new[] { new[] { long.MaxValue } });
        Assert.Equal(long.MaxValue, large.data<long>().ToArray()[0]);
        using var empty = Utils.PadSequences(Array.Empty<long[]>());
        Assert.Equal(new long[] { 0, 0 }, empty.shape);
    }

    [Fact]
    public void BadArgumentsAreRejectedWithTheirValue()
    {
        Assert.Equal("PadSequences: padding received 'middle'; expected \"pre\" or \"post\". (Parameter 'padding')",
            Assert.Throws<ArgumentException>(() => Utils.PadSequences(Sequences, padding: "middle")).Message);
        Assert.Equal("PadSequences: truncating received 'end'; expected \"pre\" or \"post\". (Parameter 'truncating')",
            Assert.Throws<ArgumentException>(() => Utils.PadSequences(Sequences, truncating: "end")).Message);
        Assert.StartsWith("PadSequences: value 0.5 is not a whole number, so it cannot fill a int64 tensor",
            Assert.Throws<ArgumentException>(() => Utils.PadSequences(Sequences, value: 0.5)).Message);
        Assert.StartsWith("PadSequences: sequence 1 is null.",
            Assert.Throws<ArgumentException>(() => Utils.PadSequences(new[] { new long[] { 1 }, null! })).Message);
        Assert.StartsWith("PadSequences: maxlen must be 0 or more",
            Assert.Throws<ArgumentOutOfRangeException>(() => Utils.PadSequences(Sequences, maxlen: -1)).Message);
    }
}
