using System.Reflection;
using KerasNet.Constraints;
using KerasNet.Initializers;
using KerasNet.MixedPrecision;
using KerasNet.Regularizers;
using KerasNet.Serialization;

namespace KerasNet;

/// <summary>
/// The base of every layer and model. A layer is: a constructor that validates and stores flat arguments;
/// <see cref="Build(TensorShape)"/>, which creates the weights once the input shape is known; <c>Call</c>, which holds
/// only the math; <see cref="ComputeOutputShape(TensorShape)"/>; and <see cref="GetConfig"/>, whose keys are the
/// constructor's arguments so that a layer can be recreated from it.
/// </summary>
/// <remarks>
/// Layers with one input and one output override <see cref="Call(Tensor, CallContext)"/>; layers with several inputs
/// or outputs (merging, attention, recurrent layers returning states) override
/// <see cref="Call(IReadOnlyList{Tensor}, CallContext)"/>. Sublayers held in fields are found automatically.
/// </remarks>
public abstract partial class Layer : IKerasSerializable, IDisposable
{
    private readonly List<(Variable Variable, bool DeclaredTrainable)> ownWeights = new();
    private readonly List<Layer> explicitLayers = new();
    private List<Layer>? discoveredLayers;
    private bool trainable;
    private Generator? seedGenerator;

    /// <summary>Creates the layer.</summary>
    /// <param name="name">A unique name; generated from the class name (<c>dense</c>, <c>dense_1</c>...) if omitted.</param>
    /// <param name="trainable">Whether the layer's weights are updated by training.</param>
    protected Layer(string? name = null, bool trainable = true)
    {
        if (name is not null && (name.Length == 0 || name.Contains('/')))
            throw new ArgumentException($"Layer name '{name}' is invalid: it must be non-empty and must not contain '/'.", nameof(name));
        Name = name ?? LayerNames.Next(GetType());
        this.trainable = trainable;
    }

    /// <summary>The layer's unique name.</summary>
    public string Name { get; }

    /// <summary>True once the weights exist.</summary>
    public bool Built { get; private set; }

    /// <summary>The input shape the layer was built for (batch axis unknown), once built.</summary>
    public IReadOnlyList<TensorShape>? BuiltInputShapes { get; private set; }

    /// <summary>
    /// Whether training updates this layer's weights. Setting it applies to every sublayer too, as in Keras; a model
    /// must be compiled again after changing it.
    /// </summary>
    public bool Trainable
    {
        get => trainable;
        set
        {
            trainable = value;
            foreach (var (variable, declared) in ownWeights) variable.Trainable = declared && value;
            foreach (var layer in Layers) layer.Trainable = value;
            OnTrainableChanged();
        }
    }

    /// <summary>Called after <see cref="Trainable"/> changes (models use it to require a new Compile).</summary>
    protected virtual void OnTrainableChanged() { }

    /// <summary>The direct sublayers.</summary>
    public virtual IReadOnlyList<Layer> Layers
    {
        get
        {
            if (discoveredLayers is null || !Built)
                discoveredLayers = explicitLayers.Concat(DiscoverFieldLayers()).Distinct().ToList();
            return discoveredLayers;
        }
    }

    /// <summary>Every weight: this layer's own, then its sublayers', without duplicates.</summary>
    public IReadOnlyList<Variable> Weights
    {
        get
        {
            var seen = new HashSet<Variable>(ReferenceEqualityComparer.Instance);
            var all = new List<Variable>();
            CollectWeights(all, seen);
            return all;
        }
    }

    /// <summary>The weights that training updates.</summary>
    public IReadOnlyList<Variable> TrainableWeights => Weights.Where(v => v.Trainable).ToList();

    /// <summary>The weights that training does not update (frozen ones, moving statistics).</summary>
    public IReadOnlyList<Variable> NonTrainableWeights => Weights.Where(v => !v.Trainable).ToList();

    /// <summary>The number of scalars in all weights.</summary>
    public long CountParams()
    {
        if (!Built && Weights.Count == 0)
            throw new InvalidOperationException($"Layer '{Name}' is not built yet, so it has no weights to count. Call it on data or on Keras.Input(...) first.");
        return Weights.Sum(v => v.Size);
    }

    private void CollectWeights(List<Variable> all, HashSet<Variable> seen)
    {
        foreach (var (variable, _) in ownWeights)
            if (seen.Add(variable)) all.Add(variable);
        foreach (var layer in Layers) layer.CollectWeights(all, seen);
    }

    /// <summary>Registers a sublayer that is not held in a field (e.g. created in a loop into a local list).</summary>
    protected T TrackLayer<T>(T layer) where T : Layer
    {
        ArgumentNullException.ThrowIfNull(layer);
        if (!explicitLayers.Contains(layer)) explicitLayers.Add(layer);
        discoveredLayers = null;
        return layer;
    }

    private IEnumerable<Layer> DiscoverFieldLayers()
    {
        for (var type = GetType(); type is not null && type != typeof(Layer); type = type.BaseType)
        {
            if (IsFrameworkModelType(type)) continue;
            foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            {
                var value = field.GetValue(this);
                if (value is Layer layer && !ReferenceEquals(layer, this)) yield return layer;
                else if (value is IEnumerable<Layer> layers)
                    foreach (var l in layers) yield return l;
            }
        }
    }

    // The framework's own model types (Model, Sequential) list their layers through their graph or stack; their
    // fields are bookkeeping. The fields a user's subclass of Model declares are still searched for sublayers.
    private static bool IsFrameworkModelType(Type type) =>
        type.Assembly == typeof(Layer).Assembly && typeof(Models.Model).IsAssignableFrom(type);

    /// <summary>
    /// Creates a weight owned by this layer, named <c>layer_name/name</c>. Call it from <see cref="Build(TensorShape)"/>.
    /// </summary>
    protected Variable AddWeight(string name, long[] shape, Initializer initializer, bool trainable = true,
                                 Regularizer? regularizer = null, Constraint? constraint = null,
                                 ScalarType? dtype = null, (long In, long Out)? fans = null)
    {
        ArgumentNullException.ThrowIfNull(initializer);
        Tensor value;
        using (torch.no_grad()) value = initializer.Call(shape, dtype ?? dtypePolicy.VariableDtype, fans);
        var variable = new Variable(name, value, trainable && this.trainable, regularizer, constraint)
        {
            Path = $"{Name}/{name}",
            Owner = this,
            DeclaredTrainable = trainable,
        };
        ownWeights.Add((variable, trainable));
        return variable;
    }

    /// <summary>
    /// Tracks a Parameter that another object owns (a wrapped TorchSharp module's parameter or buffer) as a weight of
    /// this layer, named <c>layer_name/name</c>, without copying it. With <paramref name="ownsValue"/> false, disposing
    /// the layer leaves the Parameter to its owner.
    /// </summary>
    internal Variable TrackParameter(string name, Parameter parameter, bool trainable, bool ownsValue)
    {
        var variable = new Variable(name, parameter, trainable && this.trainable, ownsValue)
        {
            Path = $"{Name}/{name}",
            Owner = this,
            DeclaredTrainable = trainable,
        };
        ownWeights.Add((variable, trainable));
        return variable;
    }

    /// <summary>Builds the layer for <paramref name="inputShape"/> if it is not built yet.</summary>
    public void BuildFor(TensorShape inputShape) => BuildFor(new[] { inputShape });

    /// <summary>Builds the layer for several inputs if it is not built yet.</summary>
    public void BuildFor(IReadOnlyList<TensorShape> inputShapes)
    {
        ArgumentNullException.ThrowIfNull(inputShapes);
        if (Built) return;
        foreach (var shape in inputShapes) ValidateInput(shape, inputShapes.Count);
        Build(inputShapes);
        InheritPolicyIntoNewSublayers();
        BuiltInputShapes = inputShapes.ToArray();
        Built = true;
        discoveredLayers = null;
    }

    /// <summary>Creates the weights for a single input of <paramref name="inputShape"/> (batch axis unknown).</summary>
    protected virtual void Build(TensorShape inputShape) { }

    /// <summary>Creates the weights for several inputs; by default a single input goes to <see cref="Build(TensorShape)"/>.</summary>
    protected virtual void Build(IReadOnlyList<TensorShape> inputShapes)
    {
        if (inputShapes.Count != 1) throw TooManyInputs(inputShapes.Count);
        Build(inputShapes[0]);
    }

    /// <summary>
    /// Checks one input's shape and throws an <see cref="ArgumentException"/> that names the layer, the expected and the
    /// received shape, and how to fix it. Runs at build time and on every eager call.
    /// </summary>
    protected virtual void ValidateInput(TensorShape inputShape, int inputCount) { }

    /// <summary>The math of a one-input, one-output layer.</summary>
    protected virtual Tensor Call(Tensor inputs, CallContext context) =>
        throw new InvalidOperationException($"{GetType().Name} '{Name}' does not override Call(Tensor, CallContext) or Call(IReadOnlyList<Tensor>, CallContext): a layer must define its computation.");

    /// <summary>The math of a layer with several inputs or outputs; by default the single-input <c>Call</c>.</summary>
    protected virtual IReadOnlyList<Tensor> Call(IReadOnlyList<Tensor> inputs, CallContext context)
    {
        if (inputs.Count != 1) throw TooManyInputs(inputs.Count);
        return new[] { Call(inputs[0], context) };
    }

    /// <summary>The output shape for an input shape; by default found by running the layer on zeros.</summary>
    public virtual TensorShape ComputeOutputShape(TensorShape inputShape) => InferOutputShapes(new[] { inputShape })[0];

    /// <summary>The output shapes for several input shapes; by default the single-input overload.</summary>
    public virtual IReadOnlyList<TensorShape> ComputeOutputShape(IReadOnlyList<TensorShape> inputShapes)
    {
        if (inputShapes.Count != 1) return InferOutputShapes(inputShapes);
        return new[] { ComputeOutputShape(inputShapes[0]) };
    }

    /// <summary>Runs the layer on zeros with a batch of 2 to learn its output shapes (used when a layer does not say).</summary>
    protected IReadOnlyList<TensorShape> InferOutputShapes(IReadOnlyList<TensorShape> inputShapes)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        using var lossProbe = ProbeLosses();
        BuildFor(inputShapes);
        var inputs = inputShapes.Select(s => torch.zeros(s.ReplaceBatch(2).ToArray(1), ScalarType.Float32)).ToArray();
        var outputs = Call(inputs, CallContext.Inference);
        return outputs.Select(o => TensorShape.Of(o.shape).ReplaceBatch(null)).ToArray();
    }

    /// <summary>Runs the layer on a tensor (building it first if needed).</summary>
    /// <param name="inputs">A batch.</param>
    /// <param name="training">True to run in training mode (dropout active, batch statistics).</param>
    public Tensor Apply(Tensor inputs, bool training = false)
    {
        var outputs = Apply(new[] { inputs }, training);
        if (outputs.Count != 1)
            throw new InvalidOperationException($"{GetType().Name} '{Name}' returns {outputs.Count} outputs; use Apply(IReadOnlyList<Tensor>) to receive them all.");
        return outputs[0];
    }

    /// <summary>Runs the layer on several tensors (building it first if needed).</summary>
    public IReadOnlyList<Tensor> Apply(IReadOnlyList<Tensor> inputs, bool training = false) =>
        CallWithChecks(inputs, training ? CallContext.TrainingMode : CallContext.Inference);

    internal IReadOnlyList<Tensor> CallWithChecks(IReadOnlyList<Tensor> inputs, CallContext context, Tensor? mask = null, bool maskGiven = false)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        using var lossFrame = EnterLossFrame();
        // Errors show the real shapes (batch size included), as the user passed them; the weights are built for an
        // unknown batch size.
        var shapes = new TensorShape[inputs.Count];
        for (var i = 0; i < inputs.Count; i++) shapes[i] = TensorShape.Of(inputs[i].shape);
        foreach (var shape in shapes) ValidateInput(shape, shapes.Length);
        if (!Built) BuildFor(shapes.Select(s => s.Rank == 0 ? s : s.ReplaceBatch(null)).ToArray());
        context = MaskContext(inputs, context, mask, maskGiven, out mask);
        IReadOnlyList<Tensor> outputs;
        try
        {
            outputs = LayerAutocast.Call(this, AutocastMode, inputs, context, (i, c) => Call(i, c));
        }
        catch (System.Runtime.InteropServices.ExternalException e)
        {
            // TorchSharp reports every libtorch failure this way; the innermost layer names itself and its inputs.
            throw TorchErrors.Translate(e, $"{GetType().Name} '{Name}'", inputs);
        }
        AttachOutputMask(inputs, outputs, mask);
        return outputs;
    }

    /// <summary>Applies the layer to a symbolic tensor of the functional API.</summary>
    public KerasTensor Apply(KerasTensor input)
    {
        var outputs = Apply(new[] { input }, single: true);
        return outputs[0];
    }

    /// <summary>
    /// Applies the layer to a symbolic tensor with a fixed training flag: this call always runs in training mode
    /// (<paramref name="training"/> true) or in inference mode (false), whatever mode the enclosing model runs in.
    /// Keras's transfer-learning recipe calls a pretrained base this way (<c>training: false</c>) so that its
    /// BatchNormalization layers keep their statistics even after the base is unfrozen.
    /// </summary>
    public KerasTensor Apply(KerasTensor input, bool training)
    {
        var output = Apply(input);
        output.Node.Training = training;
        return output;
    }

    /// <summary>Applies the layer to several symbolic tensors (merging layers, attention); returns its single output.</summary>
    public KerasTensor Apply(params KerasTensor[] inputs) => Apply((IReadOnlyList<KerasTensor>)inputs, single: true)[0];

    /// <summary>Applies the layer to symbolic tensors and returns every output (layers that return states).</summary>
    public IReadOnlyList<KerasTensor> ApplyMulti(params KerasTensor[] inputs) => Apply(inputs, single: false);

    private IReadOnlyList<KerasTensor> Apply(IReadOnlyList<KerasTensor> inputs, bool single)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Count == 0) throw new ArgumentException($"{GetType().Name} '{Name}' was applied to no inputs.", nameof(inputs));
        var shapes = inputs.Select(i => i.Shape).ToArray();
        if (!Built) BuildFor(shapes);
        else foreach (var shape in shapes) ValidateInput(shape, shapes.Length);
        var outputShapes = ComputeOutputShape(shapes);
        if (single && outputShapes.Count != 1)
            throw new InvalidOperationException($"{GetType().Name} '{Name}' has {outputShapes.Count} outputs; use ApplyMulti to receive them all.");
        var node = new Node(this, inputs.ToArray());
        for (var i = 0; i < outputShapes.Count; i++)
            node.Outputs.Add(new KerasTensor(outputShapes[i], inputs[0].DType, node, i, outputShapes.Count == 1 ? Name : $"{Name}:{i}"));
        InboundNodes.Add(node);
        return node.Outputs;
    }

    internal List<Node> InboundNodes { get; } = new();

    /// <summary>The constructor arguments that recreate this layer (snake_case keys).</summary>
    public virtual Dictionary<string, object?> GetConfig()
    {
        var config = new Dictionary<string, object?> { ["name"] = Name, ["trainable"] = Trainable };
        // Only a policy other than the default, or one given to the layer, is recorded (configs stay as they were).
        if (dtypePolicySet || !dtypePolicy.Equals(DTypePolicy.Float32)) config["dtype"] = dtypePolicy.Name;
        return config;
    }

    /// <summary>Adds a layer's own constructor arguments to its base's config: <c>With(base.GetConfig(), ("axis", Axis))</c>.</summary>
    private protected static Dictionary<string, object?> With(Dictionary<string, object?> config, params (string Key, object? Value)[] entries)
    {
        foreach (var (key, value) in entries) config[key] = value;
        return config;
    }

    /// <summary>Creates a layer from a config of a built-in or registered class.</summary>
    public static Layer FromConfig(string className, IReadOnlyDictionary<string, object?> config) => KerasRegistry.FromConfig<Layer>(className, config);

    /// <summary>Frees the weights of this layer and its sublayers.</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Frees the weights.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (!disposing) return;
        foreach (var (variable, _) in ownWeights) variable.Dispose();
        foreach (var layer in Layers) layer.Dispose();
        seedGenerator?.Dispose();
    }

    /// <summary>
    /// The generator of this layer's random draws when it has a <paramref name="seed"/>: created on first use and
    /// disposed with the layer, so that the sequence of draws is reproducible (each call draws anew, as Keras's seed
    /// generator). Null without a seed: libtorch's global generator.
    /// </summary>
    private protected Generator? SeedGenerator(int? seed) => seed is { } s ? seedGenerator ??= new Generator((ulong)s) : null;

    /// <summary>An error for a wrong number of inputs.</summary>
    protected ArgumentException TooManyInputs(int count) =>
        new($"{GetType().Name} '{Name}' takes exactly one input; received {count}. Use a merging layer (Concatenate, Add...) to combine inputs first.");

    /// <summary>A uniform shape error: names the layer, what it expects, what it received and how to fix it.</summary>
    protected ArgumentException ShapeError(string expected, TensorShape received, string? fix = null) =>
        new($"{GetType().Name} '{Name}' expects {expected}; received shape {received}.{(fix is null ? "" : " " + fix)}");

    /// <inheritdoc/>
    public override string ToString() => $"<{GetType().Name} name={Name}, built={Built}>";
}
