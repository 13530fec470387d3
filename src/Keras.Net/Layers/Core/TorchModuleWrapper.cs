using KerasNet.MixedPrecision;
using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using KerasNet.Serialization;
using TorchModule = TorchSharp.torch.nn.Module<TorchSharp.torch.Tensor, TorchSharp.torch.Tensor>;

namespace KerasNet.Layers;

/// <summary>
/// Uses any TorchSharp <c>nn.Module&lt;Tensor, Tensor&gt;</c> (a TorchVision ResNet, a hand-written block) as a Keras
/// layer, as Keras 3's <c>TorchModuleWrapper</c>. The module's parameters become the layer's trainable weights (the
/// same <see cref="Parameter"/> objects, so Keras optimizers train the module itself) and its persistent buffers
/// (BatchNorm's <c>running_mean</c>, <c>running_var</c>, <c>num_batches_tracked</c>) its non-trainable weights.
/// </summary>
/// <remarks>
/// <para>
/// Weights are named <c>layer_name/</c> followed by the module's own state_dict key, e.g.
/// <c>resnet/layer1.0.conv1.weight</c> and <c>resnet/bn1.running_mean</c>, in the order of
/// <c>named_parameters()</c> then <c>named_buffers()</c>; they save and load with the model
/// (<see cref="Models.Model.SaveWeights"/>, checkpoints, <see cref="Callbacks.BackupAndRestore"/>). A parameter created
/// with requires_grad false stays frozen. A buffer is tracked through a Parameter that shares its storage, so the
/// module's in-place updates (BatchNorm statistics in training) and loaded values are the same numbers; a module that
/// assigns a new tensor object to a parameter or buffer after it was wrapped is not followed (update in place, as
/// TorchSharp's own modules do).
/// </para>
/// <para>
/// <c>Call</c> switches the module to <c>train()</c> or <c>eval()</c> after the call's training flag and runs
/// <c>module.call(x)</c> (<c>forward</c> plus any hooks registered on the module). The output shape is found by running
/// the module on a batch of zeros. The layer owns the module: disposing the layer disposes it.
/// </para>
/// <para>
/// A model archive (<see cref="Models.Model.Save"/>) stores a config from which the layer is rebuilt, and code cannot be
/// written into a config: a layer made from a module instance refuses to serialize. Either save weights only
/// (<see cref="Models.Model.SaveWeights"/>, <c>ModelCheckpoint(saveWeightsOnly: true)</c>) and rebuild the model in
/// code before loading them, or register a factory with <see cref="Register"/> and create the layer from its name
/// (<c>new TorchModuleWrapper("resnet18_10")</c>), which archives and loads like any built-in layer.
/// </para>
/// </remarks>
public sealed class TorchModuleWrapper : Layer
{
    /// <summary>The wrapped module holds its own float32 parameters: it runs in float32, its outputs are cast to the compute dtype.</summary>
    internal override AutocastMode AutocastMode => AutocastMode.Float32;

    private static readonly ConcurrentDictionary<string, Func<TorchModule>> Factories = new(StringComparer.Ordinal);
    private readonly List<(Variable Variable, string Key, bool IsBuffer)> tracked = new();

    /// <summary>Wraps <paramref name="module"/> (the layer takes ownership of it).</summary>
    /// <param name="module">The TorchSharp module; its parameters and buffers are tracked as they are now.</param>
    /// <param name="name">The layer's name; generated (<c>torch_module_wrapper</c>, ...) if omitted. Give one to load weights by name.</param>
    /// <param name="trainable">Whether training updates the module's parameters.</param>
    /// <exception cref="ArgumentNullException"><paramref name="module"/> is null.</exception>
    /// <exception cref="ArgumentException">The module has been disposed.</exception>
    public TorchModuleWrapper(TorchModule module, string? name = null, bool trainable = true) : base(name, trainable)
    {
        ArgumentNullException.ThrowIfNull(module);
        Module = module;
        TrackModule();
    }

    /// <summary>Creates the module with the factory registered under <paramref name="module"/> (see <see cref="Register"/>) and wraps it.</summary>
    /// <param name="module">The name a factory was registered under; it is written into the layer's config.</param>
    /// <param name="name">The layer's name.</param>
    /// <param name="trainable">Whether training updates the module's parameters.</param>
    /// <exception cref="KerasSerializationException">No factory is registered under <paramref name="module"/>.</exception>
    public TorchModuleWrapper(string module, string? name = null, bool trainable = true) : base(name, trainable)
    {
        ArgumentException.ThrowIfNullOrEmpty(module);
        if (!Factories.TryGetValue(module, out var factory))
            throw new KerasSerializationException(
                $"TorchModuleWrapper: no module factory is registered under '{module}'. Call TorchModuleWrapper.Register(\"{module}\", () => ...) " +
                $"before creating or loading the layer. Registered: [{string.Join(", ", Factories.Keys.Order(StringComparer.Ordinal))}].");
        Module = factory() ?? throw new InvalidOperationException($"TorchModuleWrapper: the factory registered under '{module}' returned null; it must return a new module.");
        FactoryName = module;
        TrackModule();
    }

    /// <summary>
    /// Registers a factory under <paramref name="name"/>, so that layers created with
    /// <c>new TorchModuleWrapper(name)</c> can be saved in a model archive and loaded back (the factory runs again on
    /// load, then the saved weights are assigned). Registering a name again replaces its factory.
    /// </summary>
    /// <param name="name">A name for the module's architecture, e.g. <c>resnet18_10</c>.</param>
    /// <param name="factory">Creates a new module of that architecture each time it is called.</param>
    public static void Register(string name, Func<TorchModule> factory)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Factories[name] = factory ?? throw new ArgumentNullException(nameof(factory));
    }

    /// <summary>The wrapped TorchSharp module.</summary>
    public TorchModule Module { get; }

    /// <summary>The registered factory name the module was created from, or null for a module instance.</summary>
    public string? FactoryName { get; }

    private void TrackModule()
    {
        try
        {
            // A disposed module lists no parameters; its native handle tells.
            _ = Module.training;
        }
        catch (ObjectDisposedException e)
        {
            throw new ArgumentException(
                $"TorchModuleWrapper '{Name}' received a {Module.GetType().Name} module that has been disposed; expected a live module. " +
                "Wrap the module before anything disposes it: the layer owns it from then on and disposes it with the model.", "module", e);
        }
        foreach (var (key, parameter) in Module.named_parameters())
            tracked.Add((TrackParameter(key, parameter, parameter.requires_grad, ownsValue: false), key, false));
        foreach (var (key, buffer) in Module.named_buffers(include_nonpersistent: false))
            tracked.Add((TrackParameter(key, Alias(buffer), trainable: false, ownsValue: true), key, true));
    }

    // A Parameter sharing the buffer's storage: the variable sees the module's in-place updates and writes into them.
    private static Parameter Alias(Tensor buffer)
    {
        using var noGrad = torch.no_grad();
        var alias = new Parameter(buffer.detach(), requires_grad: false);
        alias.DetachFromDisposeScope();
        return alias;
    }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, CallContext context)
    {
        if (Module.training != context.Training) Module.train(context.Training);
        return Module.call(inputs);
    }

    /// <summary>The output shape, found by running the module in eval mode on a batch of two zeros.</summary>
    /// <exception cref="TorchException">The module rejects inputs of <paramref name="inputShape"/>; the message names the layer.</exception>
    public override TensorShape ComputeOutputShape(TensorShape inputShape)
    {
        try
        {
            return InferOutputShapes(new[] { inputShape })[0];
        }
        catch (ExternalException e)
        {
            throw TorchErrors.Translate(e, $"TorchModuleWrapper '{Name}' ({Module.GetType().Name}) on an input of shape {inputShape}", null);
        }
    }

    /// <summary>
    /// Moves the module to <paramref name="device"/> with TorchSharp's <c>module.to</c> (which creates new Parameters
    /// and buffers) and points the layer's variables at the new ones.
    /// </summary>
    internal void MoveTo(Device device)
    {
        Module.to(device);
        var parameters = Module.named_parameters().ToDictionary(p => p.name, p => p.parameter, StringComparer.Ordinal);
        var buffers = Module.named_buffers(include_nonpersistent: false).ToDictionary(b => b.name, b => b.buffer, StringComparer.Ordinal);
        foreach (var (variable, key, isBuffer) in tracked)
        {
            if (isBuffer)
            {
                var old = variable.Parameter;
                variable.Rebind(Alias(buffers[key]));
                old.Dispose();
            }
            else variable.Rebind(parameters[key]);
        }
    }

    /// <summary>The config: the registered factory name under <c>module</c>.</summary>
    /// <exception cref="KerasSerializationException">The layer wraps a module instance, which no config can recreate; the message says what works instead.</exception>
    public override Dictionary<string, object?> GetConfig()
    {
        if (FactoryName is null)
            throw new KerasSerializationException(
                $"TorchModuleWrapper layer '{Name}' wraps a TorchSharp module instance ({Module.GetType().Name}), which a model archive cannot recreate. " +
                "Save the weights only (model.SaveWeights(path), or ModelCheckpoint with saveWeightsOnly: true) and rebuild the model in code " +
                "before model.LoadWeights(path); or register a factory with TorchModuleWrapper.Register(\"name\", () => new module) and create " +
                "the layer as new TorchModuleWrapper(\"name\"), which model archives can save and load.");
        var config = base.GetConfig();
        config["module"] = FactoryName;
        return config;
    }

    /// <summary>Frees the module (its parameters and buffers) and the layer's views of its buffers.</summary>
    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) Module.Dispose();
    }
}
