using KerasNet.Layers;
using KerasNet.Serialization;

namespace KerasNet.Tests.LayersTests;

/// <summary>
/// Hashing and HashedCrossing on the input → output examples of Keras's docstrings and tests
/// (keras/src/layers/preprocessing/hashing.py, hashed_crossing.py and their tests, Keras 3.16), their config round
/// trips and their argument errors.
/// </summary>
public class HashingTests
{
    private static readonly string[] Letters = { "A", "B", "C", "D", "E" };
    private static readonly string[] Names = { "omar", "stringer", "marlo", "wire", "skywalker" };

    private static long[] Bins(Tensor t)
    {
        Assert.Equal(ScalarType.Int64, t.dtype);
        return t.contiguous().data<long>().ToArray();
    }

    private static string[][] Column(params string[] values) => values.Select(v => new[] { v }).ToArray();

    [Fact]
    public void HashingStringsMatchKerasExamples()
    {
        using var scope = torch.NewDisposeScope();
        var farm = new Hashing(3).Call(Column(Letters));
        Assert.Equal(new long[] { 5, 1 }, farm.shape);
        Assert.Equal(new long[] { 1, 0, 1, 1, 2 }, Bins(farm));
        Assert.Equal(new long[] { 1, 1, 0, 2, 2 }, Bins(new Hashing(3, maskValue: "").Call(Column("A", "B", "", "C", "D"))));
        Assert.Equal(new long[] { 1, 2, 1, 0, 2 }, Bins(new Hashing(3, salt: new long[] { 133, 137 }).Call(Column(Letters))));
        Assert.Equal(new long[] { 0, 0, 2, 1, 0 }, Bins(new Hashing(3, salt: new long[] { 133 }).Call(Column(Letters))));
        Assert.Equal(new long[] { 0, 0, 0, 0, 0 }, Bins(new Hashing(1).Call(Letters)));
        Assert.Equal(new long[] { 0, 0, 1, 0, 0 }, Bins(new Hashing(2).Call(Names)));
        Assert.Equal(new long[] { 1, 1, 2, 1, 1 }, Bins(new Hashing(3, maskValue: "").Call(Names)));
        Assert.Equal(new long[] { 0, 1, 2, 1, 1 }, Bins(new Hashing(3, maskValue: "omar").Call(Names)));
        Assert.Equal(new long[] { 0, 1, 0, 1, 0 }, Bins(new Hashing(2, salt: new long[] { 133, 137 }).Call(Names)));
        Assert.Equal(new long[] { 1, 0, 1, 0, 1 }, Bins(new Hashing(2, salt: new long[] { 211, 137 }).Call(Names)));
    }

    [Fact]
    public void HashingIntegersHashTheirDecimalText()
    {
        using var scope = torch.NewDisposeScope();
        var ints = torch.tensor(new long[] { 0, 1, 2, 3, 4 });
        Assert.Equal(new long[] { 1, 0, 1, 0, 2 }, Bins(new Hashing(3).Apply(ints)));
        Assert.Equal(new long[] { 1, 0, 1, 0, 2 }, Bins(new Hashing(3).Apply(ints.to(ScalarType.Int32))));
        Assert.Equal(new long[] { 1, 1, 2, 0, 1 }, Bins(new Hashing(3, salt: new long[] { 133, 137 }).Apply(ints.reshape(5, 1))));
        // IntegerLookup's documented FarmHash OOV buckets are the same hash of the decimal text, mod 4.
        Assert.Equal(new long[] { 3, 3, 2, 2, 0, 1 }, Bins(new Hashing(4).Apply(torch.tensor(new long[] { 100, 300, 700, 1100, 1700, 2000 }))));
        // Floats are truncated to integers before hashing; the mask compares the value itself.
        Assert.Equal(new long[] { 1, 0, 1, 0, 2 }, Bins(new Hashing(3).Apply(torch.tensor(new[] { 0.7, 1.2, 2.9, 3.0, 4.5 }))));
        var masked = new Hashing(3, maskValue: "0").Apply(torch.tensor(new long[] { 0, 5, 0, -7 }));
        var direct = new Hashing(2).Call(new[] { "5", "-7" });
        Assert.Equal(new long[] { 0, Bins(direct)[0] + 1, 0, Bins(direct)[1] + 1 }, Bins(masked));
    }

    [Fact]
    public void HashingVectorModesMatchKerasExamples()
    {
        using var scope = torch.NewDisposeScope();
        var ints = torch.tensor(new long[] { 0, 1, 2, 3, 4 });
        var oneHot = new Hashing(3, outputMode: "one_hot");
        TestData.Close(torch.tensor(new float[,] { { 0, 1, 0 }, { 1, 0, 0 }, { 0, 1, 0 }, { 1, 0, 0 }, { 0, 0, 1 } }), oneHot.Apply(ints.reshape(5, 1)), "one_hot", rtol: 1e-6, atol: 1e-7);
        Assert.Equal(TensorShape.WithBatch(3), oneHot.ComputeOutputShape(TensorShape.WithBatch(1)));
        TestData.Close(torch.tensor(new float[,] { { 1, 1, 1 } }), new Hashing(3, outputMode: "multi_hot").Apply(ints.reshape(1, 5)), "multi_hot", rtol: 1e-6, atol: 1e-7);
        TestData.Close(torch.tensor(new float[] { 2, 2, 1 }), new Hashing(3, outputMode: "count").Apply(ints), "count 1-D", rtol: 1e-6, atol: 1e-7);
        TestData.Close(torch.tensor(new float[,] { { 2, 2, 1 } }), new Hashing(3, outputMode: "count").Apply(ints.reshape(1, 5)), "count 2-D", rtol: 1e-6, atol: 1e-7);
        foreach (var mode in new[] { "int", "one_hot", "multi_hot", "count" })
            foreach (var shape in new[] { new long[] { 2, 4 }, new long[] { 2, 4, 1 }, new long[] { 2, 3, 4 } })
            {
                var layer = new Hashing(5, outputMode: mode);
                var output = layer.Apply(torch.arange(shape.Aggregate(1L, (a, b) => a * b)).reshape(shape));
                Assert.Equal(TensorShape.Of(output.shape).Dims.Skip(1), layer.ComputeOutputShape(TensorShape.Of(shape)).Dims.Skip(1));
            }
    }

    [Fact]
    public void HashingConfigRoundTripsAndRefusesBadInput()
    {
        using var scope = torch.NewDisposeScope();
        var layer = new Hashing(7, maskValue: "x", salt: new long[] { 5 }, outputMode: "count", name: "hash");
        var json = TestData.Json(layer.GetConfig());
        Assert.Contains("\"salt\":[5,5]", json.Replace(" ", ""));
        var again = KerasRegistry.FromConfig<Layer>("Hashing", TestData.ParseJson(json));
        Assert.Equal(json, TestData.Json(again.GetConfig()));
        var rows = new[] { new[] { "x", "y", "z" }, new[] { "q", "x", "x" } };
        TestData.Close(layer.Call(rows), ((Hashing)again).Call(rows), "count after a config round trip");

        Assert.Throws<ArgumentOutOfRangeException>(() => new Hashing(0));
        Assert.Contains("salt", Assert.Throws<ArgumentException>(() => new Hashing(2, salt: new long[] { 1, 2, 3 })).Message);
        Assert.Contains("non-negative", Assert.Throws<ArgumentException>(() => new Hashing(2, salt: new long[] { -1 })).Message);
        Assert.Contains("\"tf_idf\"", Assert.Throws<ArgumentException>(() => new Hashing(2, outputMode: "tf_idf")).Message);
        Assert.Throws<NotSupportedException>(() => new Hashing(2, sparse: true));
        Assert.Contains("rectangular", Assert.Throws<ArgumentException>(() => new Hashing(2).Call(new[] { new[] { "a" }, new[] { "a", "b" } })).Message);
        Assert.Contains("null", Assert.Throws<ArgumentException>(() => new Hashing(2).Call(new string[] { "a", null! })).Message);
        Assert.Contains("Bool", Assert.Throws<ArgumentException>(() => new Hashing(2).Apply(torch.tensor(new[] { true }))).Message);
        Assert.Contains("not an integer", Assert.Throws<ArgumentException>(() => new Hashing(3, maskValue: "").Apply(torch.tensor(new long[] { 1 }))).Message);
    }

    [Fact]
    public void HashedCrossingMatchesKerasExamples()
    {
        using var scope = torch.NewDisposeScope();
        var letters = new[] { "A", "B", "A", "B", "A" };
        var numbers = new long[] { 101, 101, 101, 102, 102 };
        Assert.Equal(new long[] { 1, 4, 1, 1, 3 }, Bins(new HashedCrossing(5).Cross(letters, numbers)));
        Assert.Equal(new long[] { 1, 4, 1, 1, 3 }, Bins(new HashedCrossing(5).Cross(letters, torch.tensor(numbers))));
        TestData.Close(torch.tensor(new float[,] { { 0, 1, 0, 0, 0 }, { 0, 0, 0, 0, 1 }, { 0, 1, 0, 0, 0 }, { 0, 1, 0, 0, 0 }, { 0, 0, 0, 1, 0 } }),
                       new HashedCrossing(5, outputMode: "one_hot").Cross(letters, numbers), "one_hot cross", rtol: 1e-6, atol: 1e-7);
        // A scalar cross gives a scalar (one_hot: a vector); (batch, 1) keeps its shape.
        var scalar = new HashedCrossing(10).Cross(torch.tensor(3L), torch.tensor(4L));
        Assert.Empty(scalar.shape);
        Assert.Equal(new long[] { 10 }, new HashedCrossing(10, outputMode: "one_hot").Cross(torch.tensor(3L), torch.tensor(4L)).shape);
        Assert.Equal(new long[] { 2, 1 }, new HashedCrossing(10).Apply(new[] { torch.tensor(new long[,] { { 1 }, { 2 } }), torch.tensor(new long[,] { { 4 }, { 5 } }) })[0].shape);
        // Integers enter as their own 64 bits (not hashed), strings as their fingerprint; the order of the features matters.
        var layer = new HashedCrossing(1000);
        var expected = (long)(FarmHash.Cat(FarmHash.Cat(0xDECAFCAFFEUL, FarmHash.Fingerprint64("A")), 101UL) % 1000);
        Assert.Equal(expected, Bins(layer.Cross(new[] { "A" }, new long[] { 101 }))[0]);
        var ints = layer.Apply(new[] { torch.tensor(new long[] { 1, 2 }), torch.tensor(new[] { 4, 5 }) })[0];
        Assert.Equal(Bins(layer.Cross(new long[] { 1, 2 }, new long[] { 4, 5 })), Bins(ints));
        Assert.Equal(TensorShape.WithBatch(1000), new HashedCrossing(1000, outputMode: "one_hot").ComputeOutputShape(new[] { TensorShape.WithBatch(), TensorShape.WithBatch() })[0]);
    }

    [Fact]
    public void HashedCrossingConfigRoundTripsAndRefusesBadInput()
    {
        using var scope = torch.NewDisposeScope();
        var layer = new HashedCrossing(8, outputMode: "one_hot", name: "cross");
        var json = TestData.Json(layer.GetConfig());
        var again = KerasRegistry.FromConfig<Layer>("HashedCrossing", TestData.ParseJson(json));
        Assert.Equal(json, TestData.Json(again.GetConfig()));
        Assert.Equal(8, ((HashedCrossing)again).NumBins);

        Assert.Throws<ArgumentOutOfRangeException>(() => new HashedCrossing(0));
        Assert.Contains("\"multi_hot\"", Assert.Throws<ArgumentException>(() => new HashedCrossing(4, outputMode: "multi_hot")).Message);
        Assert.Throws<NotSupportedException>(() => new HashedCrossing(4, sparse: true));
        var cross = new HashedCrossing(4, name: "hc");
        Assert.Contains("at least two", Assert.Throws<ArgumentException>(() => cross.Cross(new long[] { 1 })).Message);
        Assert.Contains("at least two", Assert.Throws<ArgumentException>(() => cross.Apply(torch.tensor(new long[] { 1 }))).Message);
        Assert.Contains("Float32", Assert.Throws<ArgumentException>(() => cross.Cross(torch.tensor(new[] { 1f }), torch.tensor(new[] { 1f }))).Message);
        Assert.Contains("same shape", Assert.Throws<ArgumentException>(() => cross.Cross(new long[] { 1, 2 }, new long[] { 1 })).Message);
        Assert.Contains("(batch, 1)", Assert.Throws<ArgumentException>(() => cross.Cross(torch.zeros(2, 2, dtype: ScalarType.Int64), torch.zeros(2, 2, dtype: ScalarType.Int64))).Message);
        Assert.Contains("Int32[]", Assert.Throws<ArgumentException>(() => cross.Cross(new[] { 1, 2 }, new long[] { 1, 2 })).Message);
    }
}
