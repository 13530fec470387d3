using KerasNet.Layers;
using KerasNet.TestSupport;

namespace KerasNet.Tests.LayersTests;

/// <summary>
/// The RNN layer over cells: against PyTorch's nn.LSTM/GRU/RNN (the keras_recurrent fixtures, weights converted to
/// Keras's layout), against the fused layers with the same weights (masks, goBackwards, initial states), stacks,
/// a user-defined cell, stateful runs and bad input. Tolerances: float32 parity (rtol 1e-5, atol 1e-6).
/// </summary>
public class RNNCellTests : IClassFixture<RNNCellTests.Fixtures>
{
    public sealed class Fixtures : IDisposable
    {
        public Fixture Recurrent { get; } = Fixture.Load("keras_recurrent");
        public void Dispose() => Recurrent.Dispose();
    }

    private const long Hidden = 4;
    private readonly Fixture fx;

    public RNNCellTests(Fixtures fixtures) => fx = fixtures.Recurrent;

    private static Tensor GruOrder(Tensor t)
    {
        var blocks = t.split(Hidden, 0);
        return torch.cat(new[] { blocks[1], blocks[0], blocks[2] }, 0);
    }

    private static void Assign(Layer layer, params Tensor[] values)
    {
        var weights = layer.Weights;
        Assert.Equal(values.Length, weights.Count);
        for (var i = 0; i < values.Length; i++) weights[i].Assign(values[i]);
    }

    [Theory]
    [InlineData("lstm")]
    [InlineData("lstm_zero_state")]
    [InlineData("gru")]
    [InlineData("rnn_tanh")]
    public void RnnOverACellMatchesTorchOutputsStatesAndGradients(string @case)
    {
        using var scope = torch.NewDisposeScope();
        var kind = @case.Split('_')[0];
        RecurrentCell cell = kind switch { "lstm" => new LSTMCell(Hidden), "gru" => new GRUCell(Hidden), _ => new SimpleRNNCell(Hidden) };
        using var layer = new RNN(cell, returnSequences: true, returnState: true);
        var x = fx[$"{@case}.x"].clone().requires_grad_();
        layer.BuildFor(TensorShape.WithBatch(x.size(1), x.size(2)));
        Tensor W(string n) => fx[$"{@case}.p.{n}_l0"];
        if (kind == "gru")
            Assign(layer, GruOrder(W("weight_ih")).t(), GruOrder(W("weight_hh")).t(), torch.stack(new[] { GruOrder(W("bias_ih")), GruOrder(W("bias_hh")) }));
        else Assign(layer, W("weight_ih").t(), W("weight_hh").t(), W("bias_ih") + W("bias_hh"));

        var lstm = kind == "lstm";
        var inputs = new List<Tensor> { x };
        if (fx.Has($"{@case}.h0"))
        {
            inputs.Add(fx[$"{@case}.h0"][0].clone().requires_grad_());
            if (lstm) inputs.Add(fx[$"{@case}.c0"][0].clone().requires_grad_());
        }
        var outputs = layer.Apply(inputs);
        Assert.Equal(lstm ? 3 : 2, outputs.Count);
        TestData.Close(fx[$"{@case}.out"], outputs[0], $"{@case}: output sequence");
        TestData.Close(fx[$"{@case}.h_n"][0], outputs[1], $"{@case}: final h");
        if (lstm) TestData.Close(fx[$"{@case}.c_n"][0], outputs[2], $"{@case}: final c");

        var loss = (outputs[0] * fx[$"{@case}.up_out"]).sum() + (outputs[1] * fx[$"{@case}.up_h"][0]).sum();
        if (lstm) loss = loss + (outputs[2] * fx[$"{@case}.up_c"][0]).sum();
        loss.backward();
        TestData.Close(fx[$"{@case}.grad_x"], x.grad!, $"{@case}: input gradient");
        if (inputs.Count > 1) TestData.Close(fx[$"{@case}.grad_h0"][0], inputs[1].grad!, $"{@case}: initial h gradient");
        Tensor G(string n) => fx[$"{@case}.grad.{n}_l0"];
        var kernelGrad = kind == "gru" ? GruOrder(G("weight_ih")).t() : G("weight_ih").t();
        TestData.Close(kernelGrad, layer.Weights[0].Value.grad!, $"{@case}: kernel gradient");
        var recurrentGrad = kind == "gru" ? GruOrder(G("weight_hh")).t() : G("weight_hh").t();
        TestData.Close(recurrentGrad, layer.Weights[1].Value.grad!, $"{@case}: recurrent kernel gradient");
    }

    public static IEnumerable<object[]> LayerPairs() => new[]
    {
        new object[] { "lstm" }, new object[] { "gru" }, new object[] { "gru_reset_before" }, new object[] { "simple_rnn" },
    };

    private static (Layer Layer, RNN OverCell) Pair(string kind, bool goBackwards) => kind switch
    {
        "lstm" => (new LSTM(Hidden, returnSequences: true, returnState: true, goBackwards: goBackwards),
                   new RNN(new LSTMCell(Hidden), returnSequences: true, returnState: true, goBackwards: goBackwards)),
        "gru" => (new GRU(Hidden, returnSequences: true, returnState: true, goBackwards: goBackwards),
                  new RNN(new GRUCell(Hidden), returnSequences: true, returnState: true, goBackwards: goBackwards)),
        "gru_reset_before" => (new GRU(Hidden, resetAfter: false, returnSequences: true, returnState: true, goBackwards: goBackwards),
                               new RNN(new GRUCell(Hidden, resetAfter: false), returnSequences: true, returnState: true, goBackwards: goBackwards)),
        _ => (new SimpleRNN(Hidden, returnSequences: true, returnState: true, goBackwards: goBackwards),
              new RNN(new SimpleRNNCell(Hidden), returnSequences: true, returnState: true, goBackwards: goBackwards)),
    };

    [Theory]
    [MemberData(nameof(LayerPairs))]
    public void RnnOverACellEqualsTheLayerWithTheSameWeightsWithMasksAndBackwards(string kind)
    {
        using var scope = torch.NewDisposeScope();
        var x = TestData.Randn(3, 3, 6, 5);
        // Not right padding: the fused layers take their step loop, which Keras's masked semantics define.
        var mask = torch.tensor(new[] { true, false, true, true, false, true, true, true, true, true, true, true, false, false, true, true, false, false }, new long[] { 3, 6 });
        foreach (var goBackwards in new[] { false, true })
            foreach (var masked in new[] { false, true })
            {
                var (reference, overCell) = Pair(kind, goBackwards);
                using (reference)
                using (overCell)
                {
                    var expected = reference.Apply(new[] { x }, masked ? mask : null);
                    overCell.BuildFor(TensorShape.WithBatch(6, 5));
                    Assert.Equal(reference.CountParams(), overCell.CountParams());
                    WeightTools.Copy(reference, overCell);
                    var actual = overCell.Apply(new[] { x }, masked ? mask : null);
                    Assert.Equal(expected.Count, actual.Count);
                    for (var i = 0; i < expected.Count; i++)
                        TestData.Close(expected[i], actual[i], $"{kind} goBackwards={goBackwards} masked={masked}: output {i}");
                }
            }
    }

    [Fact]
    public void StackedCellsEqualTwoLayersInSequence()
    {
        using var scope = torch.NewDisposeScope();
        var x = TestData.Randn(5, 2, 4, 3);
        using var first = new LSTM(4, returnSequences: true);
        using var second = new GRU(2, returnSequences: true, returnState: true);
        var expected = second.Apply(new[] { first.Apply(x) });
        using var stacked = new RNN(new StackedRNNCells(new RecurrentCell[] { new LSTMCell(4), new GRUCell(2) }), returnSequences: true, returnState: true);
        stacked.BuildFor(TensorShape.WithBatch(4, 3));
        Assign(stacked, first.Weights.Concat(second.Weights).Select(w => w.Value).ToArray());
        var actual = stacked.Apply(new[] { x });
        Assert.Equal(4, actual.Count); // output, then the LSTM's h and c, then the GRU's h
        TestData.Close(expected[0], actual[0], "stacked: output sequence");
        TestData.Close(expected[1], actual[3], "stacked: the last cell's final state");
        TestData.Close(first.Apply(x).select(1, -1), actual[1], "stacked: the first cell's final h");
    }

    /// <summary>A user-defined cell: the state is the running sum of the inputs' features, the output that sum doubled.</summary>
    private sealed class RunningSumCell : RecurrentCell
    {
        public override IReadOnlyList<long> StateSize => new long[] { 1 };

        public override (Tensor Output, Tensor[] States) Step(Tensor input, IReadOnlyList<Tensor> states, bool training)
        {
            var sum = states[0] + input.sum(dim: 1, keepdim: true);
            return (sum * 2.0, new[] { sum });
        }
    }

    [Fact]
    public void AUserDefinedCellRunsOverTheSequenceWithStateAndMask()
    {
        using var scope = torch.NewDisposeScope();
        var x = TestData.Randn(9, 2, 4, 3);
        using var layer = new RNN(new RunningSumCell(), returnSequences: true, returnState: true);
        var outputs = layer.Apply(new[] { x });
        var running = x.sum(dim: 2).cumsum(1).unsqueeze(-1);
        TestData.Close(running * 2.0, outputs[0], "user cell: outputs");
        TestData.Close(running.select(1, -1), outputs[1], "user cell: final state");
        Assert.Equal(TensorShape.WithBatch(4, 1), layer.ComputeOutputShape(TensorShape.WithBatch(4, 3)));

        var mask = torch.tensor(new[] { true, false, true, true, true, true, false, true }, new long[] { 2, 4 });
        var masked = layer.Apply(new[] { x }, mask);
        var kept = (x.sum(dim: 2) * mask.to(ScalarType.Float32)).cumsum(1).unsqueeze(-1);
        TestData.Close(kept.select(1, -1), masked[1], "user cell: masked steps leave the state");
    }

    [Fact]
    public void StatefulRnnCarriesTheStatesToTheNextCallUntilReset()
    {
        using var scope = torch.NewDisposeScope();
        var x = TestData.Randn(2, 2, 6, 3);
        using var whole = new RNN(new LSTMCell(4), returnState: true);
        using var stateful = new RNN(new LSTMCell(4), stateful: true);
        var expected = whole.Apply(new[] { x });
        stateful.BuildFor(TensorShape.WithBatch(3, 3));
        WeightTools.Copy(whole, stateful);
        stateful.Apply(x.narrow(1, 0, 3));
        var second = stateful.Apply(x.narrow(1, 3, 3));
        TestData.Close(expected[0], second, "stateful: the second half continues the first");
        Assert.Equal(2, stateful.States!.Count);
        stateful.ResetStates();
        Assert.Null(stateful.States);
        Assert.Throws<ArgumentException>(() => { stateful.Apply(x); stateful.Apply(x.narrow(0, 0, 1)); });
    }

    [Fact]
    public void CellDropoutIsOneMaskPerSequenceAndOffAtInference()
    {
        using var scope = torch.NewDisposeScope();
        var x = TestData.Randn(4, 2, 5, 3);
        using var layer = new RNN(new SimpleRNNCell(4, dropout: 0.5, seed: 3), returnSequences: true);
        using var plain = new RNN(new SimpleRNNCell(4));
        var inference = layer.Apply(x);
        plain.BuildFor(TensorShape.WithBatch(5, 3));
        WeightTools.Copy(layer, plain);
        TestData.Close(plain.Apply(x), inference.select(1, -1), "dropout is off at inference");
        var trained = layer.Apply(x, training: true);
        Assert.False(torch.allclose(trained, inference), "dropout changes the training output");
    }

    [Fact]
    public void BadArgumentsAndInputsRaiseClearErrors()
    {
        using var scope = torch.NewDisposeScope();
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new LSTMCell(0));
        Assert.Contains("units must be a positive integer; received 0", e.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new GRUCell(3, recurrentDropout: 1.0));
        Assert.Throws<ArgumentNullException>(() => new RNN(null!));
        var empty = Assert.Throws<ArgumentException>(() => new StackedRNNCells(Array.Empty<RecurrentCell>()));
        Assert.Contains("at least one cell", empty.Message);
        var cell = new LSTMCell(2);
        Assert.Throws<ArgumentException>(() => new StackedRNNCells(new RecurrentCell[] { cell, cell }));

        using var rnn = new RNN(new LSTMCell(3));
        var rank = Assert.Throws<ArgumentException>(() => rnn.Apply(torch.zeros(2, 5)));
        Assert.Contains("rank 3 (batch, timesteps, features)", rank.Message);
        var count = Assert.Throws<ArgumentException>(() => rnn.Apply(new[] { torch.zeros(2, 5, 3), torch.zeros(2, 3) }));
        Assert.Contains("2 initial state(s)", count.Message);
        var stateShape = Assert.Throws<ArgumentException>(() => rnn.Apply(new[] { torch.zeros(2, 5, 3), torch.zeros(2, 4), torch.zeros(2, 3) }));
        Assert.Contains("initial state 0", stateShape.Message);
        rnn.Apply(torch.zeros(2, 5, 3));
        var features = Assert.Throws<ArgumentException>(() => rnn.Apply(torch.zeros(2, 5, 4)));
        Assert.Contains("3 features", features.Message);

        using var alone = new GRUCell(3);
        var sequence = Assert.Throws<ArgumentException>(() => alone.Apply(torch.zeros(2, 5, 4)));
        Assert.Contains("new RNN(cell)", sequence.Message);
    }
}
