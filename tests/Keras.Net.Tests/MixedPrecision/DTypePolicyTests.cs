using KerasNet.Callbacks;
using KerasNet.Layers;
using KerasNet.MixedPrecision;
using KerasNet.Models;
using KerasNet.Serialization;
using KerasNet.Tests.Callbacks;
using KerasNet.Tests.LayersTests;

namespace KerasNet.Tests.MixedPrecisionTests;

/// <summary>
/// Policies by name, the global policy, per-layer policies and their configs, and saving and loading across
/// policies. These tests change <see cref="Config.DtypePolicy"/>, so they run alone.
/// </summary>
[Collection(GlobalConfigCollection.Name)]
public class DTypePolicyTests
{
    [Theory]
    [InlineData("float32", ScalarType.Float32, ScalarType.Float32)]
    [InlineData("mixed_bfloat16", ScalarType.Float32, ScalarType.BFloat16)]
    [InlineData("mixed_float16", ScalarType.Float32, ScalarType.Float16)]
    [InlineData("bfloat16", ScalarType.BFloat16, ScalarType.BFloat16)]
    [InlineData("float64", ScalarType.Float64, ScalarType.Float64)]
    public void PoliciesAreKnownByTheirKerasNames(string name, ScalarType variable, ScalarType compute)
    {
        var policy = DTypePolicy.Get(name);
        Assert.Equal(name, policy.Name);
        Assert.Equal(variable, policy.VariableDtype);
        Assert.Equal(compute, policy.ComputeDtype);
        Assert.Equal(variable != compute, policy.IsMixed);
        var error = Assert.Throws<ArgumentException>(() => DTypePolicy.Get("mixed_int8"));
        Assert.Contains("'mixed_int8'", error.Message);
        Assert.Contains("mixed_bfloat16", error.Message);
    }

    [Fact]
    public void NewLayersTakeTheGlobalPolicyAndExistingOnesKeepTheirs()
    {
        Assert.Equal(DTypePolicy.Float32, Config.DtypePolicy);
        using var before = new Dense(2);
        try
        {
            Config.SetDtypePolicy("mixed_bfloat16");
            using var after = new Dense(2);
            Assert.Equal("mixed_bfloat16", after.DtypePolicy.Name);
            Assert.Equal(ScalarType.BFloat16, after.ComputeDtype);
            Assert.Equal(DTypePolicy.Float32, before.DtypePolicy);
            var y = after.Apply(torch.ones(3, 4));
            Assert.Equal(ScalarType.BFloat16, y.dtype);
            Assert.All(after.Weights, w => Assert.Equal(ScalarType.Float32, w.Value.dtype));
        }
        finally
        {
            Config.SetDtypePolicy(DTypePolicy.Float32);
        }
    }

    [Fact]
    public void AModelPolicyReachesItsLayersExceptThoseGivenTheirOwnAndASoftmaxActivationReturnsFloat32()
    {
        using var scope = torch.NewDisposeScope();
        var head = new Dense(3) { DtypePolicy = "float32" };
        using var model = new Sequential(new Layer[] { Keras.Input(4), new Dense(5, activation: "relu"), new LayerNormalization(), head, new Activation("softmax") });
        model.DtypePolicy = "mixed_bfloat16";
        Assert.Equal("mixed_bfloat16", model.Layers[0].DtypePolicy.Name);
        Assert.Equal("float32", head.DtypePolicy.Name);
        var probabilities = model.Apply(TestData.Randn(1, 2, 4));
        Assert.Equal(ScalarType.Float32, probabilities.dtype);
        Assert.Equal(new[] { 1.0, 1.0 }, TestData.Values(probabilities.sum(dim: 1)), new ToleranceComparer(1e-6));

        var error = Assert.Throws<InvalidOperationException>(() => model.Layers[0].DtypePolicy = "bfloat16");
        Assert.Contains("Set the policy before the layer is built", error.Message);
    }

    [Fact]
    public void TheConfigRecordsAPolicyOtherThanTheDefaultAndRestoresIt()
    {
        using var plain = new Dense(2);
        Assert.False(plain.GetConfig().ContainsKey("dtype"));
        using var mixed = new Dense(2) { DtypePolicy = "mixed_float16" };
        var json = TestData.Json(mixed.GetConfig());
        using var restored = KerasRegistry.FromConfig<Layer>("Dense", TestData.ParseJson(json));
        Assert.Equal("mixed_float16", restored.DtypePolicy.Name);
        Assert.Equal(json, TestData.Json(restored.GetConfig()));

        // Keras 3 writes the policy as an object.
        var keras3 = TestData.ParseJson("""{"units": 2, "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "mixed_bfloat16"}}}""");
        using var fromKeras = KerasRegistry.FromConfig<Layer>("Dense", keras3);
        Assert.Equal("mixed_bfloat16", fromKeras.DtypePolicy.Name);
        var bad = Assert.Throws<KerasSerializationException>(() => KerasRegistry.FromConfig<Layer>("Dense", TestData.ParseJson("""{"units": 2, "dtype": "int4"}""")));
        Assert.Contains("Dense", bad.Message);
        Assert.Contains("'int4'", bad.Message);
    }

    private static Sequential Classifier() => new(new Layer[]
    {
        Keras.Input(6), new Dense(8, activation: "relu"), new BatchNormalization(), new Dense(3), new Activation("softmax"),
    });

    [Fact]
    public void AModelSavedUnderAMixedPolicyLoadsUnderFloat32AndTheReverse()
    {
        using var folder = new TempFolder();
        using var scope = torch.NewDisposeScope();
        var x = TestData.Randn(2, 16, 6);
        var y = torch.arange(16) % 3;

        torch.manual_seed(1);
        using var mixed = Classifier();
        mixed.DtypePolicy = "mixed_bfloat16";
        mixed.Compile("adam", "sparse_categorical_crossentropy").Fit(x, y, batchSize: 8, epochs: 1, verbose: Verbosity.Silent);
        mixed.Save(folder.File("mixed.keras"));
        using var loaded = Model.Load(folder.File("mixed.keras"));
        Assert.All(loaded.Layers, l => Assert.Equal("mixed_bfloat16", l.DtypePolicy.Name));
        Assert.All(loaded.Weights, w => Assert.Equal(ScalarType.Float32, w.Value.dtype));
        for (var i = 0; i < mixed.Weights.Count; i++) Assert.True(mixed.Weights[i].Value.detach().eq(loaded.Weights[i].Value.detach()).all().item<bool>());
        Assert.True(mixed.Predict(x, verbose: Verbosity.Silent).eq(loaded.Predict(x, verbose: Verbosity.Silent)).all().item<bool>());
        // The same float32 weights run in float32 once the policy is changed.
        loaded.DtypePolicy = "float32";
        var float32 = loaded.Predict(x, verbose: Verbosity.Silent);
        Assert.Equal(ScalarType.Float32, float32.dtype);
        TestData.Close(float32, mixed.Predict(x, verbose: Verbosity.Silent).to(ScalarType.Float32), "float32 against mixed predictions", rtol: 3e-2, atol: 3e-2);

        using var plain = Classifier();
        plain.Compile("adam", "sparse_categorical_crossentropy").Fit(x, y, batchSize: 8, epochs: 1, verbose: Verbosity.Silent);
        plain.Save(folder.File("plain.keras"));
        try
        {
            Config.SetDtypePolicy("mixed_bfloat16");
            using var underMixed = Model.Load(folder.File("plain.keras"));
            // A config without a policy takes the global one, as a layer created in code does.
            Assert.Equal("mixed_bfloat16", underMixed.Layers[0].DtypePolicy.Name);
            Assert.All(underMixed.Weights, w => Assert.Equal(ScalarType.Float32, w.Value.dtype));
            for (var i = 0; i < plain.Weights.Count; i++) Assert.True(plain.Weights[i].Value.detach().eq(underMixed.Weights[i].Value.detach()).all().item<bool>());
            TestData.Close(plain.Predict(x, verbose: Verbosity.Silent), underMixed.Predict(x, verbose: Verbosity.Silent).to(ScalarType.Float32),
                "mixed against float32 predictions", rtol: 3e-2, atol: 3e-2);
        }
        finally
        {
            Config.SetDtypePolicy(DTypePolicy.Float32);
        }
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) <= tolerance;
        public int GetHashCode(double value) => 0;
    }

    [Fact]
    public void NormalizationLayersComputeInFloat64UnderTheFloat64Policy()
    {
        // Norms compute in "at least float32" under half policies; under float64 they used to read their variables as
        // float32 beside float64 inputs, and libtorch refused the mix.
        using var scope = torch.NewDisposeScope();
        var x = TestData.Randn(5, 2, 3, 4, 4).to(ScalarType.Float64);
        foreach (var layer in new Layer[] { new BatchNormalization(axis: 1), new LayerNormalization(axis: new long[] { 1, 2, 3 }), new GroupNormalization(groups: 3, axis: 1) })
        {
            layer.DtypePolicy = "float64";
            var y = layer.Apply(x, training: true);
            Assert.Equal(ScalarType.Float64, y.dtype);
            Assert.All(layer.Weights, w => Assert.Equal(ScalarType.Float64, w.Value.dtype));
            // Each normalizes to mean 0 over its axes; in float64 that holds to 1e-12.
            var axes = layer is BatchNormalization ? new long[] { 0, 2, 3 } : new long[] { 1, 2, 3 };
            Assert.True(y.mean(axes).abs().max().ToDouble() < 1e-12, $"{layer.GetType().Name}: mean {y.mean(axes).abs().max().ToDouble()}");
        }
    }
}
