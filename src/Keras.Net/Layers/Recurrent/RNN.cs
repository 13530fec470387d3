using KerasNet.Serialization;

namespace KerasNet.Layers;

/// <summary>
/// Runs a <see cref="RecurrentCell"/> over the time axis of (batch, timesteps, features...) inputs, as Keras's
/// <c>RNN</c>: <c>new RNN(new LSTMCell(32))</c>, a stack (<see cref="StackedRNNCells"/>) or a cell of your own.
/// Initial states may follow the sequence as extra inputs (the cell's states in order); a mask over the time steps
/// (from <see cref="Masking"/> or an <see cref="Embedding"/> with <c>maskZero</c>) makes masked steps keep the
/// previous states and output.
/// </summary>
/// <remarks>
/// The layer calls the cell once per step. <see cref="LSTM"/>, <see cref="GRU"/> and <see cref="SimpleRNN"/> compute
/// the same functions as an RNN over <see cref="LSTMCell"/>, <see cref="GRUCell"/> and <see cref="SimpleRNNCell"/> with
/// the same weights, and run on libtorch's fused kernels: prefer them where no custom cell is needed.
/// <see cref="Bidirectional"/> wraps those layers, not this one.
/// </remarks>
public class RNN : Layer
{
    private readonly RecurrentCell cell;
    private Tensor[]? heldStates;

    /// <summary>Creates the layer.</summary>
    /// <param name="cell">The cell run at each step.</param>
    /// <param name="returnSequences">Return the output of every step (batch, timesteps, ...) instead of the last.</param>
    /// <param name="returnState">Also return the final states, after the output.</param>
    /// <param name="goBackwards">Process the sequence from its last step to its first (the returned sequence is in that order too, as Keras).</param>
    /// <param name="stateful">Keep the final states of a batch as the initial states of the next (see <see cref="ResetStates"/>).</param>
    /// <param name="unroll">Kept for Keras compatibility: the steps always run as a loop of eager calls, which is what unrolling gives.</param>
    /// <param name="zeroOutputForMask">With returnSequences, masked steps output zeros instead of the previous output.</param>
    /// <param name="name">The layer's name.</param>
    /// <param name="trainable">Whether the weights are trained.</param>
    public RNN(RecurrentCell cell, bool returnSequences = false, bool returnState = false, bool goBackwards = false, bool stateful = false,
               bool unroll = false, bool zeroOutputForMask = false, string? name = null, bool trainable = true)
        : base(name, trainable)
    {
        ArgumentNullException.ThrowIfNull(cell, nameof(cell));
        this.cell = cell;
        (ReturnSequences, ReturnState, GoBackwards, Stateful, Unroll, ZeroOutputForMask) =
            (returnSequences, returnState, goBackwards, stateful, unroll, zeroOutputForMask);
    }

    /// <summary>The cell run at each step.</summary>
    public RecurrentCell Cell => cell;
    /// <summary>Return the output of every step instead of the last.</summary>
    public bool ReturnSequences { get; }
    /// <summary>Also return the final states, after the output.</summary>
    public bool ReturnState { get; }
    /// <summary>Process the sequence backwards.</summary>
    public bool GoBackwards { get; }
    /// <summary>Carry the final states to the next batch.</summary>
    public bool Stateful { get; }
    /// <summary>Kept for Keras compatibility (no effect).</summary>
    public bool Unroll { get; }
    /// <summary>With returnSequences, masked steps output zeros.</summary>
    public bool ZeroOutputForMask { get; }

    /// <summary>The states a stateful layer carries to its next call (null before the first call or after <see cref="ResetStates"/>).</summary>
    public IReadOnlyList<Tensor>? States => heldStates;

    /// <summary>Sets the carried states of a stateful layer back to zeros.</summary>
    public void ResetStates()
    {
        if (heldStates is not null) foreach (var s in heldStates) s.Dispose();
        heldStates = null;
    }

    private int StateCount => cell.StateSize.Count;

    /// <inheritdoc/>
    protected override void ValidateInput(TensorShape inputShape, int inputCount)
    {
        // Initial states arrive as extra inputs; Build and Call check them by position against the cell's state shapes.
        if (inputCount > 1 && inputShape.Rank != 3) return;
        if (inputShape.Rank < 3 || inputShape[-1] is null)
            throw ShapeError("input of rank 3 (batch, timesteps, features) with a known feature axis", inputShape,
                inputShape.Rank == 2 ? "A single feature per step needs a feature axis (x.unsqueeze(-1)); a single step needs a time axis (x.unsqueeze(1))." : null);
    }

    private static TensorShape StepShape(TensorShape sequence) => new(sequence.Dims.Take(1).Concat(sequence.Dims.Skip(2)).ToArray());

    private void CheckInputCount(int count)
    {
        if (count != 1 && count != 1 + StateCount)
            throw new ArgumentException(
                $"{GetType().Name} '{Name}' takes the sequence, optionally followed by the cell's {StateCount} initial state(s); received {count} inputs.");
    }

    /// <inheritdoc/>
    protected override void Build(IReadOnlyList<TensorShape> inputShapes)
    {
        CheckInputCount(inputShapes.Count);
        ValidateInput(inputShapes[0], 1);
        var step = StepShape(inputShapes[0]);
        var expected = cell.StateShapes(step);
        for (var i = 1; i < inputShapes.Count; i++)
            if (!Compatible(expected[i - 1], inputShapes[i]))
                throw new ArgumentException($"{GetType().Name} '{Name}': initial state {i - 1} must have shape {expected[i - 1]}; received shape {inputShapes[i]}.");
        cell.BuildFor(step);
        WrappedWeights.Prefix(this, cell);
    }

    private static bool Compatible(TensorShape expected, TensorShape received) =>
        expected.Rank == received.Rank && expected.Dims.Zip(received.Dims).All(p => p.First is null || p.Second is null || p.First == p.Second);

    /// <inheritdoc/>
    protected override IReadOnlyList<Tensor> Call(IReadOnlyList<Tensor> inputs, CallContext context)
    {
        CheckInputCount(inputs.Count);
        var x = inputs[0];
        ValidateInput(TensorShape.Of(x.shape), 1);
        long batch = x.size(0), steps = x.size(1);
        if (steps < 1) throw ShapeError("at least one time step", TensorShape.Of(x.shape));
        var first = x.select(1, 0);
        var states = InitialStates(inputs, first);
        var mask = context.Mask;
        if (mask is not null)
        {
            if (mask.dim() != 2 || mask.size(0) != batch || mask.size(1) != steps)
                throw new ArgumentException($"{GetType().Name} '{Name}': the mask must have shape ({batch}, {steps}) (batch, timesteps); received {TensorShape.Of(mask.shape)}.");
            if (mask.dtype != ScalarType.Bool) mask = mask.ne(0);
        }
        if (GoBackwards)
        {
            x = x.flip(1);
            mask = mask?.flip(1);
        }
        cell.ResetSequence();
        var outputs = ReturnSequences ? new Tensor[steps] : null;
        Tensor? carried = null;
        for (var t = 0; t < steps; t++)
        {
            var (output, next) = cell.Step(x.select(1, t), states, context.Training);
            if (next.Length != StateCount)
                throw new InvalidOperationException($"{cell.GetType().Name} '{cell.Name}' returned {next.Length} states from Step; its StateSize lists {StateCount}.");
            if (mask is not null)
            {
                var keep = StepMask(mask.select(1, t), output.dim());
                for (var i = 0; i < next.Length; i++) next[i] = torch.where(StepMask(mask.select(1, t), next[i].dim()), next[i], states[i]);
                var kept = carried is null ? torch.where(keep, output, 0.0) : torch.where(keep, output, carried);
                if (outputs is not null) outputs[t] = ZeroOutputForMask ? torch.where(keep, output, 0.0) : kept;
                carried = kept;
            }
            else
            {
                carried = output;
                if (outputs is not null) outputs[t] = output;
            }
            states = next;
        }
        cell.ResetSequence();
        if (Stateful)
        {
            ResetStates();
            heldStates = states.Select(s => s.detach().DetachFromDisposeScope()).ToArray();
        }
        var result = new List<Tensor> { outputs is null ? carried! : torch.stack(outputs, 1) };
        if (ReturnState) result.AddRange(states);
        return result;
    }

    private static Tensor StepMask(Tensor stepMask, long rank)
    {
        var m = stepMask;
        for (var i = 1; i < rank; i++) m = m.unsqueeze(-1);
        return m;
    }

    private Tensor[] InitialStates(IReadOnlyList<Tensor> inputs, Tensor first)
    {
        if (inputs.Count > 1)
        {
            var expected = cell.StateShapes(TensorShape.Of(first.shape));
            var states = new Tensor[StateCount];
            for (var i = 0; i < StateCount; i++)
            {
                var s = inputs[1 + i];
                if (!TensorShape.Of(s.shape).Equals(expected[i]))
                    throw new ArgumentException(
                        $"{GetType().Name} '{Name}': initial state {i} must have shape {expected[i]} to match the input; received {TensorShape.Of(s.shape)}.");
                states[i] = s;
            }
            return states;
        }
        if (Stateful && heldStates is not null)
        {
            if (heldStates[0].size(0) != first.size(0))
                throw new ArgumentException(
                    $"Stateful {GetType().Name} '{Name}' carries states for a batch of {heldStates[0].size(0)}; received a batch of {first.size(0)}. " +
                    "A stateful layer needs the same batch size on every call: call ResetStates() before changing it.");
            return heldStates;
        }
        return cell.GetInitialState(first);
    }

    /// <inheritdoc/>
    public override Tensor? ComputeMask(Tensor inputs, Tensor? mask) => ReturnSequences ? mask : null;

    /// <inheritdoc/>
    public override TensorShape ComputeOutputShape(TensorShape inputShape) => ComputeOutputShape(new[] { inputShape })[0];

    /// <inheritdoc/>
    public override IReadOnlyList<TensorShape> ComputeOutputShape(IReadOnlyList<TensorShape> inputShapes)
    {
        ArgumentNullException.ThrowIfNull(inputShapes);
        var x = inputShapes[0];
        var step = StepShape(x);
        var output = cell.StepOutputShape(step);
        if (ReturnSequences) output = new TensorShape(output.Dims.Take(1).Append(x[1]).Concat(output.Dims.Skip(1)).ToArray());
        var shapes = new List<TensorShape> { output };
        if (ReturnState) shapes.AddRange(cell.StateShapes(step));
        return shapes;
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing) ResetStates();
        base.Dispose(disposing);
    }

    /// <summary>The config entries of every layer (name, trainable...), without this layer's own.</summary>
    private protected Dictionary<string, object?> LayerConfig() => base.GetConfig();

    /// <summary>The flags every recurrent layer over a cell writes (after its own entries).</summary>
    private protected void WriteRecurrentFlags(Dictionary<string, object?> config)
    {
        config["return_sequences"] = ReturnSequences;
        config["return_state"] = ReturnState;
        config["go_backwards"] = GoBackwards;
        config["stateful"] = Stateful;
        config["unroll"] = Unroll;
        config["zero_output_for_mask"] = ZeroOutputForMask;
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["cell"] = KerasRegistry.Serialize(cell);
        WriteRecurrentFlags(config);
        return config;
    }
}
