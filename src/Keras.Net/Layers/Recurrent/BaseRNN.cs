using KerasNet.Activations;
using KerasNet.Constraints;
using KerasNet.Initializers;
using KerasNet.Regularizers;

namespace KerasNet.Layers;

/// <summary>
/// The shared machinery of <see cref="SimpleRNN"/>, <see cref="LSTM"/> and <see cref="GRU"/>: Keras's weight layout
/// (<c>kernel</c> (features, gates·units), <c>recurrent_kernel</c> (units, gates·units), <c>bias</c>), input and
/// recurrent dropout, masks, initial states (extra inputs after the sequence, as Keras takes them positionally),
/// <c>returnSequences</c>, <c>returnState</c>, <c>goBackwards</c> and <c>stateful</c>.
/// </summary>
/// <remarks>
/// Two ways to run: without a mask or recurrent dropout, and with the default activations, the whole sequence goes
/// through libtorch's fused kernel (as nn.LSTM/nn.GRU/nn.RNN do), the weights converted to PyTorch's layout once per
/// call. Otherwise the inputs of every step are projected in one matrix product and the layer loops over the steps
/// with its cell math; a masked step keeps the previous state and output, as Keras does.
/// </remarks>
public abstract partial class BaseRNN : KernelBiasLayer
{
    private readonly WeightOptions recurrentOptions;
    private Variable? kernel;
    private Variable? recurrentKernel;
    private Variable? bias;
    private Tensor[]? heldStates;
    private Generator? generator;

    /// <summary>Creates the layer; the subclass gives its gate count and state count.</summary>
    protected BaseRNN(long units, int gates, int stateCount, ActivationFunction? activation, ActivationFunction? recurrentActivation, bool useBias,
                      Initializer? kernelInitializer, Initializer? recurrentInitializer, Initializer? biasInitializer,
                      Regularizer? kernelRegularizer, Regularizer? recurrentRegularizer, Regularizer? biasRegularizer,
                      Constraint? kernelConstraint, Constraint? recurrentConstraint, Constraint? biasConstraint,
                      double dropout, double recurrentDropout, bool returnSequences, bool returnState, bool goBackwards, bool stateful,
                      int? seed, string? name, bool trainable)
        : base(useBias, WeightOptions.Kernel(kernelInitializer, kernelRegularizer, kernelConstraint),
               WeightOptions.Bias(biasInitializer, biasRegularizer, biasConstraint), name, trainable)
    {
        var type = GetType().Name;
        RecurrentArguments.CheckUnits(type, units);
        RecurrentArguments.CheckDropouts(type, dropout, recurrentDropout);
        (Units, Gates, StateCount, Activation) = (units, gates, stateCount, activation ?? ActivationFunction.Get("tanh"));
        RecurrentActivation = recurrentActivation ?? ActivationFunction.Get("sigmoid");
        recurrentOptions = new WeightOptions("recurrent", recurrentInitializer ?? new Orthogonal(), recurrentRegularizer, recurrentConstraint);
        (Dropout, RecurrentDropout, ReturnSequences, ReturnState) = (dropout, recurrentDropout, returnSequences, returnState);
        (GoBackwards, Stateful, Seed) = (goBackwards, stateful, seed);
    }

    /// <summary>The size of the output and of each state.</summary>
    public long Units { get; }
    /// <summary>The number of gate blocks in the kernels (1 SimpleRNN, 3 GRU, 4 LSTM).</summary>
    public int Gates { get; }
    /// <summary>The number of states (2 for LSTM: h and c; 1 otherwise).</summary>
    public int StateCount { get; }
    /// <summary>The activation of the output/candidate (tanh by default).</summary>
    public ActivationFunction Activation { get; }
    /// <summary>The activation of the gates (sigmoid by default; unused by SimpleRNN).</summary>
    public ActivationFunction RecurrentActivation { get; }
    /// <summary>The recurrent kernel's initializer.</summary>
    public Initializer RecurrentInitializer => recurrentOptions.Initializer;
    /// <summary>The recurrent kernel's regularizer.</summary>
    public Regularizer? RecurrentRegularizer => recurrentOptions.Regularizer;
    /// <summary>The recurrent kernel's constraint.</summary>
    public Constraint? RecurrentConstraint => recurrentOptions.Constraint;
    /// <summary>The fraction of input features dropped in training (one mask for all steps).</summary>
    public double Dropout { get; }
    /// <summary>The fraction of the recurrent state dropped before the recurrent product in training (one mask for all steps).</summary>
    public double RecurrentDropout { get; }
    /// <summary>Return the output of every step (batch, steps, units) instead of the last (batch, units).</summary>
    public bool ReturnSequences { get; }
    /// <summary>Also return the final states, after the output.</summary>
    public bool ReturnState { get; }
    /// <summary>Process the sequence from its last step to its first (the returned sequence is in that order too, as Keras).</summary>
    public bool GoBackwards { get; }
    /// <summary>Keep the final states of a batch as the initial states of the next (see <see cref="ResetStates"/>).</summary>
    public bool Stateful { get; }
    /// <summary>The seed of the dropout masks, if any.</summary>
    public int? Seed { get; }

    /// <summary>Masked steps output zeros instead of the previous output (Bidirectional sets it with returnSequences, as Keras).</summary>
    internal bool ZeroOutputForMask { get; set; }

    /// <summary>The input kernel (features, gates·units), once built.</summary>
    public Variable Kernel => kernel ?? throw NotBuilt();
    /// <summary>The recurrent kernel (units, gates·units), once built.</summary>
    public Variable RecurrentKernel => recurrentKernel ?? throw NotBuilt();
    /// <summary>The bias, if any, once built.</summary>
    public Variable? Bias => bias;

    /// <summary>The states a stateful layer carries to its next call (null before the first call or after <see cref="ResetStates"/>).</summary>
    public IReadOnlyList<Tensor>? States => heldStates;

    /// <summary>The bias's shape (the GRU keeps input and recurrent biases apart).</summary>
    protected virtual long[] BiasShape => new[] { Gates * Units };

    /// <summary>True when the fused whole-sequence kernel computes exactly this layer (default activations...).</summary>
    protected abstract bool FusedAvailable { get; }

    /// <summary>
    /// Runs the whole sequence <paramref name="x"/> (batch, steps, features) on libtorch's fused kernel from
    /// <paramref name="initialStates"/> (each (batch, units); null for zeros); returns every step's output and the final states.
    /// </summary>
    protected abstract (Tensor Sequence, Tensor[] States) RunFused(Tensor x, Tensor[]? initialStates);

    /// <summary>The input part of every step's pre-activations, for all steps at once: (batch, steps, gates·units).</summary>
    protected abstract Tensor ProjectInputs(Tensor x);

    /// <summary>One step from the projected input <paramref name="projected"/> (batch, gates·units) and the states; returns the new states (the first is the output).</summary>
    protected abstract Tensor[] Step(Tensor projected, Tensor[] states, Tensor? recurrentMask);

    /// <summary>Called once the weights exist (LSTM's unit forget bias).</summary>
    protected virtual void OnWeightsCreated() { }

    /// <summary>Sets the carried states of a stateful layer back to zeros.</summary>
    public void ResetStates()
    {
        if (heldStates is not null) foreach (var s in heldStates) s.Dispose();
        heldStates = null;
    }

    private InvalidOperationException NotBuilt() => new($"{GetType().Name} '{Name}' is not built yet.");

    /// <inheritdoc/>
    protected override void ValidateInput(TensorShape inputShape, int inputCount)
    {
        // Initial states arrive as extra rank-2 inputs; Build and Call check each by position.
        if (inputCount > 1 && inputShape.Rank == 2) return;
        if (inputShape.Rank != 3 || inputShape[-1] is null)
            throw ShapeError("input of rank 3 (batch, timesteps, features) with a known feature axis", inputShape,
                inputShape.Rank == 2 ? "A single feature per step needs a feature axis (x.unsqueeze(-1)); a single step needs a time axis (x.unsqueeze(1))." : null);
        if (kernel is not null && inputShape[-1] != kernel.Shape[0])
            throw ShapeError($"{kernel.Shape[0]} features on the last axis (it was built for them)", inputShape);
    }

    private void CheckInputCount(int count)
    {
        if (count != 1 && count != 1 + StateCount)
            throw new ArgumentException(
                $"{GetType().Name} '{Name}' takes the sequence, optionally followed by {StateCount} initial state(s) ({StateNames}); received {count} inputs.");
    }

    private string StateNames => StateCount == 2 ? "h and c" : "h";

    /// <inheritdoc/>
    protected override void Build(IReadOnlyList<TensorShape> inputShapes)
    {
        CheckInputCount(inputShapes.Count);
        ValidateInput(inputShapes[0], 1);
        for (var i = 1; i < inputShapes.Count; i++) CheckStateShape(i - 1, inputShapes[i]);
        var features = inputShapes[0][-1]!.Value;
        kernel = AddKernel("kernel", new[] { features, Gates * Units });
        recurrentKernel = AddWeight("recurrent_kernel", new[] { Units, Gates * Units }, recurrentOptions);
        if (UseBias) bias = AddBias("bias", BiasShape);
        OnWeightsCreated();
    }

    private void CheckStateShape(int index, TensorShape shape)
    {
        if (shape.Rank != 2 || (shape[1] is { } units && units != Units))
            throw new ArgumentException(
                $"{GetType().Name} '{Name}': initial state {index} ({(index == 0 ? "h" : "c")}) must have shape (batch, {Units}); received shape {shape}.");
    }

    /// <inheritdoc/>
    protected override IReadOnlyList<Tensor> Call(IReadOnlyList<Tensor> inputs, CallContext context)
    {
        CheckInputCount(inputs.Count);
        var x = inputs[0];
        ValidateInput(TensorShape.Of(x.shape), 1);
        long batch = x.size(0), steps = x.size(1);
        if (steps < 1) throw ShapeError("at least one time step", TensorShape.Of(x.shape));
        var initial = InitialStates(inputs, batch);
        var mask = context.Mask;
        if (mask is not null)
        {
            if (mask.dim() != 2 || mask.size(0) != batch || mask.size(1) != steps)
                throw new ArgumentException($"{GetType().Name} '{Name}': the mask must have shape ({batch}, {steps}) (batch, timesteps); received {TensorShape.Of(mask.shape)}.");
            if (mask.dtype != ScalarType.Bool) mask = mask.ne(0);
        }
        if (context.Training && Dropout > 0) x = x * DropoutMask(batch, x.size(2), Dropout, x).unsqueeze(1);
        var recurrentMask = context.Training && RecurrentDropout > 0 ? DropoutMask(batch, Units, RecurrentDropout, x) : null;

        Tensor? sequence;
        Tensor last;
        Tensor[] finals;
        var fused = recurrentMask is null && FusedAvailable;
        if (fused && mask is null)
        {
            (sequence, finals) = RunFused(GoBackwards ? x.flip(1) : x, initial);
            last = finals[0];
        }
        else if (fused && (StateCount == 1 || (!ReturnState && !Stateful)) && RightPaddedLengths(mask!) is { } lengths)
        {
            (sequence, last) = RunFusedRightPadded(x, initial, lengths, mask!);
            finals = new[] { last };
        }
        else (sequence, last, finals) = RunSteps(GoBackwards ? x.flip(1) : x, initial, GoBackwards ? mask?.flip(1) : mask, recurrentMask);

        if (Stateful)
        {
            ResetStates();
            heldStates = finals.Select(s => s.detach().DetachFromDisposeScope()).ToArray();
        }
        var outputs = new Tensor[ReturnState ? 1 + StateCount : 1];
        outputs[0] = ReturnSequences ? sequence! : last;
        if (ReturnState) Array.Copy(finals, 0, outputs, 1, StateCount);
        return outputs;
    }

    private Tensor[]? InitialStates(IReadOnlyList<Tensor> inputs, long batch)
    {
        if (inputs.Count > 1)
        {
            var states = new Tensor[StateCount];
            for (var i = 0; i < StateCount; i++)
            {
                var s = inputs[1 + i];
                if (s.dim() != 2 || s.size(0) != batch || s.size(1) != Units)
                    throw new ArgumentException(
                        $"{GetType().Name} '{Name}': initial state {i} ({(i == 0 ? "h" : "c")}) must have shape ({batch}, {Units}) (batch, units) to match the input; received {TensorShape.Of(s.shape)}.");
                states[i] = s;
            }
            return states;
        }
        if (Stateful && heldStates is not null)
        {
            if (heldStates[0].size(0) != batch)
                throw new ArgumentException(
                    $"Stateful {GetType().Name} '{Name}' carries states for a batch of {heldStates[0].size(0)}; received a batch of {batch}. " +
                    "A stateful layer needs the same batch size on every call: call ResetStates() before changing it.");
            return heldStates;
        }
        return null;
    }

    private Tensor DropoutMask(long batch, long size, double rate, Tensor like)
    {
        if (Seed is { } s) generator ??= new Generator((ulong)(s));
        using var keep = torch.empty(new[] { batch, size }, like.dtype, like.device).bernoulli_(1 - rate, generator);
        return keep / (1 - rate);
    }

    /// <inheritdoc/>
    public override Tensor? ComputeMask(Tensor inputs, Tensor? mask) => ReturnSequences ? mask : null;

    /// <inheritdoc/>
    public override TensorShape ComputeOutputShape(TensorShape inputShape) => ComputeOutputShape(new[] { inputShape })[0];

    /// <inheritdoc/>
    public override IReadOnlyList<TensorShape> ComputeOutputShape(IReadOnlyList<TensorShape> inputShapes)
    {
        var x = inputShapes[0];
        var output = ReturnSequences ? new TensorShape(x[0], x[1], Units) : new TensorShape(x[0], Units);
        var shapes = new List<TensorShape> { output };
        if (ReturnState) for (var i = 0; i < StateCount; i++) shapes.Add(new TensorShape(x[0], Units));
        return shapes;
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            ResetStates();
            generator?.Dispose();
        }
        base.Dispose(disposing);
    }

    /// <summary>The config entries every recurrent layer shares, in Keras's order; <paramref name="extra"/> adds the layer's own after the biases.</summary>
    protected Dictionary<string, object?> RecurrentConfig(Action<Dictionary<string, object?>>? extra = null)
    {
        var config = base.GetConfig();
        config["units"] = Units;
        config["activation"] = Activation.Name;
        if (Gates > 1) config["recurrent_activation"] = RecurrentActivation.Name;
        config["use_bias"] = UseBias;
        WeightOptions.Write(config, new[] { KernelOptions, recurrentOptions, BiasOptions }, extra);
        config["dropout"] = Dropout;
        config["recurrent_dropout"] = RecurrentDropout;
        config["seed"] = Seed;
        config["return_sequences"] = ReturnSequences;
        config["return_state"] = ReturnState;
        config["go_backwards"] = GoBackwards;
        config["stateful"] = Stateful;
        return config;
    }

    /// <summary>A zero tensor like a bias, for the fused kernels' second bias (Keras has one bias where PyTorch has two); cached per layer.</summary>
    protected Tensor ZeroBias(long size, Tensor like)
    {
        if (zeroBias is null || zeroBias.IsInvalid || zeroBias.size(0) != size || zeroBias.dtype != like.dtype || !Devices.IsOn(zeroBias, like.device))
        {
            zeroBias?.Dispose();
            zeroBias = torch.zeros(new[] { size }, like.dtype, like.device).DetachFromDisposeScope();
        }
        return zeroBias;
    }

    private Tensor? zeroBias;
}
