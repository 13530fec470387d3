using KerasNet.Serialization;

namespace KerasNet.Tests.LayersTests;

/// <summary>
/// The declarative layer harness: every row of <see cref="LayerCases"/> goes through the same checks of shapes,
/// weight count, config round trip and one training step, on each layer created with no data format (its
/// default layout: <see cref="LayerCase.DefaultInputs"/>). Data formats are in <see cref="LayerDataFormatTests"/>.
/// </summary>
public class LayerHarnessTests
{
    private const int Batch = 2;

    private static Tensor[] Inputs(LayerCase c, int seed = 1) =>
        c.DefaultInputs.Select((shape, i) => TestData.Randn(seed + i, new long[] { Batch }.Concat(shape).ToArray())).ToArray();

    private static Tensor Run(Layer layer, IReadOnlyList<Tensor> inputs, bool training) => layer.Apply(inputs, training)[0];

    [Theory]
    [MemberData(nameof(LayerCases.Ids), MemberType = typeof(LayerCases))]
    public void EagerOutputShapeMatchesExpectedAndComputeOutputShape(string id)
    {
        var c = LayerCases.ById[id];
        using var scope = torch.NewDisposeScope();
        using var layer = c.Create(null);
        var output = Run(layer, Inputs(c), training: false);
        Assert.Equal(new long[] { Batch }.Concat(c.DefaultOutput), output.shape);

        var expected = TensorShape.WithBatch(c.DefaultOutput);
        var inputShapes = c.DefaultInputs.Select(s => TensorShape.WithBatch(s)).ToArray();
        var computed = inputShapes.Length == 1 ? layer.ComputeOutputShape(inputShapes[0]) : layer.ComputeOutputShape(inputShapes)[0];
        Assert.Equal(expected, computed);
    }

    [Theory]
    [MemberData(nameof(LayerCases.Ids), MemberType = typeof(LayerCases))]
    public void SymbolicApplicationGivesTheSameShapeAndBuildsTheWeights(string id)
    {
        var c = LayerCases.ById[id];
        using var layer = c.Create(null);
        var inputs = c.DefaultInputs.Select(s => Keras.Input(s)).ToArray();
        var output = layer.Apply(inputs);
        Assert.Equal(TensorShape.WithBatch(c.DefaultOutput), output.Shape);
        Assert.Same(layer, output.Layer);
        Assert.True(layer.Built);
        Assert.Equal(c.Weights, layer.CountParams());
    }

    [Theory]
    [MemberData(nameof(LayerCases.Ids), MemberType = typeof(LayerCases))]
    public void WeightCountFollowsKerasFormula(string id)
    {
        var c = LayerCases.ById[id];
        using var scope = torch.NewDisposeScope();
        using var layer = c.Create(null);
        Run(layer, Inputs(c), training: false);
        Assert.Equal(c.Weights, layer.CountParams());
        Assert.Equal(c.Weights, layer.Weights.Sum(w => w.Size));
        Assert.Equal(layer.Weights.Count, layer.TrainableWeights.Count + layer.NonTrainableWeights.Count);
        foreach (var weight in layer.Weights)
            Assert.StartsWith(layer.Name, weight.Path, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(LayerCases.Ids), MemberType = typeof(LayerCases))]
    public void ConfigRoundTripsThroughTheRegistryAndJson(string id)
    {
        var c = LayerCases.ById[id];
        using var scope = torch.NewDisposeScope();
        using var layer = c.Create(null);
        var inputs = Inputs(c);
        var expected = Run(layer, inputs, training: false);

        var json = TestData.Json(layer.GetConfig());
        var className = layer.GetType().Name;
        using var fromConfig = KerasRegistry.FromConfig<Layer>(className, layer.GetConfig());
        Assert.Equal(json, TestData.Json(fromConfig.GetConfig()));
        using var fromJson = KerasRegistry.FromConfig<Layer>(className, TestData.ParseJson(json));
        Assert.Equal(json, TestData.Json(fromJson.GetConfig()));
        Assert.IsType(layer.GetType(), fromJson);

        // The recreated layer computes the same function once it holds the same weights.
        Run(fromJson, inputs, training: false);
        WeightTools.Copy(layer, fromJson);
        TestData.Close(expected, Run(fromJson, inputs, training: false), $"{id}: output of the layer recreated from its config");
    }

    [Theory]
    [MemberData(nameof(LayerCases.Ids), MemberType = typeof(LayerCases))]
    public void TrainingStepGivesEveryTrainableWeightAFiniteNonZeroGradient(string id)
    {
        var c = LayerCases.ById[id];
        using var scope = torch.NewDisposeScope();
        using var layer = c.Create(null);
        var inputs = Inputs(c).Select(x => x.requires_grad_()).ToArray();
        var output = Run(layer, inputs, training: true);
        // A random weighting of the outputs rather than their plain sum: the plain sum of a normalization
        // layer's output does not depend on gamma at all (the normalized values sum to zero), so its gradient
        // would be exactly 0 even when the layer is right.
        var upstream = TestData.Randn(99, output.shape);
        (output * upstream).sum().backward();

        foreach (var weight in layer.TrainableWeights)
        {
            var grad = weight.Value.grad;
            Assert.True(grad is not null, $"{id}: {weight.Path} received no gradient");
            Assert.True(grad!.isfinite().all().item<bool>(), $"{id}: {weight.Path} has a non-finite gradient");
            Assert.True(grad.abs().sum().item<float>() > 0, $"{id}: {weight.Path} has an all-zero gradient");
        }
        foreach (var weight in layer.NonTrainableWeights)
            Assert.Null(weight.Value.grad);
        foreach (var x in inputs)
        {
            var grad = x.grad;
            Assert.True(grad is not null, $"{id}: the input received no gradient");
            Assert.True(grad!.isfinite().all().item<bool>(), $"{id}: the input has a non-finite gradient");
        }
    }

    [Theory]
    [MemberData(nameof(LayerCases.Ids), MemberType = typeof(LayerCases))]
    public void InferenceIsDeterministicAndStochasticLayersAreTheIdentityAtInference(string id)
    {
        var c = LayerCases.ById[id];
        using var scope = torch.NewDisposeScope();
        using var layer = c.Create(null);
        var inputs = Inputs(c);
        var first = Run(layer, inputs, training: false);
        TestData.Close(first, Run(layer, inputs, training: false), $"{id}: second inference call");
        if (c.Stochastic) TestData.Close(inputs[0], first, $"{id}: inference output");
    }
}
