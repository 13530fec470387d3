namespace KerasNet.Layers;

/// <summary>
/// One step of a recurrent computation, which <see cref="RNN"/> runs over the time axis (Keras's RNN cell
/// protocol): <see cref="StateSize"/> says how many states the cell carries and their sizes, and
/// <see cref="Step"/> maps a step's input and the previous states to the step's output and the new states.
/// The built-in cells are <see cref="SimpleRNNCell"/>, <see cref="LSTMCell"/>, <see cref="GRUCell"/> and
/// <see cref="StackedRNNCells"/>; derive from this class to write your own (create weights in
/// <c>Build(TensorShape)</c>, which receives the shape of one step's input, (batch, features)).
/// </summary>
/// <remarks>
/// A cell is also a layer on its own: called on <c>[input, state₀, state₁...]</c> (or the input alone, states
/// zero) it returns <c>[output, new state₀, new state₁...]</c>. A cell whose states are not vectors (a
/// convolutional cell) overrides <see cref="StateShapes"/>, <see cref="StepOutputShape"/> and
/// <see cref="GetInitialState"/>. A user-defined cell must be registered (<c>[KerasSerializable]</c>) for an
/// <see cref="RNN"/> holding it to be recreated from its config.
/// </remarks>
public abstract class RecurrentCell : Layer
{
    private Tensor? inputDropMask;
    private Tensor? recurrentDropMask;

    /// <summary>Creates the cell.</summary>
    /// <param name="name">The cell's name.</param>
    /// <param name="trainable">Whether its weights are trained.</param>
    protected RecurrentCell(string? name = null, bool trainable = true) : base(name, trainable) { }

    /// <summary>The size of each state, in the order <see cref="Step"/> takes and returns them (an LSTM: h, then c).</summary>
    public abstract IReadOnlyList<long> StateSize { get; }

    /// <summary>The size of a step's output (by default the first state's).</summary>
    public virtual long OutputSize => StateSize[0];

    /// <summary>The shape of each state for a step input of <paramref name="stepInputShape"/>: by default (batch, size).</summary>
    public virtual IReadOnlyList<TensorShape> StateShapes(TensorShape stepInputShape)
    {
        ArgumentNullException.ThrowIfNull(stepInputShape);
        return StateSize.Select(size => new TensorShape(stepInputShape[0], size)).ToArray();
    }

    /// <summary>The shape of a step's output for a step input of <paramref name="stepInputShape"/>: by default (batch, <see cref="OutputSize"/>).</summary>
    public virtual TensorShape StepOutputShape(TensorShape stepInputShape)
    {
        ArgumentNullException.ThrowIfNull(stepInputShape);
        return new TensorShape(stepInputShape[0], OutputSize);
    }

    /// <summary>The states before the first step for a batch of step inputs <paramref name="stepInput"/>: zeros by default.</summary>
    public virtual Tensor[] GetInitialState(Tensor stepInput)
    {
        ArgumentNullException.ThrowIfNull(stepInput);
        var shapes = StateShapes(TensorShape.Of(stepInput.shape));
        return shapes.Select(s => torch.zeros(s.ToArray(stepInput.size(0)), stepInput.dtype, stepInput.device)).ToArray();
    }

    /// <summary>One step: <paramref name="input"/> (batch, features...) and the previous states give the step's output and the new states.</summary>
    /// <param name="input">This step's input.</param>
    /// <param name="states">The previous states, in <see cref="StateSize"/>'s order.</param>
    /// <param name="training">True in training (dropout active).</param>
    public abstract (Tensor Output, Tensor[] States) Step(Tensor input, IReadOnlyList<Tensor> states, bool training);

    /// <summary>
    /// Called by <see cref="RNN"/> before the first step of each sequence: the built-in cells draw new dropout masks
    /// for the next sequence (one mask for all its steps). An override must call the base.
    /// </summary>
    protected internal virtual void ResetSequence()
    {
        inputDropMask = null;
        recurrentDropMask = null;
    }

    /// <summary>The input times this sequence's input dropout mask (drawn at its first step); <paramref name="x"/> itself outside training.</summary>
    private protected Tensor DropInput(Tensor x, double rate, int? seed, bool training) =>
        training && rate > 0 ? x * (inputDropMask ??= DropMask(x, rate, seed)) : x;

    /// <summary>The state times this sequence's recurrent dropout mask; <paramref name="h"/> itself outside training.</summary>
    private protected Tensor DropRecurrent(Tensor h, double rate, int? seed, bool training) =>
        training && rate > 0 ? h * (recurrentDropMask ??= DropMask(h, rate, seed)) : h;

    private Tensor DropMask(Tensor like, double rate, int? seed)
    {
        using var keep = torch.empty(like.shape, like.dtype, like.device).bernoulli_(1 - rate, SeedGenerator(seed));
        return keep / (1 - rate);
    }

    /// <inheritdoc/>
    protected override void Build(IReadOnlyList<TensorShape> inputShapes)
    {
        CheckStateCount(inputShapes.Count - 1);
        Build(inputShapes[0]);
    }

    /// <inheritdoc/>
    protected override IReadOnlyList<Tensor> Call(IReadOnlyList<Tensor> inputs, CallContext context)
    {
        CheckStateCount(inputs.Count - 1);
        var states = inputs.Count > 1 ? inputs.Skip(1).ToArray() : GetInitialState(inputs[0]);
        ResetSequence();
        var (output, next) = Step(inputs[0], states, context.Training);
        ResetSequence();
        return new[] { output }.Concat(next).ToArray();
    }

    private void CheckStateCount(int given)
    {
        if (given != 0 && given != StateSize.Count)
            throw new ArgumentException(
                $"{GetType().Name} '{Name}' takes a step's input followed by its {StateSize.Count} state(s), or the input alone (zero states); received the input and {given} state(s).");
    }

    /// <inheritdoc/>
    public override TensorShape ComputeOutputShape(TensorShape inputShape) => StepOutputShape(inputShape);

    /// <inheritdoc/>
    public override IReadOnlyList<TensorShape> ComputeOutputShape(IReadOnlyList<TensorShape> inputShapes)
    {
        ArgumentNullException.ThrowIfNull(inputShapes);
        return new[] { StepOutputShape(inputShapes[0]) }.Concat(StateShapes(inputShapes[0])).ToArray();
    }
}
