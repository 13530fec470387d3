using F = KerasNet.Torch.torch.nn.functional;

namespace KerasNet.Torch.Tests.Recurrent;

/// <summary>Bad input to the recurrent functions: the exception type and what the message says.</summary>
public sealed class RecurrentErrorTests
{
    // One LSTM layer, input size 3, hidden size 4, with biases.
    private static Tensor[] LstmWeights() => [torch.randn(16, 3), torch.randn(16, 4), torch.randn(16), torch.randn(16)];

    [Fact]
    public void UnbatchedSequenceSaysHowToAddTheBatchAxis()
    {
        using var scope = torch.NewDisposeScope();
        var e = Assert.Throws<TorchShapeException>(() => F.lstm(torch.randn(5, 3), null, LstmWeights()));
        Assert.Equal("lstm: expected input of rank 3 (seq_len, batch, input_size); received shape [5, 3]. For a single sequence add a batch axis: input.unsqueeze(1).", e.Message);
        e = Assert.Throws<TorchShapeException>(() => F.gru(torch.randn(5, 3), null, LstmWeights(), batch_first: true));
        Assert.Contains("(batch, seq_len, input_size)", e.Message);
        Assert.Contains("input.unsqueeze(0)", e.Message);
    }

    [Fact]
    public void WrongNumberOfWeights()
    {
        using var scope = torch.NewDisposeScope();
        var e = Assert.Throws<ArgumentException>(() => F.lstm(torch.randn(5, 2, 3), null, LstmWeights(), num_layers: 2));
        Assert.Equal("params", e.ParamName);
        Assert.Contains("lstm: expected 8 weight tensors (10 with projections, adding w_hr) for num_layers=2, bidirectional=False, has_biases=True", e.Message);
        Assert.Contains("received 4", e.Message);
    }

    [Fact]
    public void DropoutMustBeAProbability()
    {
        using var scope = torch.NewDisposeScope();
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => F.rnn_tanh(torch.randn(5, 2, 3), null, [torch.randn(4, 3), torch.randn(4, 4)], has_biases: false, dropout: 1.5));
        Assert.Contains("rnn_tanh: dropout must be a probability between 0 and 1; received 1.5", e.Message);
    }

    [Fact]
    public void InitialStatesOfTheWrongShape()
    {
        using var scope = torch.NewDisposeScope();
        var e = Assert.Throws<TorchShapeException>(() => F.lstm(torch.randn(5, 2, 3), (torch.zeros(1, 2, 5), torch.zeros(1, 2, 4)), LstmWeights()));
        Assert.Equal("lstm: h0 must have shape [1, 2, 4] (num_layers * num_directions, batch, hidden size) to match the input and weights; received [1, 2, 5].", e.Message);
        e = Assert.Throws<TorchShapeException>(() => F.gru(torch.randn(5, 2, 3), torch.zeros(2, 2, 4), [torch.randn(12, 3), torch.randn(12, 4)], has_biases: false));
        Assert.Equal("gru: hx must have shape [1, 2, 4] (num_layers * num_directions, batch, hidden size) to match the input and weights; received [2, 2, 4].", e.Message);
    }

    [Fact]
    public void InputSizeNotMatchingTheWeights()
    {
        using var scope = torch.NewDisposeScope();
        var e = Assert.Throws<TorchShapeException>(() => F.gru(torch.randn(5, 2, 7), null, [torch.randn(12, 3), torch.randn(12, 4), torch.randn(12), torch.randn(12)]));
        Assert.StartsWith("gru: ", e.Message);
    }

    [Fact]
    public void CellNeedsABatchAxis()
    {
        using var scope = torch.NewDisposeScope();
        var e = Assert.Throws<TorchShapeException>(() => F.gru_cell(torch.randn(3), null, torch.randn(12, 3), torch.randn(12, 4)));
        Assert.Equal("gru_cell: expected input of rank 2 (batch, input_size); received shape [3]. For a single example add a batch axis: input.unsqueeze(0).", e.Message);
    }

    [Fact]
    public void NumLayersMustBePositive()
    {
        using var scope = torch.NewDisposeScope();
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => F.lstm(torch.randn(5, 2, 3), null, LstmWeights(), num_layers: 0));
        Assert.Equal("num_layers", e.ParamName);
    }
}
