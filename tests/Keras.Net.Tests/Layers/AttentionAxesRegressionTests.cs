using KerasNet.Layers;
using KerasNet.TestSupport;
using F = TorchSharp.torch.nn.functional;

namespace KerasNet.Tests.LayersTests;

/// <summary>
/// The rank-3 (batch, sequence, features) path of MultiHeadAttention stays what it was before attention axes existed:
/// the same weight names and shapes, and outputs, scores and input gradients bit for bit equal to the computation it
/// ran then, written out here with the same binding calls (flat projections into (batch, heads, L, dim), one
/// scaled_dot_product_attention call, the flat output projection). attentionAxes null, [1] and [-2] are that path.
/// </summary>
public class AttentionAxesRegressionTests
{
    private static Tensor Heads(Tensor flat, long batch, long length, long heads, long size) => flat.view(batch, length, heads, size).transpose(1, 2);

    private static Tensor Project(Tensor x, Variable kernel, Variable bias, long heads, long size)
    {
        long batch = x.size(0), length = x.size(1), features = x.size(2);
        var flat = bias.Value.view(heads * size).addmm(x.reshape(batch * length, features), kernel.Value.view(features, heads * size));
        return Heads(flat, batch, length, heads, size);
    }

    /// <summary>The pre-axes computation: separate projections, or the self-attention one with the kernels side by side.</summary>
    private static (Tensor Output, Tensor Scores) Reference(MultiHeadAttention mha, Tensor query, Tensor value, Tensor key, Tensor? mask, bool causal, bool self)
    {
        long batch = query.size(0), queries = query.size(1), heads = mha.NumHeads, dim = mha.KeyDim;
        Tensor q, k, v;
        if (self)
        {
            long features = query.size(2), width = heads * dim;
            var kernel = torch.cat(new[] { mha.QueryKernel.Value.view(features, width), mha.KeyKernel.Value.view(features, width), mha.ValueKernel.Value.view(features, width) }, 1);
            var bias = torch.cat(new[] { mha.QueryBias!.Value.view(width), mha.KeyBias!.Value.view(width), mha.ValueBias!.Value.view(width) }, 0);
            var parts = bias.addmm(query.reshape(batch * queries, features), kernel).view(batch, queries, 3, heads, dim).permute(2, 0, 3, 1, 4);
            (q, k, v) = (parts.select(0, 0), parts.select(0, 1), parts.select(0, 2));
        }
        else
        {
            q = Project(query, mha.QueryKernel, mha.QueryBias!, heads, dim);
            k = Project(key, mha.KeyKernel, mha.KeyBias!, heads, dim);
            v = Project(value, mha.ValueKernel, mha.ValueBias!, heads, mha.ValueDim);
        }
        var causalOnly = causal && mask is null;
        if (causal && mask is not null) mask = mask.logical_and(torch.ones(new[] { queries, value.size(1) }, ScalarType.Bool).tril());
        var additive = mask is null ? null : torch.zeros(mask.shape, q.dtype).masked_fill_(mask.logical_not(), -1e9).unsqueeze(1);
        var (attended, scores) = KerasNet.Layers.ScaledDotProductAttention.WithWeights(q, k, v, additive, 0.0, causalOnly);
        var merged = attended.transpose(1, 2).reshape(batch * queries, heads * mha.ValueDim);
        var outputs = mha.OutputKernel.Shape[^1];
        var output = mha.OutputBias!.Value.view(outputs).addmm(merged, mha.OutputKernel.Value.view(heads * mha.ValueDim, outputs));
        return (output.view(batch, queries, outputs), scores);
    }

    public static IEnumerable<object?[]> Axes() => new[] { new object?[] { null }, new object?[] { new long[] { 1 } }, new object?[] { new long[] { -2 } } };

    [Theory]
    [MemberData(nameof(Axes))]
    public void RankThreeCallsAreBitIdenticalToThePreAxesComputation(long[]? axes)
    {
        using var scope = torch.NewDisposeScope();
        using var mha = new MultiHeadAttention(2, 4, attentionAxes: axes, biasInitializer: "random_normal");
        var (query, value, key) = (TestData.Randn(1, 2, 5, 8), TestData.Randn(2, 2, 6, 8), TestData.Randn(3, 2, 6, 8));
        var mask = TestData.Rand(4, 2, 5, 6).gt(0.3);
        mha.Apply(query, value, key);
        Assert.Equal(new[] { "query/kernel", "query/bias", "key/kernel", "key/bias", "value/kernel", "value/bias", "attention_output/kernel", "attention_output/bias" },
                     mha.Weights.Select(w => w.Name));
        Assert.Equal(new[] { new long[] { 8, 2, 4 }, new long[] { 2, 4 }, new long[] { 8, 2, 4 }, new long[] { 2, 4 }, new long[] { 8, 2, 4 }, new long[] { 2, 4 }, new long[] { 2, 4, 8 }, new long[] { 8 } },
                     mha.Weights.Select(w => w.Shape));

        foreach (var (masked, causal, self) in new[] { (false, false, false), (true, false, false), (false, true, true), (true, true, true), (true, false, true) })
        {
            var what = $"mask {masked}, causal {causal}, self-attention {self}";
            var m = !masked ? null : self ? mask.narrow(2, 0, 5) : mask;
            var q = query.clone().requires_grad_();
            var (v, k) = self ? (q, q) : (value.clone().requires_grad_(), key.clone().requires_grad_());
            var (output, scores) = mha.ApplyWithScores(q, v, key: self ? null : k, attentionMask: m, useCausalMask: causal);
            var rq = query.clone().requires_grad_();
            var (rv, rk) = self ? (rq, rq) : (value.clone().requires_grad_(), key.clone().requires_grad_());
            var (expected, expectedScores) = Reference(mha, rq, rv, rk, m, causal, self);
            TensorAssert.Equal(expected, output, $"output ({what})");
            TensorAssert.Equal(expectedScores, scores, $"scores ({what})");
            var upstream = TestData.Randn(5, output.shape);
            foreach (var w in mha.Weights) w.Value.grad = null;
            (output * upstream).sum().backward();
            var weightGrads = mha.Weights.Select(w => w.Value.grad!.clone()).ToArray();
            foreach (var w in mha.Weights) w.Value.grad = null;
            (expected * upstream).sum().backward();
            for (var i = 0; i < weightGrads.Length; i++)
                TensorAssert.Equal(mha.Weights[i].Value.grad!, weightGrads[i], $"gradient of {mha.Weights[i].Name} ({what})");
            TensorAssert.Equal(rq.grad!, q.grad!, $"query gradient ({what})");
            if (!self) TensorAssert.Equal(rv.grad!, v.grad!, $"value gradient ({what})");
        }
    }
}
