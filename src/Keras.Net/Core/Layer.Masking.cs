using System.Runtime.CompilerServices;

namespace KerasNet;

// Masks over time steps, as in Keras: a layer may produce a mask (Embedding with maskZero, Masking), pass it on
// (layers that keep the time axis) or consume it (recurrent layers, GlobalAveragePooling1D). A mask travels with
// the tensor it describes, like Keras's `_keras_mask`: every call through CallWithChecks (eager Apply, Sequential,
// functional graphs, the training loop) reads the mask of its first input, hands it to Call in CallContext.Mask,
// and attaches ComputeMask's result to its first output.
public abstract partial class Layer
{
    private static readonly ConditionalWeakTable<Tensor, Tensor> Masks = new();

    /// <summary>
    /// Whether this layer passes a mask it receives on to its output unchanged (layers that keep the time axis:
    /// Dense, Dropout, Activation, TimeDistributed...). Layers that consume or produce a mask override
    /// <see cref="ComputeMask(Tensor, Tensor?)"/> instead.
    /// </summary>
    public virtual bool SupportsMasking => false;

    /// <summary>
    /// The mask of this layer's (first) output, given its first input and that input's mask (true = keep the step).
    /// By default the mask is passed through when <see cref="SupportsMasking"/> is true, and dropped otherwise.
    /// </summary>
    public virtual Tensor? ComputeMask(Tensor inputs, Tensor? mask) => SupportsMasking ? mask : null;

    /// <summary>
    /// The mask of the (first) output of a call with several inputs, given every input and its mask (null where an
    /// input carries none). By default the first input's: <see cref="ComputeMask(Tensor, Tensor?)"/>. Merge layers
    /// override it to combine their inputs' masks, as Keras's do.
    /// </summary>
    public virtual Tensor? ComputeMask(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor?> masks)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(masks);
        return ComputeMask(inputs[0], masks[0]);
    }

    /// <summary>
    /// The mask carried by a tensor that a layer returned (Keras's <c>tensor._keras_mask</c>), or null when it has
    /// none (or the mask has been disposed).
    /// </summary>
    public static Tensor? GetMask(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        return Masks.TryGetValue(tensor, out var mask) && !mask.IsInvalid ? mask : null;
    }

    /// <summary>Attaches <paramref name="mask"/> to <paramref name="tensor"/> (null removes it).</summary>
    internal static void SetMask(Tensor tensor, Tensor? mask)
    {
        if (mask is null) Masks.Remove(tensor);
        else Masks.AddOrUpdate(tensor, mask);
    }

    /// <summary>Runs the layer on a tensor with an explicit mask over its time steps (true = keep), as Keras's <c>layer(x, mask=...)</c>.</summary>
    /// <param name="inputs">A batch.</param>
    /// <param name="mask">(batch, time) booleans, or null for no mask (a mask carried by <paramref name="inputs"/> is then ignored).</param>
    /// <param name="training">True to run in training mode.</param>
    public Tensor Apply(Tensor inputs, Tensor? mask, bool training = false)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var outputs = CallWithChecks(new[] { inputs }, training ? CallContext.TrainingMode : CallContext.Inference, mask, maskGiven: true);
        if (outputs.Count != 1)
            throw new InvalidOperationException($"{GetType().Name} '{Name}' returns {outputs.Count} outputs; use Apply(IReadOnlyList<Tensor>) to receive them all.");
        return outputs[0];
    }

    /// <summary>Runs the layer on several tensors with an explicit mask over the first one's time steps (layers that take initial states or return several outputs).</summary>
    /// <param name="inputs">The inputs (a sequence first, then e.g. initial states).</param>
    /// <param name="mask">(batch, time) booleans for the first input, or null for no mask.</param>
    /// <param name="training">True to run in training mode.</param>
    public IReadOnlyList<Tensor> Apply(IReadOnlyList<Tensor> inputs, Tensor? mask, bool training = false) =>
        CallWithChecks(inputs, training ? CallContext.TrainingMode : CallContext.Inference, mask, maskGiven: true);

    /// <summary>The context for Call (carrying the first input's mask), and that mask.</summary>
    private static CallContext MaskContext(IReadOnlyList<Tensor> inputs, CallContext context, Tensor? givenMask, bool maskGiven, out Tensor? mask)
    {
        mask = maskGiven ? givenMask : inputs.Count > 0 ? GetMask(inputs[0]) : null;
        return ReferenceEquals(context.Mask, mask) ? context : context.WithMask(mask);
    }

    /// <summary>Attaches the output mask to the first output (models leave their inner layers' masks in place).</summary>
    private void AttachOutputMask(IReadOnlyList<Tensor> inputs, IReadOnlyList<Tensor> outputs, Tensor? mask)
    {
        if (this is Models.Model || inputs.Count == 0 || outputs.Count == 0 || ReferenceEquals(outputs[0], inputs[0])) return;
        var outputMask = inputs.Count == 1
            ? ComputeMask(inputs[0], mask)
            : ComputeMask(inputs, inputs.Select((input, i) => i == 0 ? mask : GetMask(input)).ToArray());
        if (outputMask is not null) Masks.AddOrUpdate(outputs[0], outputMask);
        else if (Masks.TryGetValue(outputs[0], out _)) Masks.Remove(outputs[0]);
    }
}
