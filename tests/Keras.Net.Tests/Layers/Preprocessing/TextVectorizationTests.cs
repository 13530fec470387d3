using KerasNet.Layers;
using KerasNet.Serialization;

namespace KerasNet.Tests.Layers.Preprocessing;

/// <summary>
/// TextVectorization against outputs worked out by hand from Keras's rules (vocabulary by count, ties in descending
/// byte order; idf = ln(1 + N / (1 + df)); OOV idf = the mean idf).
/// </summary>
public class TextVectorizationTests
{
    // Tokens: the cat sat | the dog sat | a cat a dog a bird. Counts: a 3; the, sat, dog, cat 2; bird 1.
    private static readonly string[] Corpus = { "The cat sat.", "the dog sat!", "A cat, a dog; a bird?" };

    [Fact]
    public void AdaptOrdersByCountThenByDescendingBytesAndPrependsSpecialTokens()
    {
        var vectorizer = new TextVectorization();
        vectorizer.Adapt(Corpus);
        Assert.Equal(new[] { "", "[UNK]", "a", "the", "sat", "dog", "cat", "bird" }, vectorizer.GetVocabulary());
        Assert.Equal(new[] { "a", "the", "sat", "dog", "cat", "bird" }, vectorizer.GetVocabulary(includeSpecialTokens: false));
        Assert.Equal(8, vectorizer.VocabularySize());
    }

    [Fact]
    public void TiesCompareUtf8BytesNotUtf16Units()
    {
        // U+1F600 sorts after U+FFFD by code point (and UTF-8 bytes), before it by UTF-16 code units.
        var vectorizer = new TextVectorization(standardize: null);
        vectorizer.Adapt(new[] { "\uFFFD 😀 é z" });
        Assert.Equal(new[] { "😀", "\uFFFD", "é", "z" }, vectorizer.GetVocabulary(includeSpecialTokens: false));
    }

    [Fact]
    public void IntOutputPadsToTheLongestTextWithZerosAndMapsUnknownTokensToOne()
    {
        var vectorizer = new TextVectorization();
        vectorizer.Adapt(Corpus);
        using var output = vectorizer.Call(new[] { "the bird sat on a mat", "" });
        Assert.Equal(ScalarType.Int64, output.dtype);
        Assert.Equal(new long[] { 2, 6 }, output.shape);
        Assert.Equal(new long[] { 3, 7, 4, 1, 2, 1, 0, 0, 0, 0, 0, 0 }, output.data<long>().ToArray());
    }

    [Theory]
    [InlineData(4, new long[] { 3, 7, 4, 1, 0, 0, 0, 0 })]
    [InlineData(8, new long[] { 3, 7, 4, 1, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 })]
    public void OutputSequenceLengthTruncatesTheEndOrPadsTheEnd(int length, long[] expected)
    {
        var vectorizer = new TextVectorization(outputSequenceLength: length);
        vectorizer.Adapt(Corpus);
        using var output = vectorizer.Call(new[] { "the bird sat on a mat", "" });
        Assert.Equal(new long[] { 2, length }, output.shape);
        Assert.Equal(expected, output.data<long>().ToArray());
    }

    [Fact]
    public void MaxTokensKeepsTheMostFrequentAndCountsTheSpecialTokens()
    {
        var vectorizer = new TextVectorization(maxTokens: 5);
        vectorizer.Adapt(Corpus);
        Assert.Equal(new[] { "", "[UNK]", "a", "the", "sat" }, vectorizer.GetVocabulary());
        var multiHot = new TextVectorization(maxTokens: 5, outputMode: "multi_hot");
        multiHot.Adapt(Corpus);
        Assert.Equal(new[] { "[UNK]", "a", "the", "sat", "dog" }, multiHot.GetVocabulary());
    }

    [Fact]
    public void MultiHotAndCountPutUnknownTokensInColumnZero()
    {
        var texts = new[] { "a dog and a cat", "zebra" };
        var multiHot = new TextVectorization(outputMode: "multi_hot");
        multiHot.Adapt(Corpus);
        Assert.Equal(new[] { "[UNK]", "a", "the", "sat", "dog", "cat", "bird" }, multiHot.GetVocabulary());
        using (var output = multiHot.Call(texts))
        {
            Assert.Equal(ScalarType.Float32, output.dtype);
            Assert.Equal(new long[] { 2, 7 }, output.shape);
            Assert.Equal(new float[] { 1, 1, 0, 0, 1, 1, 0, 1, 0, 0, 0, 0, 0, 0 }, output.data<float>().ToArray());
        }
        var count = new TextVectorization(outputMode: "count");
        count.Adapt(Corpus);
        using (var output = count.Call(texts))
            Assert.Equal(new float[] { 1, 2, 0, 0, 1, 1, 0, 1, 0, 0, 0, 0, 0, 0 }, output.data<float>().ToArray());
    }

    [Fact]
    public void TfIdfMultipliesCountsByTheInverseDocumentFrequency()
    {
        var vectorizer = new TextVectorization(outputMode: "tf_idf");
        vectorizer.Adapt(Corpus);
        // N = 3 texts; df: a 1, the 2, sat 2, dog 2, cat 2, bird 1.
        double IdfOf(int df) => Math.Log(1 + 3.0 / (1 + df));
        var learned = new[] { IdfOf(1), IdfOf(2), IdfOf(2), IdfOf(2), IdfOf(2), IdfOf(1) };
        var oov = learned.Average();
        Assert.Equal(new[] { oov }.Concat(learned).ToArray(), vectorizer.IdfWeights!.Select(w => (double)w).ToArray(), new Tolerance(1e-6));
        using var output = vectorizer.Call(new[] { "a dog and a cat" });
        var expected = new[] { 1 * oov, 2 * IdfOf(1), 0, 0, IdfOf(2), IdfOf(2), 0 };
        Assert.Equal(expected, output.data<float>().ToArray().Select(v => (double)v).ToArray(), new Tolerance(1e-6));
    }

    [Fact]
    public void StandardizeAndSplitModes()
    {
        Assert.Equal(new[] { "hello,", "world!" }, new TextVectorization(standardize: "lower").Tokenize("Hello, World!"));
        Assert.Equal(new[] { "Hello", "World" }, new TextVectorization(standardize: "strip_punctuation").Tokenize("Hello, World!"));
        Assert.Equal(new[] { "hello", "world" }, new TextVectorization().Tokenize("  Hello,\tWorld!\n"));
        Assert.Equal(new[] { "Hi,", "there" }, new TextVectorization(standardize: null).Tokenize("Hi, there"));
        Assert.Equal(new[] { "a", "b", " ", "é", "😀" }, new TextVectorization(standardize: null, split: "character").Tokenize("ab é😀"));
        Assert.Equal(new[] { "whole text, kept" }, new TextVectorization(standardize: null, split: null).Tokenize("whole text, kept"));
        // Only ASCII whitespace splits, as TensorFlow's whitespace split (U+00A0 is a no-break space).
        Assert.Equal(new[] { "a\u00a0b", "c" }, new TextVectorization().Tokenize("a\u00a0b c"));
    }

    [Fact]
    public void NGramsUpToAWidthOrExactlyTheWidthsGiven()
    {
        Assert.Equal(new[] { "a", "b", "c", "a b", "b c" }, new TextVectorization(ngrams: 2).Tokenize("a b c"));
        Assert.Equal(new[] { "a b", "b c", "a b c" }, new TextVectorization(ngramWidths: new[] { 2, 3 }).Tokenize("a b c"));
        Assert.Empty(new TextVectorization(ngramWidths: new[] { 4 }).Tokenize("a b c"));
        var vectorizer = new TextVectorization(ngrams: 2);
        vectorizer.Adapt(new[] { "x y", "x y", "y" });
        // Counts: y 3, x 2, "x y" 2: "x y" sorts above "x" by bytes.
        Assert.Equal(new[] { "", "[UNK]", "y", "x y", "x" }, vectorizer.GetVocabulary());
    }

    [Fact]
    public void CustomFunctionsReplaceTheBuiltInsButCannotBeSaved()
    {
        var vectorizer = new TextVectorization(customStandardize: s => s.Replace("-", " "), customSplit: s => s.Split(' '));
        Assert.Equal(new[] { "A", "B", "c" }, vectorizer.Tokenize("A-B c"));
        vectorizer.Adapt(new[] { "A-B c" });
        var error = Assert.Throws<KerasSerializationException>(() => vectorizer.GetConfig());
        Assert.Contains("uses a custom standardize function, which a config cannot hold", error.Message);
    }

    [Fact]
    public void AGivenVocabularyWithOrWithoutSpecialTokensGivesTheSameIndices()
    {
        var plain = new TextVectorization(vocabulary: new[] { "a", "b" });
        var withSpecials = new TextVectorization(vocabulary: new[] { "", "[UNK]", "a", "b" });
        Assert.Equal(plain.GetVocabulary(), withSpecials.GetVocabulary());
        using var output = withSpecials.Call(new[] { "b a z" });
        Assert.Equal(new long[] { 3, 2, 1 }, output.data<long>().ToArray());
    }

    [Fact]
    public void ConfigRoundTripsThroughJsonWithTheVocabularyAndIdfWeights()
    {
        var original = new TextVectorization(maxTokens: 6, ngrams: 2, outputMode: "tf_idf", name: "vectorize_text");
        original.Adapt(Corpus);
        var json = TestData.Json(original.GetConfig());
        var copy = KerasRegistry.FromConfig<TextVectorization>("TextVectorization", TestData.ParseJson(json));
        Assert.Equal(original.GetVocabulary(), copy.GetVocabulary());
        Assert.Equal(json, TestData.Json(copy.GetConfig()));
        var texts = new[] { "the cat and a dog", "a a bird" };
        using var expected = original.Call(texts);
        using var actual = copy.Call(texts);
        Assert.Equal(expected.data<float>().ToArray(), actual.data<float>().ToArray());

        var ints = new TextVectorization(outputSequenceLength: 3, standardize: "lower", split: "character");
        ints.Adapt(Corpus);
        var intCopy = KerasRegistry.FromConfig<TextVectorization>("TextVectorization", TestData.ParseJson(TestData.Json(ints.GetConfig())));
        Assert.Equal(ints.GetVocabulary(), intCopy.GetVocabulary());
        Assert.Equal(3, intCopy.OutputSequenceLength);
        Assert.Equal("character", intCopy.Split);
    }

    [Fact]
    public void PadToMaxTokensWidensVectorOutputs()
    {
        var vectorizer = new TextVectorization(maxTokens: 10, outputMode: "count", padToMaxTokens: true);
        vectorizer.Adapt(Corpus);
        using var output = vectorizer.Call(new[] { "a a" });
        Assert.Equal(new long[] { 1, 10 }, output.shape);
        Assert.Equal(new float[] { 0, 2, 0, 0, 0, 0, 0, 0, 0, 0 }, output.data<float>().ToArray());
    }

    [Fact]
    public void BadArgumentsNameTheArgumentAndTheFix()
    {
        Assert.Equal("TextVectorization 'tv': outputMode received 'binary'; expected one of [\"int\", \"multi_hot\", \"count\", \"tf_idf\"]. (Parameter 'outputMode')",
            Assert.Throws<ArgumentException>(() => new TextVectorization(outputMode: "binary", name: "tv")).Message);
        Assert.StartsWith("TextVectorization 'tv': standardize received 'upper'; expected one of",
            Assert.Throws<ArgumentException>(() => new TextVectorization(standardize: "upper", name: "tv")).Message);
        Assert.StartsWith("TextVectorization 'tv': outputSequenceLength received 5; expected null when outputMode is 'count'",
            Assert.Throws<ArgumentException>(() => new TextVectorization(outputMode: "count", outputSequenceLength: 5, name: "tv")).Message);
        Assert.StartsWith("TextVectorization 'tv': maxTokens received 2; expected more than 2",
            Assert.Throws<ArgumentException>(() => new TextVectorization(maxTokens: 2, name: "tv")).Message);
        Assert.StartsWith("TextVectorization 'tv': vocabulary received repeated entries [\"a\"]",
            Assert.Throws<ArgumentException>(() => new TextVectorization(vocabulary: new[] { "a", "b", "a" }, name: "tv")).Message);
        Assert.StartsWith("TextVectorization 'tv': vocabulary received the reserved token '[UNK]' at position 1",
            Assert.Throws<ArgumentException>(() => new TextVectorization(vocabulary: new[] { "a", "[UNK]" }, name: "tv")).Message);
        Assert.StartsWith("TextVectorization 'tv': idfWeights received null; expected one idf weight per vocabulary entry",
            Assert.Throws<ArgumentException>(() => new TextVectorization(outputMode: "tf_idf", vocabulary: new[] { "a" }, name: "tv")).Message);
        Assert.StartsWith("TextVectorization 'tv': vocabulary received 4 entries (special tokens included); expected at most maxTokens = 3",
            Assert.Throws<ArgumentException>(() => new TextVectorization(maxTokens: 3, vocabulary: new[] { "a", "b" }, name: "tv")).Message);
        Assert.Equal("TextVectorization 'tv' has no vocabulary yet. Call Adapt(trainingTexts) or pass vocabulary: to the constructor first.",
            Assert.Throws<InvalidOperationException>(() => new TextVectorization(name: "tv").Call(new[] { "x" })).Message);
        Assert.StartsWith("TextVectorization 'tv': text 1 of the batch is null.",
            Assert.Throws<ArgumentException>(() => new TextVectorization(vocabulary: new[] { "a" }, name: "tv").Call(new[] { "a", null! })).Message);
    }

    private sealed class Tolerance(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;
        public int GetHashCode(double obj) => 0;
    }
}
