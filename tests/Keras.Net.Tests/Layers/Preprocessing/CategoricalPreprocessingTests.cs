using KerasNet.Layers;
using KerasNet.Serialization;

namespace KerasNet.Tests.LayersTests;

/// <summary>
/// CategoryEncoding, IntegerLookup and StringLookup on the input → output examples of Keras's docstrings
/// (keras/src/layers/preprocessing/*.py, Keras 3.16), their config round trips and their argument errors.
/// </summary>
public class CategoricalPreprocessingTests
{
    private static Tensor L(long[,] values) => torch.tensor(values);
    private static Tensor L(params long[] values) => torch.tensor(values);
    private static void Equal(float[,] expected, Tensor actual) =>
        TestData.Close(torch.tensor(expected), actual, "encoded output", rtol: 1e-6, atol: 1e-7);
    private static void Equal(long[,] expected, Tensor actual)
    {
        Assert.Equal(ScalarType.Int64, actual.dtype);
        using var e = torch.tensor(expected);
        Assert.Equal(e.shape, actual.shape);
        Assert.Equal(e.data<long>().ToArray(), actual.contiguous().data<long>().ToArray());
    }

    [Fact]
    public void CategoryEncodingMatchesKerasExamples()
    {
        using var scope = torch.NewDisposeScope();
        Equal(new float[,] { { 0, 0, 0, 1 }, { 0, 0, 1, 0 }, { 1, 0, 0, 0 }, { 0, 1, 0, 0 } }, new CategoryEncoding(4, "one_hot").Apply(L(3, 2, 0, 1)));
        var data = L(new long[,] { { 0, 1 }, { 0, 0 }, { 1, 2 }, { 3, 1 } });
        Equal(new float[,] { { 1, 1, 0, 0 }, { 1, 0, 0, 0 }, { 0, 1, 1, 0 }, { 0, 1, 0, 1 } }, new CategoryEncoding(4, "multi_hot").Apply(data));
        var weights = torch.tensor(new float[,] { { .1f, .2f }, { .1f, .1f }, { .2f, .3f }, { .4f, .2f } });
        Equal(new float[,] { { .1f, .2f, 0, 0 }, { .2f, 0, 0, 0 }, { 0, .2f, .3f, 0 }, { 0, .2f, 0, .4f } }, new CategoryEncoding(4, "count").Encode(data, weights));
        Equal(new float[,] { { 2, 0, 0 }, { 0, 1, 1 } }, new CategoryEncoding(3, "count").Apply(L(new long[,] { { 0, 0 }, { 2, 1 } })));
        // A last axis of size 1 is replaced by the one-hot axis; Keras's shapes.
        var layer = new CategoryEncoding(5, "one_hot");
        Assert.Equal(new long[] { 3, 5 }, layer.Apply(L(new long[,] { { 1 }, { 4 }, { 0 } })).shape);
        Assert.Equal(TensorShape.WithBatch(5), layer.ComputeOutputShape(TensorShape.WithBatch(1)));
        Assert.Equal(TensorShape.WithBatch(2, 5), layer.ComputeOutputShape(TensorShape.WithBatch(2)));
        Assert.Equal(TensorShape.WithBatch(5), new CategoryEncoding(5).ComputeOutputShape(TensorShape.WithBatch(7)));
    }

    [Fact]
    public void CategoryEncodingRefusesBadArgumentsAndInputs()
    {
        using var scope = torch.NewDisposeScope();
        Assert.Throws<ArgumentOutOfRangeException>(() => new CategoryEncoding(0));
        Assert.Contains("\"one_hot\", \"multi_hot\", \"count\"", Assert.Throws<ArgumentException>(() => new CategoryEncoding(3, "tf_idf")).Message);
        Assert.Contains("sparse", Assert.Throws<NotSupportedException>(() => new CategoryEncoding(3, sparse: true)).Message);
        var layer = new CategoryEncoding(4, name: "ce");
        var range = Assert.Throws<ArgumentOutOfRangeException>(() => layer.Apply(L(1, 4)));
        Assert.Contains("'ce' expects indices in [0, 4)", range.Message);
        Assert.Contains("from 1 to 4", range.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => layer.Apply(L(-1, 2)));
        Assert.Contains("fractional", Assert.Throws<ArgumentException>(() => layer.Apply(torch.tensor(new[] { 0.5f, 1f }))).Message);
        Assert.Contains("\"count\"", Assert.Throws<ArgumentException>(() => layer.Encode(L(1, 2), torch.ones(2))).Message);
        var config = layer.GetConfig();
        var again = KerasRegistry.FromConfig<Layer>("CategoryEncoding", TestData.ParseJson(TestData.Json(config)));
        Assert.Equal(TestData.Json(config), TestData.Json(again.GetConfig()));
    }

    [Fact]
    public void IntegerLookupMatchesKerasExamples()
    {
        using var scope = torch.NewDisposeScope();
        var vocab = new long[] { 12, 36, 1138, 42 };
        var data = L(new long[,] { { 12, 1138, 42 }, { 42, 1000, 36 } });
        Equal(new long[,] { { 1, 3, 4 }, { 4, 0, 2 } }, new IntegerLookup(vocabulary: vocab).Apply(data));

        var adapted = new IntegerLookup();
        adapted.Adapt(data);
        Assert.Equal(new long[] { -1, 42, 1138, 1000, 36, 12 }, adapted.GetVocabulary());
        Equal(new long[,] { { 5, 2, 1 }, { 1, 3, 4 } }, adapted.Apply(data));

        Equal(new long[,] { { 2, 4, 5 }, { 1, 0, 3 } }, new IntegerLookup(vocabulary: vocab, numOovIndices: 2).Apply(L(new long[,] { { 12, 1138, 42 }, { 37, 1000, 36 } })));
        var oov = L(100, 300, 700, 1100, 1700, 2000);
        Assert.Equal(new long[] { 0, 0, 0, 0, 0, 0 }, new IntegerLookup(vocabulary: new long[] { 10, 20, 30 }, numOovIndices: 4).Apply(oov).data<long>().ToArray());
        Assert.Equal(new long[] { 3, 3, 2, 2, 0, 1 }, new IntegerLookup(vocabulary: new long[] { 10, 20, 30 }, numOovIndices: 4, oovMethod: "farmhash").Apply(oov).data<long>().ToArray());

        Equal(new float[,] { { 0, 1, 0, 0, 0 }, { 0, 0, 1, 0, 0 }, { 0, 0, 0, 1, 0 }, { 0, 0, 0, 0, 1 }, { 1, 0, 0, 0, 0 } },
              new IntegerLookup(vocabulary: vocab, outputMode: "one_hot").Apply(L(12, 36, 1138, 42, 7)));
        var rows = L(new long[,] { { 12, 1138, 42, 42 }, { 42, 7, 36, 7 } });
        Equal(new float[,] { { 0, 1, 0, 1, 1 }, { 1, 0, 1, 0, 1 } }, new IntegerLookup(vocabulary: vocab, outputMode: "multi_hot").Apply(rows));
        Equal(new float[,] { { 0, 1, 0, 1, 2 }, { 2, 0, 1, 0, 1 } }, new IntegerLookup(vocabulary: vocab, outputMode: "count").Apply(rows));
        Equal(new float[,] { { 0, .25f, 0, .6f, .8f }, { 1.0f, 0, .75f, 0, .4f } },
              new IntegerLookup(vocabulary: vocab, idfWeights: new[] { .25, .75, .6, .4 }, outputMode: "tf_idf").Apply(rows));
        Equal(new float[,] { { 0, .25f, 0, .6f, .8f }, { 1.8f, 0, .75f, 0, .4f } },
              new IntegerLookup(vocabulary: new long[] { -1, 12, 36, 1138, 42 }, idfWeights: new[] { .9, .25, .75, .6, .4 }, outputMode: "tf_idf").Apply(rows));
        Equal(new long[,] { { 12, 1138, 42 }, { 42, -1, 36 } }, new IntegerLookup(vocabulary: vocab, invert: true).Apply(L(new long[,] { { 1, 3, 4 }, { 4, 0, 2 } })));
    }

    [Fact]
    public void IntegerLookupMaskConfigFileAndErrors()
    {
        using var scope = torch.NewDisposeScope();
        var vocab = new long[] { 12, 36, 1138, 42 };
        var masked = new IntegerLookup(vocabulary: vocab, maskToken: 0);
        Equal(new long[,] { { 2, 4, 5 }, { 5, 1, 0 } }, masked.Apply(L(new long[,] { { 12, 1138, 42 }, { 42, 1000, 0 } })));
        Assert.Equal(new long[] { 0, -1, 12, 36, 1138, 42 }, masked.GetVocabulary());
        Equal(new float[,] { { 0, 1, 1, 0, 0 } }, new IntegerLookup(vocabulary: vocab, maskToken: 0, outputMode: "multi_hot").Apply(L(new long[,] { { 12, 0, 0, 36 } })));

        var path = Path.Combine(Path.GetTempPath(), $"kn_int_vocab_{Guid.NewGuid():N}.txt");
        File.WriteAllText(path, "12\n36\n1138\n42\n\n");
        try
        {
            var fromFile = new IntegerLookup(vocabularyFile: path, outputMode: "count", name: "lookup_file");
            Assert.Equal(new long[] { -1, 12, 36, 1138, 42 }, fromFile.GetVocabulary());
            var json = TestData.Json(fromFile.GetConfig());
            var again = (IntegerLookup)KerasRegistry.FromConfig<Layer>("IntegerLookup", TestData.ParseJson(json));
            Assert.Equal(json, TestData.Json(again.GetConfig()));
            Assert.Equal(TensorShape.WithBatch(5), again.ComputeOutputShape(TensorShape.WithBatch(4)));
            File.WriteAllText(path, "12\nabc\n");
            Assert.Contains("line 2", Assert.Throws<ArgumentException>(() => new IntegerLookup(vocabularyFile: path)).Message);
        }
        finally { File.Delete(path); }
        Assert.Throws<FileNotFoundException>(() => new IntegerLookup(vocabularyFile: path));

        Assert.Contains("repeats 12", Assert.Throws<ArgumentException>(() => new IntegerLookup(vocabulary: new long[] { 12, 12 })).Message);
        Assert.Contains("maxTokens is 3", Assert.Throws<ArgumentException>(() => new IntegerLookup(maxTokens: 3, vocabulary: vocab)).Message);
        Assert.Contains("invert", Assert.Throws<ArgumentException>(() => new IntegerLookup(invert: true, outputMode: "count")).Message);
        Assert.Contains("idfWeights", Assert.Throws<ArgumentException>(() => new IntegerLookup(vocabulary: vocab, outputMode: "tf_idf")).Message);
        Assert.Contains("mask token 0", Assert.Throws<ArgumentException>(() => new IntegerLookup(vocabulary: new long[] { 3, 0 }, maskToken: 0)).Message);
        var strict = new IntegerLookup(vocabulary: vocab, numOovIndices: 0, name: "strict");
        Assert.Contains("7 is not in the vocabulary", Assert.Throws<ArgumentException>(() => strict.Apply(L(12, 7))).Message);
        Assert.Contains("Adapt", Assert.Throws<InvalidOperationException>(() => new IntegerLookup(outputMode: "one_hot").Apply(L(1))).Message);
        Assert.Contains("fractional", Assert.Throws<ArgumentException>(() => new IntegerLookup(vocabulary: vocab).Apply(torch.tensor(new[] { 1.5f }))).Message);
    }

    [Fact]
    public void StringLookupMatchesKerasExamples()
    {
        using var scope = torch.NewDisposeScope();
        var vocab = new[] { "a", "b", "c", "d" };
        var data = new[] { new[] { "a", "c", "d" }, new[] { "d", "z", "b" } };
        Equal(new long[,] { { 1, 3, 4 }, { 4, 0, 2 } }, new StringLookup(vocabulary: vocab).Call(data));
        var adapted = new StringLookup();
        adapted.Adapt(data);
        Assert.Equal(new[] { "[UNK]", "d", "z", "c", "b", "a" }, adapted.GetVocabulary());
        Equal(new long[,] { { 5, 3, 1 }, { 1, 2, 4 } }, adapted.Call(data));
        Equal(new long[,] { { 2, 4, 5 }, { 0, 1, 3 } },
              new StringLookup(vocabulary: vocab, numOovIndices: 2).Call(new[] { new[] { "a", "c", "d" }, new[] { "m", "z", "b" } }));
        Equal(new float[,] { { 0, 1, 0, 0, 0 }, { 0, 0, 1, 0, 0 }, { 0, 0, 0, 1, 0 }, { 0, 0, 0, 0, 1 }, { 1, 0, 0, 0, 0 } },
              new StringLookup(vocabulary: vocab, outputMode: "one_hot").Call(new[] { "a", "b", "c", "d", "z" }));
        var rows = new[] { new[] { "a", "c", "d", "d" }, new[] { "d", "z", "b", "z" } };
        Equal(new float[,] { { 0, 1, 0, 1, 1 }, { 1, 0, 1, 0, 1 } }, new StringLookup(vocabulary: vocab, outputMode: "multi_hot").Call(rows));
        Equal(new float[,] { { 0, 1, 0, 1, 2 }, { 2, 0, 1, 0, 1 } }, new StringLookup(vocabulary: vocab, outputMode: "count").Call(rows));
        Equal(new float[,] { { 0, .25f, 0, .6f, .8f }, { 1.0f, 0, .75f, 0, .4f } },
              new StringLookup(vocabulary: vocab, idfWeights: new[] { .25, .75, .6, .4 }, outputMode: "tf_idf").Call(rows));
        var inverse = new StringLookup(vocabulary: vocab, invert: true);
        Assert.Equal(new[] { "a", "c", "d", "d", "[UNK]", "b" }, inverse.InvertIndices(L(new long[,] { { 1, 3, 4 }, { 4, 0, 2 } })));
    }

    [Fact]
    public void StringLookupConfigMaskAndErrors()
    {
        using var scope = torch.NewDisposeScope();
        var lookup = new StringLookup(maskToken: "", outputMode: "tf_idf", name: "words");
        lookup.Adapt(new[] { new[] { "x", "y", "" }, new[] { "x", "x", "z" } });
        Assert.Equal(new[] { "[UNK]", "x", "z", "y" }, lookup.GetVocabulary());
        var json = TestData.Json(lookup.GetConfig());
        var again = KerasRegistry.FromConfig<StringLookup>("StringLookup", TestData.ParseJson(json));
        Assert.Equal(json, TestData.Json(again.GetConfig()));
        TestData.Close(lookup.Call(new[] { new[] { "x", "", "q" } }), again.Call(new[] { new[] { "x", "", "q" } }), "tf_idf after a config round trip");
        var idfX = (float)Math.Log(1 + 2.0 / 3);
        Assert.Equal(idfX, lookup.IdfWeights![1], 6);

        Assert.Contains("rectangular", Assert.Throws<ArgumentException>(() => new StringLookup(vocabulary: new[] { "a" }).Call(new[] { new[] { "a" }, new[] { "a", "b" } })).Message);
        Assert.Contains("InvertIndices", Assert.Throws<InvalidOperationException>(() => new StringLookup(vocabulary: new[] { "a" }, invert: true).Call(new[] { "a" })).Message);
        Assert.Contains("\"a\"", Assert.Throws<ArgumentException>(() => new StringLookup(vocabulary: new[] { "a", "b", "a" })).Message);
        Assert.Contains("OOV token \"[UNK]\"", Assert.Throws<ArgumentException>(() => new StringLookup(vocabulary: new[] { "a", "[UNK]" }, invert: true)).Message);
        Assert.Throws<NotSupportedException>(() => new StringLookup(sparse: true));
    }

    [Theory]
    [InlineData("Hello", 3, 0)]
    [InlineData("TensorFlow", 3, 2)]
    [InlineData("2.x", 3, 2)]
    public void FarmHashGivesTensorFlowsDocumentedBuckets(string text, int buckets, int expected) =>
        Assert.Equal((ulong)expected, FarmHash.Fingerprint64(text) % (ulong)buckets);
}
