using KerasNet.Activations;
using KerasNet.Layers;
using KerasNet.TestSupport;

namespace KerasNet.Tests.LayersTests;

/// <summary>
/// LSTM, GRU, SimpleRNN and Bidirectional against nn.LSTM, nn.GRU and nn.RNN with the same weights
/// (tests/fixtures/cases/keras_recurrent.py): outputs, final states and the gradients of the input, the initial
/// states and every weight. Each case runs twice: on the fused kernel (default activations) and on the step loop
/// (the same activations given as custom functions, which the fused kernels cannot run). Masked cases compare a
/// padded batch with PyTorch run on each sequence's unpadded prefix. Tolerances: the float32 parity ones
/// (rtol 1e-5, atol 1e-6).
/// </summary>
public class RecurrentParityTests : IClassFixture<RecurrentParityTests.Fixtures>
{
    public sealed class Fixtures : IDisposable
    {
        public Fixture Recurrent { get; } = Fixture.Load("keras_recurrent");
        public void Dispose() => Recurrent.Dispose();
    }

    private const long Hidden = 4;
    private readonly Fixture fx;

    public RecurrentParityTests(Fixtures fixtures) => fx = fixtures.Recurrent;

    private static ActivationFunction Tanh(bool fused) => fused ? "tanh" : ActivationFunction.Custom("tanh_loop", x => x.tanh());
    private static ActivationFunction Relu(bool fused) => fused ? "relu" : ActivationFunction.Custom("relu_loop", x => x.relu());
    private static ActivationFunction Sigmoid(bool fused) => fused ? "sigmoid" : ActivationFunction.Custom("sigmoid_loop", x => x.sigmoid());

    private static BaseRNN Create(string kind, bool fused, bool goBackwards = false) => kind switch
    {
        "lstm" => new LSTM(Hidden, Tanh(fused), Sigmoid(fused), returnSequences: true, returnState: true, goBackwards: goBackwards),
        "gru" => new GRU(Hidden, Tanh(fused), Sigmoid(fused), returnSequences: true, returnState: true, goBackwards: goBackwards),
        "rnn_tanh" => new SimpleRNN(Hidden, Tanh(fused), returnSequences: true, returnState: true, goBackwards: goBackwards),
        "rnn_relu" => new SimpleRNN(Hidden, Relu(fused), returnSequences: true, returnState: true, goBackwards: goBackwards),
        _ => throw new ArgumentException(kind),
    };

    /// <summary>PyTorch's GRU blocks r|z|n (along dim 0) in Keras's order z|r|h.</summary>
    private static Tensor GruOrder(Tensor t)
    {
        var blocks = t.split(Hidden, 0);
        return torch.cat(new[] { blocks[1], blocks[0], blocks[2] }, 0);
    }

    private (Tensor Kernel, Tensor Recurrent, Tensor Bias) KerasWeights(string @case, string suffix, bool gru, string prefix = "p.")
    {
        var wih = fx[$"{@case}.{prefix}weight_ih_l0{suffix}"];
        var whh = fx[$"{@case}.{prefix}weight_hh_l0{suffix}"];
        var bih = fx[$"{@case}.{prefix}bias_ih_l0{suffix}"];
        var bhh = fx[$"{@case}.{prefix}bias_hh_l0{suffix}"];
        if (gru) return (GruOrder(wih).t(), GruOrder(whh).t(), torch.stack(new[] { GruOrder(bih), GruOrder(bhh) }));
        // Keras has one bias where PyTorch has two: their sum (and the gradient of either).
        return (wih.t(), whh.t(), prefix == "p." ? bih + bhh : bih);
    }

    private void Load(BaseRNN layer, string @case, string suffix)
    {
        var (kernel, recurrent, bias) = KerasWeights(@case, suffix, layer is GRU);
        using var noGrad = torch.no_grad();
        layer.Kernel.Value.copy_(kernel);
        layer.RecurrentKernel.Value.copy_(recurrent);
        layer.Bias!.Value.copy_(bias);
    }

    private void CheckWeightGradients(BaseRNN layer, string @case, string suffix, string what)
    {
        var (kernel, recurrent, bias) = KerasWeights(@case, suffix, layer is GRU, prefix: "grad.");
        TestData.Close(kernel, layer.Kernel.Value.grad!, $"{what}: kernel gradient");
        TestData.Close(recurrent, layer.RecurrentKernel.Value.grad!, $"{what}: recurrent kernel gradient");
        TestData.Close(bias, layer.Bias!.Value.grad!, $"{what}: bias gradient");
    }

    private static TensorShape InputShape(Tensor x) => TensorShape.WithBatch(x.size(1), x.size(2));

    [Theory]
    [InlineData("lstm", "lstm", true)]
    [InlineData("lstm", "lstm", false)]
    [InlineData("lstm_zero_state", "lstm", true)]
    [InlineData("lstm_zero_state", "lstm", false)]
    [InlineData("gru", "gru", true)]
    [InlineData("gru", "gru", false)]
    [InlineData("rnn_tanh", "rnn_tanh", true)]
    [InlineData("rnn_tanh", "rnn_tanh", false)]
    [InlineData("rnn_relu", "rnn_relu", true)]
    [InlineData("rnn_relu", "rnn_relu", false)]
    public void OutputsStatesAndGradientsMatchTorch(string @case, string kind, bool fused)
    {
        using var scope = torch.NewDisposeScope();
        var what = $"{@case} ({(fused ? "fused kernel" : "step loop")})";
        using var layer = Create(kind, fused);
        var x = fx[$"{@case}.x"].clone().requires_grad_();
        layer.BuildFor(InputShape(x));
        Load(layer, @case, "");
        var lstm = kind == "lstm";
        var withState = fx.Has($"{@case}.h0");
        var inputs = new List<Tensor> { x };
        if (withState)
        {
            inputs.Add(fx[$"{@case}.h0"][0].clone().requires_grad_());
            if (lstm) inputs.Add(fx[$"{@case}.c0"][0].clone().requires_grad_());
        }

        var outputs = layer.Apply(inputs);
        Assert.Equal(lstm ? 3 : 2, outputs.Count);
        TestData.Close(fx[$"{@case}.out"], outputs[0], $"{what}: output sequence");
        TestData.Close(fx[$"{@case}.h_n"][0], outputs[1], $"{what}: final h");
        if (lstm) TestData.Close(fx[$"{@case}.c_n"][0], outputs[2], $"{what}: final c");

        var loss = (outputs[0] * fx[$"{@case}.up_out"]).sum() + (outputs[1] * fx[$"{@case}.up_h"][0]).sum();
        if (lstm) loss = loss + (outputs[2] * fx[$"{@case}.up_c"][0]).sum();
        loss.backward();
        TestData.Close(fx[$"{@case}.grad_x"], x.grad!, $"{what}: input gradient");
        if (withState)
        {
            TestData.Close(fx[$"{@case}.grad_h0"][0], inputs[1].grad!, $"{what}: initial h gradient");
            if (lstm) TestData.Close(fx[$"{@case}.grad_c0"][0], inputs[2].grad!, $"{what}: initial c gradient");
        }
        CheckWeightGradients(layer, @case, "", what);
    }

    [Theory]
    [InlineData("lstm_bidirectional", "lstm", true)]
    [InlineData("lstm_bidirectional", "lstm", false)]
    [InlineData("gru_bidirectional", "gru", true)]
    public void BidirectionalMatchesTorchBidirectional(string @case, string kind, bool fused)
    {
        using var scope = torch.NewDisposeScope();
        var what = $"{@case} ({(fused ? "fused kernel" : "step loop")})";
        // Custom activations do not round-trip through a config, so the step-loop backward layer is given explicitly.
        using var layer = new Bidirectional(Create(kind, fused), backwardLayer: fused ? null : Create(kind, fused, goBackwards: true));
        var x = fx[$"{@case}.x"].clone().requires_grad_();
        layer.BuildFor(InputShape(x));
        Load(layer.ForwardLayer, @case, "");
        Load(layer.BackwardLayer, @case, "_reverse");
        var lstm = kind == "lstm";
        var inputs = new List<Tensor> { x };
        if (fx.Has($"{@case}.h0"))
        {
            var h0 = fx[$"{@case}.h0"];
            var c0 = fx[$"{@case}.c0"];
            inputs.AddRange(new[] { h0[0], c0[0], h0[1], c0[1] });
        }

        var outputs = layer.Apply(inputs);
        var states = lstm ? 2 : 1;
        Assert.Equal(1 + 2 * states, outputs.Count);
        TestData.Close(fx[$"{@case}.out"], outputs[0], $"{what}: concatenated output");
        TestData.Close(fx[$"{@case}.h_n"][0], outputs[1], $"{what}: forward final h");
        TestData.Close(fx[$"{@case}.h_n"][1], outputs[1 + states], $"{what}: backward final h");
        if (lstm) TestData.Close(fx[$"{@case}.c_n"][1], outputs[4], $"{what}: backward final c");

        var loss = (outputs[0] * fx[$"{@case}.up_out"]).sum()
                   + (outputs[1] * fx[$"{@case}.up_h"][0]).sum() + (outputs[1 + states] * fx[$"{@case}.up_h"][1]).sum();
        if (lstm) loss = loss + (outputs[2] * fx[$"{@case}.up_c"][0]).sum() + (outputs[4] * fx[$"{@case}.up_c"][1]).sum();
        loss.backward();
        TestData.Close(fx[$"{@case}.grad_x"], x.grad!, $"{what}: input gradient");
        CheckWeightGradients(layer.ForwardLayer, @case, "", $"{what} forward");
        CheckWeightGradients(layer.BackwardLayer, @case, "_reverse", $"{what} backward");
    }

    [Theory]
    [InlineData("sum")]
    [InlineData("mul")]
    [InlineData("ave")]
    [InlineData(null)]
    public void BidirectionalMergeModesCombineTheTwoDirections(string? mode)
    {
        using var scope = torch.NewDisposeScope();
        const string @case = "gru_bidirectional";
        using var layer = new Bidirectional(new GRU(Hidden, returnSequences: true), mergeMode: mode);
        var x = fx[$"{@case}.x"];
        layer.BuildFor(InputShape(x));
        Load(layer.ForwardLayer, @case, "");
        Load(layer.BackwardLayer, @case, "_reverse");
        var reference = fx[$"{@case}.out"].split(Hidden, -1);
        var outputs = layer.Apply(new[] { x });
        switch (mode)
        {
            case "sum": TestData.Close(reference[0] + reference[1], outputs[0], "sum"); break;
            case "mul": TestData.Close(reference[0] * reference[1], outputs[0], "mul"); break;
            case "ave": TestData.Close((reference[0] + reference[1]) / 2.0, outputs[0], "ave"); break;
            default:
                Assert.Equal(2, outputs.Count);
                TestData.Close(reference[0], outputs[0], "none: forward");
                TestData.Close(reference[1], outputs[1], "none: backward");
                break;
        }
    }

    [Theory]
    [InlineData("lstm_masked", "lstm")]
    [InlineData("gru_masked", "gru")]
    [InlineData("rnn_tanh_masked", "rnn_tanh")]
    public void MaskedPaddedBatchMatchesTorchOnEachUnpaddedPrefix(string @case, string kind)
    {
        using var scope = torch.NewDisposeScope();
        using var layer = Create(kind, fused: true);
        var x = fx[$"{@case}.x"].clone().requires_grad_();
        layer.BuildFor(InputShape(x));
        Load(layer, @case, "");
        var lengths = fx[$"{@case}.lengths"];
        var mask = torch.arange(0, x.size(1), 1, ScalarType.Int64).unsqueeze(0).lt(lengths.unsqueeze(1));
        var lstm = kind == "lstm";

        var outputs = layer.Apply(new[] { x }, mask);
        // Masked steps repeat the previous output (Keras); PyTorch's prefix runs have nothing there.
        var valid = torch.where(mask.unsqueeze(-1), outputs[0], 0.0);
        TestData.Close(fx[$"{@case}.out"], valid, $"{@case}: outputs at real steps");
        TestData.Close(fx[$"{@case}.h_n"], outputs[1], $"{@case}: h after each sequence's last real step");
        if (lstm) TestData.Close(fx[$"{@case}.c_n"], outputs[2], $"{@case}: c after each sequence's last real step");

        var loss = (outputs[0] * fx[$"{@case}.up_out"]).sum() + (outputs[1] * fx[$"{@case}.up_h"]).sum();
        if (lstm) loss = loss + (outputs[2] * fx[$"{@case}.up_c"]).sum();
        loss.backward();
        TestData.Close(fx[$"{@case}.grad_x"], x.grad!, $"{@case}: input gradient (zero at padded steps)");
        CheckWeightGradients(layer, @case, "", @case);
    }

    /// <summary>
    /// A right-padded mask runs on the fused kernel (gathering each sequence's last real step) unless an LSTM must
    /// return c; a mask with holes runs the step loop. Both must agree with the step loop, which the test above
    /// checks against PyTorch: same outputs, states and gradients, forwards and backwards, in both output modes.
    /// </summary>
    [Theory]
    [InlineData("lstm", false, false, false)]
    [InlineData("lstm", true, false, true)]
    [InlineData("gru", false, false, false)]
    [InlineData("gru", true, true, false)]
    [InlineData("rnn_tanh", true, false, true)]
    [InlineData("rnn_relu", false, true, true)]
    public void RightPaddedBatchOnTheFusedKernelMatchesTheStepLoop(string kind, bool goBackwards, bool zeroOutputForMask, bool holes)
    {
        using var scope = torch.NewDisposeScope();
        BaseRNN Make(bool fused)
        {
            ActivationFunction activation = kind == "rnn_relu" ? Relu(fused) : Tanh(fused);
            BaseRNN layer = kind switch
            {
                "lstm" => new LSTM(Hidden, activation, Sigmoid(fused), returnSequences: true, goBackwards: goBackwards),
                "gru" => new GRU(Hidden, activation, Sigmoid(fused), returnSequences: true, returnState: true, goBackwards: goBackwards),
                _ => new SimpleRNN(Hidden, activation, returnSequences: true, returnState: true, goBackwards: goBackwards),
            };
            layer.ZeroOutputForMask = zeroOutputForMask;
            return layer;
        }
        using var fused = Make(true);
        using var loop = Make(false);
        var x = TestData.Randn(31, 3, 6, 3);
        fused.BuildFor(InputShape(x));
        loop.BuildFor(InputShape(x));
        WeightTools.Copy(fused, loop);
        // Lengths 6, 2 and 4; with holes, sample 0 also misses step 1 (not right padding: the step loop runs).
        var mask = TestData.Longs(1, holes ? 0 : 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 1, 1, 0, 0).reshape(3, 6).ne(0);
        var upstream = TestData.Randn(32, 3, 6, Hidden);

        (IReadOnlyList<Tensor> Outputs, Tensor GradX, Tensor[] Grads) Run(BaseRNN layer)
        {
            var input = x.clone().requires_grad_();
            var outputs = layer.Apply(new[] { input }, mask);
            var loss = (outputs[0] * upstream).sum();
            foreach (var state in outputs.Skip(1)) loss = loss + state.sum() * 0.5;
            loss.backward();
            return (outputs, input.grad!, layer.Weights.Select(w => w.Value.grad!).ToArray());
        }
        var (expected, expectedGradX, expectedGrads) = Run(loop);
        var (actual, actualGradX, actualGrads) = Run(fused);
        Assert.Equal(expected.Count, actual.Count);
        for (var i = 0; i < expected.Count; i++) TestData.Close(expected[i], actual[i], $"{kind} output {i}");
        TestData.Close(expectedGradX, actualGradX, $"{kind} input gradient");
        for (var i = 0; i < expectedGrads.Length; i++) TestData.Close(expectedGrads[i], actualGrads[i], $"{kind} gradient of weight {i}");
    }
}
