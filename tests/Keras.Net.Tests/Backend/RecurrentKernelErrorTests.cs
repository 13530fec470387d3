using KerasNet.Layers;

namespace KerasNet.Tests.BackendTests;

/// <summary>
/// Bad input for the recurrent kernels: the retired binding's F.lstm/F.gru/F.rnn_tanh checked it; now
/// <see cref="RecurrentKernels"/> is called only by the recurrent layers, which check it first (BaseRNN). The
/// exception type and what the message says, for the inputs the binding's tests used.
/// </summary>
public sealed class RecurrentKernelErrorTests
{
    [Fact]
    public void UnbatchedSequenceSaysHowToAddTheMissingAxis()
    {
        using var scope = torch.NewDisposeScope();
        using var lstm = new LSTM(4, name: "lstm");
        var e = Assert.Throws<ArgumentException>(() => lstm.Apply(torch.randn(5, 3)));
        Assert.Equal("LSTM 'lstm' expects input of rank 3 (batch, timesteps, features) with a known feature axis; received shape (5, 3). " +
                     "A single feature per step needs a feature axis (x.unsqueeze(-1)); a single step needs a time axis (x.unsqueeze(1)).", e.Message);
        using var gru = new GRU(4, name: "gru");
        e = Assert.Throws<ArgumentException>(() => gru.Apply(torch.randn(5, 3)));
        Assert.Contains("(batch, timesteps, features)", e.Message);
        Assert.Contains("x.unsqueeze(1)", e.Message);
    }

    [Fact]
    public void DropoutMustBeAProbability()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new SimpleRNN(4, dropout: 1.5));
        Assert.Equal("dropout", e.ParamName);
        Assert.Contains("SimpleRNN: dropout must be in [0, 1); received 1.5", e.Message);
    }

    [Fact]
    public void InitialStatesOfTheWrongShape()
    {
        using var scope = torch.NewDisposeScope();
        using var lstm = new LSTM(4, name: "lstm");
        var x = torch.randn(2, 5, 3);
        var e = Assert.Throws<ArgumentException>(() => lstm.Apply(new[] { x, torch.zeros(2, 5), torch.zeros(2, 4) }));
        Assert.Equal("LSTM 'lstm': initial state 0 (h) must have shape (batch, 4); received shape (None, 5).", e.Message);
        using var gru = new GRU(4, useBias: false, name: "gru");
        gru.Apply(x);
        e = Assert.Throws<ArgumentException>(() => gru.Apply(new[] { x, torch.zeros(3, 4) }));
        Assert.Equal("GRU 'gru': initial state 0 (h) must have shape (2, 4) (batch, units) to match the input; received (3, 4).", e.Message);
    }

    [Fact]
    public void InputSizeNotMatchingTheWeights()
    {
        using var scope = torch.NewDisposeScope();
        using var gru = new GRU(4, name: "gru");
        gru.Apply(torch.randn(2, 5, 3));
        var e = Assert.Throws<ArgumentException>(() => gru.Apply(torch.randn(2, 5, 7)));
        Assert.Equal("GRU 'gru' expects 3 features on the last axis (it was built for them); received shape (2, 5, 7).", e.Message);
    }
}
