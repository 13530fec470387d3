using KerasNet.Serialization;

namespace KerasNet.Layers;

/// <summary>
/// Several cells run as one: at each step the first cell takes the step's input, each next cell the previous cell's
/// output, and the last cell's output is the step's output. The states are every cell's states in order (Keras's
/// <c>StackedRNNCells</c>); an <see cref="RNN"/> over it is a stack of recurrent layers that returns the last one's
/// outputs.
/// </summary>
public sealed class StackedRNNCells : RecurrentCell
{
    private readonly RecurrentCell[] cells;

    /// <summary>Creates the stack.</summary>
    /// <param name="cells">The cells, first to last (at least one).</param>
    /// <param name="name">The stack's name.</param>
    /// <param name="trainable">Whether the weights are trained.</param>
    public StackedRNNCells(RecurrentCell[] cells, string? name = null, bool trainable = true) : base(name, trainable)
    {
        ArgumentNullException.ThrowIfNull(cells);
        if (cells.Length == 0)
            throw new ArgumentException("StackedRNNCells: cells must hold at least one cell; received an empty list.", nameof(cells));
        for (var i = 0; i < cells.Length; i++)
        {
            if (cells[i] is null) throw new ArgumentException($"StackedRNNCells: cell {i} is null.", nameof(cells));
            for (var j = 0; j < i; j++)
                if (ReferenceEquals(cells[i], cells[j]))
                    throw new ArgumentException($"StackedRNNCells: cell '{cells[i].Name}' appears twice (positions {j} and {i}); each position needs its own cell.", nameof(cells));
        }
        this.cells = cells.ToArray();
        StateSize = this.cells.SelectMany(c => c.StateSize).ToArray();
    }

    /// <summary>The cells, first to last.</summary>
    public IReadOnlyList<RecurrentCell> Cells => cells;

    /// <inheritdoc/>
    public override IReadOnlyList<long> StateSize { get; }

    /// <inheritdoc/>
    public override long OutputSize => cells[^1].OutputSize;

    /// <inheritdoc/>
    public override IReadOnlyList<TensorShape> StateShapes(TensorShape stepInputShape)
    {
        var shapes = new List<TensorShape>();
        var shape = stepInputShape;
        foreach (var cell in cells)
        {
            shapes.AddRange(cell.StateShapes(shape));
            shape = cell.StepOutputShape(shape);
        }
        return shapes;
    }

    /// <inheritdoc/>
    public override TensorShape StepOutputShape(TensorShape stepInputShape)
    {
        var shape = stepInputShape;
        foreach (var cell in cells) shape = cell.StepOutputShape(shape);
        return shape;
    }

    /// <inheritdoc/>
    public override Tensor[] GetInitialState(Tensor stepInput)
    {
        ArgumentNullException.ThrowIfNull(stepInput);
        var shapes = StateShapes(TensorShape.Of(stepInput.shape));
        return shapes.Select(s => torch.zeros(s.ToArray(stepInput.size(0)), stepInput.dtype, stepInput.device)).ToArray();
    }

    /// <inheritdoc/>
    protected override void Build(TensorShape inputShape)
    {
        var shape = inputShape;
        foreach (var cell in cells)
        {
            cell.BuildFor(shape);
            shape = cell.StepOutputShape(shape);
            WrappedWeights.Prefix(this, cell);
        }
    }

    /// <inheritdoc/>
    public override (Tensor Output, Tensor[] States) Step(Tensor input, IReadOnlyList<Tensor> states, bool training)
    {
        ArgumentNullException.ThrowIfNull(states);
        if (states.Count != StateSize.Count)
            throw new ArgumentException($"StackedRNNCells '{Name}' carries {StateSize.Count} states (its cells' in order); received {states.Count}.", nameof(states));
        var output = input;
        var next = new List<Tensor>(states.Count);
        var offset = 0;
        foreach (var cell in cells)
        {
            var count = cell.StateSize.Count;
            var (o, s) = cell.Step(output, states.Skip(offset).Take(count).ToArray(), training);
            output = o;
            next.AddRange(s);
            offset += count;
        }
        return (output, next.ToArray());
    }

    /// <inheritdoc/>
    protected internal override void ResetSequence()
    {
        base.ResetSequence();
        foreach (var cell in cells) cell.ResetSequence();
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["cells"] = cells.Select(c => (object?)KerasRegistry.Serialize(c)).ToList();
        return config;
    }
}
