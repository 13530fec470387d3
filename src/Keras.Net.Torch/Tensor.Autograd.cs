using KerasNet.Torch.Interop;

namespace KerasNet.Torch;

public sealed partial class Tensor
{
    /// <summary>Whether autograd records operations on this tensor.</summary>
    public bool requires_grad
    {
        get => NativeMethods.kn_requires_grad(Handle) == 1;
        set => Check(NativeMethods.kn_set_requires_grad(Handle, value ? 1 : 0), "requires_grad", this);
    }

    /// <summary>Sets <see cref="requires_grad"/> and returns this tensor.</summary>
    public Tensor requires_grad_(bool value = true)
    {
        requires_grad = value;
        return this;
    }

    /// <summary>True for tensors created by the user rather than by a recorded op.</summary>
    public bool is_leaf => NativeMethods.kn_is_leaf(Handle) == 1;

    /// <summary>True when this tensor was produced by an op that autograd recorded.</summary>
    public bool has_grad_fn => NativeMethods.kn_has_grad_fn(Handle) == 1;

    /// <summary>
    /// Computes gradients of this tensor with respect to the leaves, accumulating them into their <see cref="grad"/>.
    /// </summary>
    /// <param name="gradient">The gradient of the final result with respect to this tensor; omit for a one-element tensor.</param>
    /// <param name="retain_graph">Keep the graph so that backward can run through it again (defaults to <paramref name="create_graph"/>).</param>
    /// <param name="create_graph">Record the backward pass itself, for higher-order gradients.</param>
    public void backward(Tensor? gradient = null, bool? retain_graph = null, bool create_graph = false)
    {
        if (gradient is null && numel() != 1)
            throw new TorchShapeException($"backward: a gradient can only be implied for a one-element output, but this tensor has shape {Shape.Format(shape)}. Pass gradient: (a tensor of the same shape).", "backward");
        var retain = retain_graph is null ? -1 : retain_graph.Value ? 1 : 0;
        Check(NativeMethods.kn_backward(Handle, HandleOrZero(gradient), retain, create_graph ? 1 : 0), "backward", this, gradient);
    }

    /// <summary>The accumulated gradient, or null before any backward pass reached this tensor. Each read returns a new handle to the same data.</summary>
    public Tensor? grad
    {
        get
        {
            var g = NativeMethods.kn_grad(Handle);
            if (g != IntPtr.Zero) return new Tensor(g);
            if (NativeMethods.kn_last_error_kind() != 0) throw TorchError.FromNative("grad", this);
            return null;
        }
        set => Check(NativeMethods.kn_set_grad(Handle, HandleOrZero(value)), "grad", this, value);
    }

    /// <summary>Clears the gradient: to none (the default, as PyTorch's optimizers do) or to zeros.</summary>
    public void zero_grad(bool set_to_none = true) => Check(NativeMethods.kn_zero_grad(Handle, set_to_none ? 1 : 0), "zero_grad", this);

    /// <summary>Keeps the gradient of a non-leaf tensor after backward.</summary>
    public Tensor retain_grad()
    {
        Check(NativeMethods.kn_retain_grad(Handle), "retain_grad", this);
        return this;
    }

    /// <summary>A tensor sharing this one's data that autograd does not track.</summary>
    public Tensor detach() => Wrap(NativeMethods.kn_detach(Handle), "detach", this);

    /// <summary>Detaches this tensor from the graph in place.</summary>
    public Tensor detach_()
    {
        Check(NativeMethods.kn_detach_(Handle), "detach_", this);
        return this;
    }
}

public static partial class torch
{
    /// <summary>Disables gradient recording on this thread until the returned scope is disposed.</summary>
    /// <example><c>using (torch.no_grad()) { var y = model(x); }</c></example>
    public static GradModeScope no_grad() => new(false);

    /// <summary>Enables gradient recording on this thread until the returned scope is disposed.</summary>
    public static GradModeScope enable_grad() => new(true);

    /// <summary>Sets gradient recording on this thread until the returned scope is disposed.</summary>
    public static GradModeScope set_grad_enabled(bool enabled) => new(enabled);

    /// <summary>Whether gradient recording is enabled on this thread.</summary>
    public static bool is_grad_enabled() => NativeMethods.kn_is_grad_enabled() != 0;

    /// <summary>Autograd functions.</summary>
    public static class autograd
    {
        /// <summary>
        /// Gradients of <paramref name="outputs"/> with respect to <paramref name="inputs"/>, without touching any <c>.grad</c>.
        /// An input that does not affect the outputs gives null when <paramref name="allow_unused"/> is set.
        /// </summary>
        public static unsafe Tensor?[] grad(IReadOnlyList<Tensor> outputs, IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor?>? grad_outputs = null,
                                            bool? retain_graph = null, bool create_graph = false, bool allow_unused = false)
        {
            ArgumentNullException.ThrowIfNull(outputs);
            ArgumentNullException.ThrowIfNull(inputs);
            if (grad_outputs is not null && grad_outputs.Count != outputs.Count)
                throw new ArgumentException($"autograd.grad: {grad_outputs.Count} grad_outputs given for {outputs.Count} outputs.", nameof(grad_outputs));
            var outs = new IntPtr[outputs.Count];
            var grads = new IntPtr[outputs.Count];
            var ins = new IntPtr[inputs.Count];
            var results = new IntPtr[inputs.Count];
            for (var i = 0; i < outs.Length; i++)
            {
                outs[i] = outputs[i].Handle;
                grads[i] = Tensor.HandleOrZero(grad_outputs?[i]);
            }
            for (var i = 0; i < ins.Length; i++) ins[i] = inputs[i].Handle;
            var retain = retain_graph is null ? -1 : retain_graph.Value ? 1 : 0;
            fixed (IntPtr* o = outs, g = grads, n = ins, r = results)
            {
                var status = NativeMethods.kn_autograd_grad(o, outs.Length, grad_outputs is null ? null : g, n, ins.Length, retain, create_graph ? 1 : 0, allow_unused ? 1 : 0, r);
                GC.KeepAlive(outputs);
                GC.KeepAlive(inputs);
                GC.KeepAlive(grad_outputs);
                Tensor.Check(status, "autograd.grad", outputs.Count > 0 ? outputs[0] : null, inputs.Count > 0 ? inputs[0] : null);
            }
            var wrapped = new Tensor?[results.Length];
            for (var i = 0; i < results.Length; i++) wrapped[i] = results[i] == IntPtr.Zero ? null : new Tensor(results[i]);
            return wrapped;
        }
    }
}

/// <summary>Restores the previous gradient mode when disposed. Returned by <see cref="torch.no_grad"/>.</summary>
public readonly struct GradModeScope : IDisposable
{
    private readonly bool previous;

    internal GradModeScope(bool enabled)
    {
        previous = NativeMethods.kn_is_grad_enabled() != 0;
        NativeMethods.kn_set_grad_enabled(enabled ? 1 : 0);
    }

    /// <summary>Restores the gradient mode that was in force before.</summary>
    public void Dispose() => NativeMethods.kn_set_grad_enabled(previous ? 1 : 0);
}
