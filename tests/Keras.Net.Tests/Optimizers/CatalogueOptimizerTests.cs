using KerasNet.Optimizers;
using KerasNet.Serialization;
using KerasNet.TestSupport;

namespace KerasNet.Tests.OptimizersTests;

/// <summary>
/// Adafactor, Ftrl, Lamb and Muon, step by step, against Keras's update rules written with torch ops in
/// tests/fixtures/cases/keras_catalogue_optimizers.py: a (3, 4) matrix and a (4,) vector, fixed gradients, 3 steps.
/// Tolerances: the float32 parity ones (rtol 1e-5, atol 1e-6).
/// </summary>
public class CatalogueOptimizerTests : IClassFixture<CatalogueOptimizerTests.Fixtures>
{
    public sealed class Fixtures : IDisposable
    {
        public Fixture Optimizers { get; } = Fixture.Load("keras_catalogue_optimizers");
        public void Dispose() => Optimizers.Dispose();
    }

    private readonly Fixture fx;

    public CatalogueOptimizerTests(Fixtures fixtures) => fx = fixtures.Optimizers;

    private static readonly Dictionary<string, Func<Optimizer>> Cases = new()
    {
        ["adafactor"] = () => new Adafactor(0.01),
        ["adafactor_clip"] = () => new Adafactor(0.5, clipThreshold: 0.5),
        ["ftrl"] = () => new Ftrl(0.1),
        ["ftrl_regularized"] = () => new Ftrl(0.1, learningRatePower: -0.7, initialAccumulatorValue: 0.2, l1RegularizationStrength: 0.05,
                                              l2RegularizationStrength: 0.1, l2ShrinkageRegularizationStrength: 0.03, beta: 0.5),
        ["lamb"] = () => new Lamb(0.01),
        ["lamb_weight_decay"] = () => new Lamb(0.01, weightDecay: 0.1),
        ["muon"] = () => new Muon(0.02),
        ["muon_plain"] = () => new Muon(0.02, nesterov: false, rmsRate: null, nsSteps: 3, weightDecay: 0.0, adamWeightDecay: 0.0, adamLrRatio: 0.5),
    };

    public static TheoryData<string> Ids() => new(Cases.Keys);

    [Theory]
    [MemberData(nameof(Ids))]
    public void StepsMatchKerasUpdateRules(string id)
    {
        using var scope = torch.NewDisposeScope();
        using var holder = new VariableHolder();
        var variables = Enumerable.Range(0, 2).Select(i => holder.Add($"v{i}", fx[$"{id}.p{i}"])).ToArray();
        var optimizer = Cases[id]();
        optimizer.Build(variables);
        for (var step = 0; fx.Has($"{id}.s{step}.0"); step++)
        {
            var surrogate = variables.Select((v, i) => (v.Value * fx[$"{id}.g{step}.{i}"]).sum()).Aggregate((a, b) => a + b);
            surrogate.backward();
            Assert.True(optimizer.Apply());
            for (var i = 0; i < 2; i++)
                TestData.Close(fx[$"{id}.s{step}.{i}"], variables[i].Value, $"{id}: variable {i} after step {step + 1}");
        }
    }

    [Fact]
    public void AdafactorKeepsRowAndColumnAveragesForMatrices()
    {
        using var scope = torch.NewDisposeScope();
        using var holder = new VariableHolder();
        var optimizer = new Adafactor();
        optimizer.Build(new[] { holder.Add("matrix", torch.ones(30, 40)), holder.Add("vector", torch.ones(40)) });
        // Velocities of both (1,200 + 40), the matrix's row (30) and column (40) averages; no factors for the vector.
        Assert.Equal(1200 + 40 + 30 + 40, optimizer.StateSize);
    }

    [Theory]
    [InlineData("dense/kernel", 2, new string[0], true, false)]
    [InlineData("dense/kernel", 4, new string[0], true, true)]
    [InlineData("dense/bias", 1, new string[0], true, true)]
    [InlineData("token_embedding/embeddings", 2, new string[0], true, true)]
    [InlineData("token_embedding/embeddings", 2, new string[0], false, false)]
    [InlineData("head/kernel", 2, new[] { "^head/" }, true, true)]
    public void MuonGivesAdamWStepsToWhatIsNotAPlainMatrix(string path, long rank, string[] exclude, bool excludeEmbeddings, bool adam) =>
        Assert.Equal(adam, new Muon(excludeLayers: exclude, excludeEmbeddings: excludeEmbeddings).UsesAdam(path, rank));

    [Fact]
    public void MuonRejectsAPatternThatIsNotARegularExpression()
    {
        var error = Assert.Throws<ArgumentException>(() => new Muon(excludeLayers: new[] { "dense[" }));
        Assert.Contains("excludeLayers holds 'dense['", error.Message);
    }

    [Fact]
    public void NamesAndConfigsRoundTrip()
    {
        Optimizer[] optimizers =
        {
            new Adafactor(0.02, beta2Decay: -0.5, epsilon2: 1e-4, clipThreshold: 2, relativeStep: false),
            new Ftrl(0.3, learningRatePower: -0.25, l1RegularizationStrength: 0.01, beta: 0.2),
            new Lamb(0.003, beta1: 0.8, epsilon: 1e-6, weightDecay: 0.01),
            new Muon(0.01, excludeLayers: new[] { "head" }, momentum: 0.9, nsSteps: 4, rmsRate: null),
        };
        foreach (var optimizer in optimizers)
        {
            var json = TestData.Json(optimizer.GetConfig());
            var copy = KerasRegistry.FromConfig<Optimizer>(optimizer.GetType().Name, TestData.ParseJson(json));
            Assert.Equal(json, TestData.Json(copy.GetConfig()));
            Assert.IsType(optimizer.GetType(), Optimizer.Get(optimizer.GetType().Name.ToLowerInvariant()));
        }
    }
}
