using TorchModule = TorchSharp.torch.nn.Module;

namespace KerasNet.Models;

/// <summary>
/// A Keras model seen as a TorchSharp <c>nn.Module&lt;Tensor, Tensor&gt;</c> (made by <see cref="Model.AsTorchModule"/>),
/// for code that expects a module: a hand-written TorchSharp training loop, <c>torch.optim</c> optimizers, a parent
/// module that holds it as a submodule, <c>state_dict()</c>/<c>load_state_dict()</c>.
/// </summary>
/// <remarks>
/// <para>
/// It is a view: it holds no weights of its own. <c>parameters()</c> returns the model's <see cref="Variable.Parameter"/>
/// Parameters themselves, so a TorchSharp optimizer updates the Keras model in place and the model's own
/// <c>Predict</c> sees the result. <c>forward(x)</c> runs the model on one input tensor,
/// in training mode after <c>train()</c> (the default, as for every TorchSharp module) and in inference mode after
/// <c>eval()</c>.
/// </para>
/// <para>
/// Names: a weight's <see cref="Variable.Path"/> with <c>/</c> replaced by <c>.</c>, e.g. <c>dense_1.kernel</c>,
/// <c>conv2d.bias</c>, and for a wrapped TorchSharp module <c>resnet.layer1.0.conv1.weight</c>. Values keep Keras's
/// layouts (a Dense kernel is (in, out)); <see cref="Saving.StateDictMapping"/> converts to PyTorch's names and
/// layouts when a PyTorch <c>state_dict</c> is wanted. Weights that training updates, frozen or not, are parameters;
/// state that is never trained (BatchNormalization's <c>moving_mean</c>/<c>moving_variance</c>, a wrapped module's
/// buffers) are buffers, as PyTorch files them, and appear in <c>state_dict()</c> but not in <c>parameters()</c>.
/// </para>
/// <para>
/// <c>to(device)</c> moves the Keras model (<see cref="Model.To(Device)"/>), which gives its variables new
/// Parameters: build the TorchSharp optimizer after moving, as in PyTorch. Only the model's own dtype is accepted by
/// <c>to(dtype)</c>. Disposing this module does not free the model's weights; dispose the model for that.
/// </para>
/// </remarks>
public sealed class KerasTorchModule : torch.nn.Module<Tensor, Tensor>
{
    private Variable[] variables = Array.Empty<Variable>();
    private Parameter[] values = Array.Empty<Parameter>();
    private bool disposed;

    internal KerasTorchModule(Model model) : base(model.Name)
    {
        Model = model;
        Synchronize();
    }

    /// <summary>The Keras model this module runs.</summary>
    public Model Model { get; }

    /// <summary>Runs the model on <paramref name="input"/>: training mode after <c>train()</c>, inference mode after <c>eval()</c>.</summary>
    /// <exception cref="InvalidOperationException">The model has several inputs or outputs (a module of this type takes and returns one tensor).</exception>
    public override Tensor forward(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        Synchronize();
        return Model.Apply(input, training);
    }

    /// <summary>The model's trainable-kind weights under their dotted paths (see the class remarks), always the current Parameters.</summary>
    public override IEnumerable<(string name, Parameter parameter)> named_parameters(bool recurse = true)
    {
        Synchronize();
        return base.named_parameters(recurse);
    }

    /// <summary>The model's never-trained state (moving statistics, wrapped modules' buffers) under their dotted paths.</summary>
    public override IEnumerable<(string name, Tensor buffer)> named_buffers(bool recurse = true, bool include_nonpersistent = true)
    {
        Synchronize();
        return base.named_buffers(recurse, include_nonpersistent);
    }

    /// <inheritdoc/>
    public override Parameter? get_parameter(string target)
    {
        Synchronize();
        return base.get_parameter(target);
    }

    /// <inheritdoc/>
    public override Tensor? get_buffer(string target)
    {
        Synchronize();
        return base.get_buffer(target);
    }

    /// <inheritdoc/>
    public override bool has_parameter(string target)
    {
        Synchronize();
        return base.has_parameter(target);
    }

    /// <inheritdoc/>
    public override bool has_buffer(string target)
    {
        Synchronize();
        return base.has_buffer(target);
    }

    /// <summary>Moves the Keras model (see <see cref="Model.To(Device)"/>) after checking that <paramref name="dtype"/> is the model's.</summary>
    protected override TorchModule _to(Device device, ScalarType dtype, bool non_blocking)
    {
        CheckDtype(dtype);
        Model.To(device);
        Synchronize();
        return this;
    }

    /// <summary>Moves the Keras model (see <see cref="Model.To(Device)"/>).</summary>
    protected override TorchModule _to(DeviceType deviceType, int deviceIndex, bool non_blocking)
    {
        Model.To(new Device(deviceType, deviceType == DeviceType.CUDA ? deviceIndex : -1));
        Synchronize();
        return this;
    }

    /// <summary>Accepts only the model's own floating dtype (a no-op): Keras.Net does not convert a model's variables.</summary>
    protected override TorchModule _to(ScalarType dtype, bool non_blocking)
    {
        CheckDtype(dtype);
        return this;
    }

    private void CheckDtype(ScalarType dtype)
    {
        var held = Model.Weights.Select(v => v.Value.dtype).Where(t => t.IsFloatingPoint()).Distinct().ToArray();
        if (held.Length > 0 && held.Any(t => t != dtype))
            throw new NotSupportedException(
                $"KerasTorchModule for model '{Model.Name}': to({dtype}) would convert the model's variables, which are {string.Join(", ", held)}; " +
                "Keras.Net keeps a model's variables in the dtype they were created with. Build the model in the dtype you need, " +
                $"or convert the inputs instead (x.to({held[0]})).");
    }

    /// <summary>
    /// Registers the model's current Parameters, when the set of weights or any of their Parameters changed since the
    /// last time (layers were built, the model moved to another device).
    /// </summary>
    private void Synchronize()
    {
        if (disposed) return;
        var weights = Model.Weights;
        if (weights.Count == variables.Length)
        {
            var same = true;
            for (var i = 0; i < weights.Count && same; i++)
                same = ReferenceEquals(weights[i], variables[i]) && ReferenceEquals(weights[i].Parameter, values[i]);
            if (same) return;
        }
        var seen = new Dictionary<string, Variable>(StringComparer.Ordinal);
        var named = new List<(string Key, Variable Weight)>(weights.Count);
        foreach (var weight in weights)
        {
            var key = TorchName(weight);
            if (seen.TryGetValue(key, out var other))
                throw new InvalidOperationException(
                    $"Model '{Model.Name}': weights '{other.Path}' and '{weight.Path}' both have the TorchSharp name '{key}', and a module's names must be unique. " +
                    "Give their layers distinct names.");
            seen[key] = weight;
            named.Add((key, weight));
        }
        _internal_params.clear();
        _internal_buffers.clear();
        foreach (var (key, weight) in named)
        {
            if (weight.DeclaredTrainable) register_parameter(key, weight.Parameter);
            else register_buffer(key, weight.Value);
        }
        variables = weights.ToArray();
        values = variables.Select(v => v.Parameter).ToArray();
    }

    /// <summary>A weight's name in this module: its path with <c>/</c> replaced by <c>.</c> (<c>dense_1.kernel</c>).</summary>
    public static string TorchName(Variable weight)
    {
        ArgumentNullException.ThrowIfNull(weight);
        return weight.Path.Replace('/', '.');
    }

    /// <summary>Releases the native module; the Keras model and its weights are left as they are.</summary>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            disposed = true;
            // The base class frees what is registered; the weights belong to the model.
            _internal_params.clear();
            _internal_buffers.clear();
        }
        base.Dispose(disposing);
    }
}
