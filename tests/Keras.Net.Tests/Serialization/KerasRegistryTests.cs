using KerasNet.Layers;
using KerasNet.Losses;
using KerasNet.Metrics;
using KerasNet.Serialization;
using KerasNet.Tests.LayersTests;

namespace KerasNet.Tests.SerializationTests;

/// <summary>The registry: configs to objects by constructor-argument matching, only for built-in or registered types.</summary>
public class KerasRegistryTests
{
    /// <summary>A user layer, registered by attribute.</summary>
    [KerasSerializable("RegistryTestScale")]
    public sealed class ScaleLayer : Layer
    {
        public ScaleLayer(double factor, string? name = null, bool trainable = true) : base(name, trainable) => Factor = factor;
        public double Factor { get; }
        protected override Tensor Call(Tensor inputs, CallContext context) => inputs * Factor;
        public override Dictionary<string, object?> GetConfig()
        {
            var config = base.GetConfig();
            config["factor"] = Factor;
            return config;
        }
    }

    /// <summary>A user layer that nobody registers.</summary>
    public sealed class UnregisteredLayer : Layer
    {
        public UnregisteredLayer(string? name = null) : base(name) { }
        protected override Tensor Call(Tensor inputs, CallContext context) => inputs.alias();
    }

    [Fact]
    public void UnregisteredTypesAreNeverCreated()
    {
        var error = Assert.Throws<KerasSerializationException>(() => KerasRegistry.FromConfig<Layer>(nameof(UnregisteredLayer), new Dictionary<string, object?>()));
        LayerBadInputTests.AssertMentions(error.Message, "Unknown class 'UnregisteredLayer'", "[KerasSerializable]", "KerasRegistry.Register<UnregisteredLayer>()");
        Assert.Throws<KerasSerializationException>(() => KerasRegistry.FromConfig<Layer>("System.IO.File", new Dictionary<string, object?>()));
    }

    [Fact]
    public void RegisteredTypesRoundTrip()
    {
        KerasRegistry.RegisterAssembly(typeof(KerasRegistryTests).Assembly);
        using var layer = new ScaleLayer(2.5, name: "scaler");
        var serialized = KerasRegistry.Serialize(layer);
        Assert.Equal("RegistryTestScale", serialized["class_name"]);
        var copy = KerasRegistry.Deserialize<Layer>(serialized);
        Assert.Equal(2.5, Assert.IsType<ScaleLayer>(copy).Factor);
        Assert.Equal("scaler", copy.Name);

        KerasRegistry.Register<UnregisteredLayer>("RegistryTestIdentity");
        Assert.IsType<UnregisteredLayer>(KerasRegistry.FromConfig<Layer>("RegistryTestIdentity", new Dictionary<string, object?> { ["name"] = "identity_1" }));
        Assert.Throws<ArgumentException>(() => KerasRegistry.Register(typeof(string)));
    }

    [Fact]
    public void NamesSharedByALossAndAMetricResolveByTheExpectedKind()
    {
        var config = new Dictionary<string, object?> { ["name"] = "mse" };
        Assert.IsType<KerasNet.Losses.MeanSquaredError>(KerasRegistry.FromConfig<Loss>("MeanSquaredError", new Dictionary<string, object?>()));
        Assert.IsType<KerasNet.Metrics.MeanSquaredError>(KerasRegistry.FromConfig<Metric>("MeanSquaredError", config));
        Assert.IsType<KerasNet.Metrics.MeanAbsoluteError>(KerasRegistry.FromConfig<Metric>("MeanAbsoluteError", config));
        Assert.IsType<KerasNet.Losses.MeanAbsoluteError>(KerasRegistry.FromConfig<Loss>("MeanAbsoluteError", new Dictionary<string, object?>()));
        var error = Assert.Throws<KerasSerializationException>(() => KerasRegistry.FromConfig<Layer>("Adam", new Dictionary<string, object?>()));
        Assert.Contains("is a Adam, not a Layer", error.Message);
    }

    [Fact]
    public void BadConfigsExplainThemselves()
    {
        var error = Assert.Throws<KerasSerializationException>(() => KerasRegistry.FromConfig<Layer>("Dense", new Dictionary<string, object?> { ["units"] = 3, ["colour"] = "red" }));
        LayerBadInputTests.AssertMentions(error.Message, "No constructor of Dense takes the config keys", "colour", "units", "kernel_initializer");
        error = Assert.Throws<KerasSerializationException>(() => KerasRegistry.FromConfig<Layer>("Dense", new Dictionary<string, object?> { ["units"] = "many" }));
        LayerBadInputTests.AssertMentions(error.Message, "Dense: config key 'units' holds String 'many'");
        error = Assert.Throws<KerasSerializationException>(() => KerasRegistry.FromConfig<Layer>("Dense", new Dictionary<string, object?> { ["units"] = 0 }));
        LayerBadInputTests.AssertMentions(error.Message, "Dense rejected its config", "units must be a positive integer");
        Assert.Throws<KerasSerializationException>(() => KerasRegistry.Deserialize<Layer>(new Dictionary<string, object?> { ["config"] = null }));
    }

    [Fact]
    public void UnregisteredLambdaRefusesToSerializeAndRegisteredOneRoundTrips()
    {
        using var scope = torch.NewDisposeScope();
        using var anonymous = new Lambda(x => x + 1);
        Assert.Contains("unregistered function", Assert.Throws<KerasSerializationException>(() => anonymous.GetConfig()).Message);
        Assert.Contains("is not registered", Assert.Throws<KerasSerializationException>(() => new Lambda("registry_test_missing")).Message);
        Func<Tensor, Tensor> square = x => x * x;
        Lambda.Register("registry_test_square", square);
        using var named = new Lambda(square, name: "squarer");
        var copy = KerasRegistry.FromConfig<Layer>("Lambda", named.GetConfig());
        TestData.Close(TestData.Floats(new[] { 4f, 9f }), copy.Apply(TestData.Floats(new[] { 2f, 3f }).unsqueeze(0)).squeeze(0), "recreated lambda");
    }

    [Fact]
    public void InputLayerConfigRoundTrips()
    {
        var input = new InputLayer(new long[] { 3, 4 }, ScalarType.Float64, batchSize: 8, name: "registry_input");
        var json = TestData.Json(input.GetConfig());
        Assert.Contains("\"dtype\":\"float64\"", json);
        var copy = Assert.IsType<InputLayer>(KerasRegistry.FromConfig<Layer>("InputLayer", TestData.ParseJson(json)));
        Assert.Equal(json, TestData.Json(copy.GetConfig()));
        Assert.Equal(new TensorShape(8, 3, 4), copy.Output.Shape);
    }

    [Theory]
    [InlineData("kernelSize", "kernel_size")]
    [InlineData("Conv2D", "conv2d")]
    [InlineData("BatchNormalization", "batch_normalization")]
    [InlineData("GlobalAveragePooling2D", "global_average_pooling2d")]
    [InlineData("SumOverBatchSize", "sum_over_batch_size")]
    [InlineData("AUC", "auc")]
    public void SnakeCaseAsKeras(string name, string expected) => Assert.Equal(expected, KerasRegistry.ToSnakeCase(name));
}
