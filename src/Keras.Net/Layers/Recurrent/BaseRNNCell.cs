using KerasNet.Activations;
using KerasNet.Constraints;
using KerasNet.Initializers;
using KerasNet.Regularizers;

namespace KerasNet.Layers;

/// <summary>
/// The shared machinery of <see cref="SimpleRNNCell"/>, <see cref="LSTMCell"/> and <see cref="GRUCell"/>: Keras's
/// weight layout (<c>kernel</c> (features, gates·units), <c>recurrent_kernel</c> (units, gates·units), <c>bias</c>),
/// the same as the matching layers' (<see cref="SimpleRNN"/>, <see cref="LSTM"/>, <see cref="GRU"/>), so weights move
/// between a layer and an <see cref="RNN"/> over its cell unchanged; input and recurrent dropout with one mask per
/// sequence, as Keras's cells.
/// </summary>
public abstract class BaseRNNCell : RecurrentCell
{
    private readonly WeightOptions kernelOptions;
    private readonly WeightOptions recurrentOptions;
    private readonly WeightOptions biasOptions;
    private Variable? kernel;
    private Variable? recurrentKernel;
    private Variable? bias;

    private protected BaseRNNCell(long units, int gates, int stateCount, ActivationFunction? activation, ActivationFunction? recurrentActivation,
                                  bool useBias, Initializer? kernelInitializer, Initializer? recurrentInitializer, Initializer? biasInitializer,
                                  Regularizer? kernelRegularizer, Regularizer? recurrentRegularizer, Regularizer? biasRegularizer,
                                  Constraint? kernelConstraint, Constraint? recurrentConstraint, Constraint? biasConstraint,
                                  double dropout, double recurrentDropout, int? seed, string? name, bool trainable)
        : base(name, trainable)
    {
        var type = GetType().Name;
        RecurrentArguments.CheckUnits(type, units);
        RecurrentArguments.CheckDropouts(type, dropout, recurrentDropout);
        (Units, Gates, UseBias, Dropout, RecurrentDropout, Seed) = (units, gates, useBias, dropout, recurrentDropout, seed);
        Activation = activation ?? ActivationFunction.Get("tanh");
        RecurrentActivation = recurrentActivation ?? ActivationFunction.Get("sigmoid");
        kernelOptions = WeightOptions.Kernel(kernelInitializer, kernelRegularizer, kernelConstraint);
        recurrentOptions = new WeightOptions("recurrent", recurrentInitializer ?? new Orthogonal(), recurrentRegularizer, recurrentConstraint);
        biasOptions = WeightOptions.Bias(biasInitializer, biasRegularizer, biasConstraint);
        StateSize = Enumerable.Repeat(units, stateCount).ToArray();
    }

    /// <summary>The size of the output and of each state.</summary>
    public long Units { get; }
    /// <summary>The number of gate blocks in the kernels (1 SimpleRNNCell, 3 GRUCell, 4 LSTMCell).</summary>
    public int Gates { get; }
    /// <summary>Whether the cell adds biases.</summary>
    public bool UseBias { get; }
    /// <summary>The activation of the output/candidate (tanh by default).</summary>
    public ActivationFunction Activation { get; }
    /// <summary>The activation of the gates (sigmoid by default; unused by SimpleRNNCell).</summary>
    public ActivationFunction RecurrentActivation { get; }
    /// <summary>The fraction of input features dropped in training (one mask per sequence).</summary>
    public double Dropout { get; }
    /// <summary>The fraction of the recurrent state dropped before the recurrent product in training (one mask per sequence).</summary>
    public double RecurrentDropout { get; }
    /// <summary>The seed of the dropout masks, if any.</summary>
    public int? Seed { get; }
    /// <summary>The kernels' initializer.</summary>
    public Initializer KernelInitializer => kernelOptions.Initializer;
    /// <summary>The recurrent kernel's initializer.</summary>
    public Initializer RecurrentInitializer => recurrentOptions.Initializer;
    /// <summary>The biases' initializer.</summary>
    public Initializer BiasInitializer => biasOptions.Initializer;

    /// <inheritdoc/>
    public override IReadOnlyList<long> StateSize { get; }

    /// <summary>The input kernel (features, gates·units), once built.</summary>
    public Variable Kernel => kernel ?? throw NotBuilt();
    /// <summary>The recurrent kernel (units, gates·units), once built.</summary>
    public Variable RecurrentKernel => recurrentKernel ?? throw NotBuilt();
    /// <summary>The bias, if any, once built.</summary>
    public Variable? Bias => bias;

    /// <summary>The bias's shape (the reset-after GRU keeps input and recurrent biases apart).</summary>
    private protected virtual long[] BiasShape => new[] { Gates * Units };

    private InvalidOperationException NotBuilt() => new($"{GetType().Name} '{Name}' is not built yet.");

    /// <inheritdoc/>
    protected override void ValidateInput(TensorShape inputShape, int inputCount)
    {
        if (inputShape.Rank != 2 || inputShape[-1] is null)
            throw ShapeError("a step's input of rank 2 (batch, features) with a known feature axis (and states of shape (batch, units))", inputShape,
                inputShape.Rank == 3 ? "A whole sequence (batch, timesteps, features) goes to an RNN layer holding the cell: new RNN(cell)." : null);
    }

    /// <inheritdoc/>
    protected override void Build(TensorShape inputShape)
    {
        var features = inputShape[-1]!.Value;
        kernel = AddWeight("kernel", new[] { features, Gates * Units }, kernelOptions.Initializer,
                           regularizer: kernelOptions.Regularizer, constraint: kernelOptions.Constraint);
        recurrentKernel = AddWeight("recurrent_kernel", new[] { Units, Gates * Units }, recurrentOptions.Initializer,
                                    regularizer: recurrentOptions.Regularizer, constraint: recurrentOptions.Constraint);
        if (UseBias) bias = AddWeight("bias", BiasShape, biasOptions.Initializer, regularizer: biasOptions.Regularizer, constraint: biasOptions.Constraint);
        OnWeightsCreated();
    }

    /// <summary>Called once the weights exist (LSTMCell's unit forget bias).</summary>
    private protected virtual void OnWeightsCreated() { }

    /// <inheritdoc/>
    public sealed override (Tensor Output, Tensor[] States) Step(Tensor input, IReadOnlyList<Tensor> states, bool training)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(states);
        if (input.dim() != 2 || input.size(1) != Kernel.Shape[0])
            throw ShapeError($"a step's input of shape (batch, {Kernel.Shape[0]}) (it was built for {Kernel.Shape[0]} features)", TensorShape.Of(input.shape));
        if (states.Count != StateSize.Count)
            throw new ArgumentException($"{GetType().Name} '{Name}' carries {StateSize.Count} state(s); received {states.Count}.", nameof(states));
        foreach (var s in states)
            if (s.dim() != 2 || s.size(0) != input.size(0) || s.size(1) != Units)
                throw new ArgumentException($"{GetType().Name} '{Name}': each state must have shape ({input.size(0)}, {Units}) (batch, units); received {TensorShape.Of(s.shape)}.", nameof(states));
        var x = DropInput(input, Dropout, Seed, training);
        var h = DropRecurrent(states[0], RecurrentDropout, Seed, training);
        var next = CellStep(x, h, states);
        return (next[0], next);
    }

    /// <summary>The step's math from the dropped input <paramref name="x"/>, the dropped state <paramref name="h"/> and the previous states.</summary>
    private protected abstract Tensor[] CellStep(Tensor x, Tensor h, IReadOnlyList<Tensor> states);

    /// <summary>The config entries every cell shares, in Keras's order; <paramref name="extra"/> adds the cell's own after the initializers.</summary>
    private protected Dictionary<string, object?> CellConfig(Action<Dictionary<string, object?>>? extra = null)
    {
        var config = base.GetConfig();
        config["units"] = Units;
        config["activation"] = Activation.Name;
        if (Gates > 1) config["recurrent_activation"] = RecurrentActivation.Name;
        config["use_bias"] = UseBias;
        WeightOptions.Write(config, new[] { kernelOptions, recurrentOptions, biasOptions }, extra);
        config["dropout"] = Dropout;
        config["recurrent_dropout"] = RecurrentDropout;
        config["seed"] = Seed;
        return config;
    }
}
