using KerasNet.Layers;
using KerasNet.TestSupport;

namespace KerasNet.Tests.LayersTests;

/// <summary>
/// Attention and Transformer layers against PyTorch (tests/fixtures/cases/keras_attention.py): nn.MultiheadAttention,
/// nn.TransformerEncoderLayer and nn.TransformerDecoderLayer with the same weights (mapped to Keras's layout) give the
/// same outputs, attention scores, input gradients and weight gradients; RMSNormalization, SinePositionEncoding,
/// Attention and AdditiveAttention match their formulas written in torch. Tolerances: the float32 parity ones
/// (rtol 1e-5, atol 1e-6).
/// </summary>
public class AttentionParityTests : IClassFixture<AttentionParityTests.Fixtures>
{
    public sealed class Fixtures : IDisposable
    {
        public Fixture Attention { get; } = Fixture.Load("keras_attention");
        public void Dispose() => Attention.Dispose();
    }

    private readonly Fixture fx;

    public AttentionParityTests(Fixtures fixtures) => fx = fixtures.Attention;

    private static string SubPath(Layer layer, Variable weight) => weight.Path[(layer.Name.Length + 1)..];

    private Tensor Input(string @case, string name) => fx[$"{@case}.x.{name}"].clone().requires_grad_();

    private void Assign(Layer layer, string @case)
    {
        Assert.NotEmpty(layer.Weights);
        foreach (var weight in layer.Weights) weight.Assign(fx[$"{@case}.w.{SubPath(layer, weight)}"]);
    }

    /// <summary>Compares the output, then backpropagates the stored upstream and compares every gradient.</summary>
    private void CheckOutputAndGradients(Layer layer, string @case, Tensor output, params (string Name, Tensor Input)[] inputs) =>
        CheckOutputAndGradients(layer, @case, output, TensorAssert.Atol, inputs);

    private void CheckOutputAndGradients(Layer layer, string @case, Tensor output, double atol, params (string Name, Tensor Input)[] inputs)
    {
        TestData.Close(fx[$"{@case}.out"], output, $"{@case}: output", atol: atol);
        (output * fx[$"{@case}.upstream"]).sum().backward();
        foreach (var (name, input) in inputs)
            TestData.Close(fx[$"{@case}.gx.{name}"], input.grad!, $"{@case}: gradient of {name}", atol: atol);
        foreach (var weight in layer.Weights)
            TestData.Close(fx[$"{@case}.gw.{SubPath(layer, weight)}"], weight.Value.grad!, $"{@case}: gradient of {weight.Path}", atol: atol);
    }

    public static IEnumerable<object[]> MhaCases() => new[]
    {
        new object[] { "mha_cross", 2L, false },
        new object[] { "mha_padding", 2L, false },
        new object[] { "mha_causal", 2L, true },
        new object[] { "mha_kdim_vdim_mask", 4L, false },
    };

    [Theory]
    [MemberData(nameof(MhaCases))]
    public void MultiHeadAttentionMatchesTorchOutputsScoresAndGradients(string @case, long heads, bool causal)
    {
        using var scope = torch.NewDisposeScope();
        var (q, k, v) = (Input(@case, "query"), Input(@case, "key"), Input(@case, "value"));
        using var mha = new MultiHeadAttention(heads, q.size(2) / heads);
        mha.BuildFor(new[] { q, v, k }.Select(t => TensorShape.WithBatch(t.shape.Skip(1).ToArray())).ToArray());
        Assign(mha, @case);
        Tensor? mask = null;
        if (fx.Has($"{@case}.m.padding")) mask = fx[$"{@case}.m.padding"].unsqueeze(1);
        if (fx.Has($"{@case}.m.attention")) mask = fx[$"{@case}.m.attention"];

        var (output, scores) = mha.ApplyWithScores(q, v, key: k, attentionMask: mask, useCausalMask: causal);
        TestData.Close(fx[$"{@case}.scores"], scores, $"{@case}: attention scores");
        CheckOutputAndGradients(mha, @case, output, ("query", q), ("key", k), ("value", v));
    }

    [Theory]
    [InlineData("encoder_post_relu", false, "relu")]
    [InlineData("encoder_post_gelu", false, "gelu")]
    [InlineData("encoder_pre_relu", true, "relu")]
    [InlineData("encoder_pre_gelu", true, "gelu")]
    [InlineData("encoder_post_relu_padding", false, "relu")]
    [InlineData("encoder_pre_gelu_padding", true, "gelu")]
    public void TransformerEncoderMatchesTorchEncoderLayer(string @case, bool normalizeFirst, string activation)
    {
        using var scope = torch.NewDisposeScope();
        var x = Input(@case, "x");
        using var encoder = new TransformerEncoder(intermediateDim: 16, numHeads: 2, activation: activation, normalizeFirst: normalizeFirst);
        encoder.BuildFor(TensorShape.WithBatch(5, 8));
        Assign(encoder, @case);
        var padding = fx.Has($"{@case}.m.padding") ? fx[$"{@case}.m.padding"] : null;
        var output = encoder.Apply(x, paddingMask: padding);
        // libtorch 2.10 against the 1.13.1 fixtures: in the pre-norm GELU case with padding, one element of the query
        // kernel's gradient (-0.01836, a sum of terms of both signs) differs by 3.7e-6 with the fused attention kernel
        // and 3.4e-6 with attention composed from matmul and softmax, so the difference comes from the surrounding
        // kernels (matmul, layer norm, GELU), not the attention; every other case and element is within 1e-6.
        var atol = @case == "encoder_pre_gelu_padding" ? 5e-6 : TensorAssert.Atol;
        CheckOutputAndGradients(encoder, @case, output, atol, ("x", x));
    }

    [Theory]
    [InlineData("decoder_post", false)]
    [InlineData("decoder_pre", true)]
    public void TransformerDecoderMatchesTorchDecoderLayerWithCausalSelfAttentionAndCrossAttention(string @case, bool normalizeFirst)
    {
        using var scope = torch.NewDisposeScope();
        var (decoder, encoder) = (Input(@case, "decoder"), Input(@case, "encoder"));
        using var block = new TransformerDecoder(intermediateDim: 16, numHeads: 2, normalizeFirst: normalizeFirst);
        block.BuildFor(new[] { TensorShape.WithBatch(5, 8), TensorShape.WithBatch(6, 8) });
        Assert.True(block.HasCrossAttention);
        Assign(block, @case);
        var output = block.Apply(decoder, encoder, encoderPaddingMask: fx[$"{@case}.m.encoder_padding"]);
        CheckOutputAndGradients(block, @case, output, ("decoder", decoder), ("encoder", encoder));
    }

    [Theory]
    [InlineData("rms_last_axis", -1, 1e-6)]
    [InlineData("rms_axis1", 1, 1e-3)]
    public void RMSNormalizationMatchesItsFormula(string @case, int axis, double epsilon)
    {
        using var scope = torch.NewDisposeScope();
        var x = Input(@case, "x");
        using var layer = new RMSNormalization(axis: axis, epsilon: epsilon);
        layer.BuildFor(TensorShape.WithBatch(x.shape.Skip(1).ToArray()));
        Assign(layer, @case);
        CheckOutputAndGradients(layer, @case, layer.Apply(x), ("x", x));
    }

    [Theory]
    [InlineData("sine_default", 10000.0)]
    [InlineData("sine_wavelength_100_long", 100.0)]
    public void SinePositionEncodingMatchesItsFormula(string @case, double maxWavelength)
    {
        using var scope = torch.NewDisposeScope();
        using var layer = new SinePositionEncoding(maxWavelength);
        TestData.Close(fx[$"{@case}.out"], layer.Apply(fx[$"{@case}.x.x"]), $"{@case}: encodings");
    }

    [Theory]
    [InlineData("attention_dot")]
    [InlineData("attention_dot_scale_masks_causal")]
    [InlineData("attention_concat_masks")]
    [InlineData("additive_masks_causal")]
    public void DenseAttentionLayersMatchTheirFormulas(string @case)
    {
        using var scope = torch.NewDisposeScope();
        var (q, k, v) = (Input(@case, "query"), Input(@case, "key"), Input(@case, "value"));
        BaseDenseAttention layer = @case switch
        {
            "attention_dot" => new Attention(),
            "attention_dot_scale_masks_causal" => new Attention(useScale: true),
            "attention_concat_masks" => new Attention(scoreMode: "concat"),
            _ => new AdditiveAttention(),
        };
        using var owned = layer;
        var shapes = new[] { q, v, k }.Select(t => TensorShape.WithBatch(t.shape.Skip(1).ToArray())).ToArray();
        layer.BuildFor(shapes);
        if (layer.Weights.Count > 0) Assign(layer, @case);
        var masked = fx.Has($"{@case}.m.query");
        var (output, scores) = layer.ApplyWithScores(q, v, key: k,
            queryMask: masked ? fx[$"{@case}.m.query"] : null, valueMask: masked ? fx[$"{@case}.m.value"] : null,
            useCausalMask: @case.EndsWith("causal", StringComparison.Ordinal));
        TestData.Close(fx[$"{@case}.scores"], scores, $"{@case}: attention weights");
        CheckOutputAndGradients(layer, @case, output, ("query", q), ("key", k), ("value", v));
    }
}
