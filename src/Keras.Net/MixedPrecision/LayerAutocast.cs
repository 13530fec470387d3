namespace KerasNet.MixedPrecision;

/// <summary>
/// Runs a layer's <c>Call</c> under its dtype policy, as Keras's <c>Layer.__call__</c>: floating inputs are cast to the
/// compute dtype and an <see cref="AutocastScope"/> makes variables read as that dtype, so a layer's math needs no
/// change. Under the default float32 policy nothing happens unless an input arrives in float16 or bfloat16 (it is
/// cast to float32) or the layer runs inside another layer's scope.
/// </summary>
internal static class LayerAutocast
{
    /// <summary>Calls <paramref name="call"/> on <paramref name="inputs"/> under <paramref name="layer"/>'s policy.</summary>
    internal static IReadOnlyList<Tensor> Call(Layer layer, AutocastMode mode, IReadOnlyList<Tensor> inputs, CallContext context,
                                               Func<IReadOnlyList<Tensor>, CallContext, IReadOnlyList<Tensor>> call)
    {
        if (mode == AutocastMode.PassThrough) return call(inputs, context);
        var policy = layer.DtypePolicy;
        // Float32 mode keeps numerically sensitive layers out of half precision; a float64 policy stays in float64.
        var target = mode == AutocastMode.Float32 && IsHalf(policy.ComputeDtype) ? ScalarType.Float32 : policy.ComputeDtype;
        var castInputs = mode == AutocastMode.IndexInputs ? inputs : CastInputs(inputs, target);
        var needsScope = AutocastScope.Current is not null || policy.VariableDtype != target;
        if (!needsScope && ReferenceEquals(castInputs, inputs) && !(mode == AutocastMode.Float32 && policy.IsMixed))
            return call(inputs, context);
        IReadOnlyList<Tensor> outputs;
        using (var scope = AutocastScope.Enter(target))
        {
            outputs = call(castInputs, context);
            scope.Release(outputs);
        }
        return mode == AutocastMode.Float32 && policy.ComputeDtype != target ? CastOutputs(outputs, policy.ComputeDtype) : outputs;
    }

    /// <summary>True for the half-precision floating dtypes.</summary>
    internal static bool IsHalf(ScalarType dtype) => dtype is ScalarType.BFloat16 or ScalarType.Float16;

    // Keras casts every floating input to the compute dtype. Under a full-precision target only half-precision inputs
    // are cast, so float64 data keeps running in float64 under the default policy as it always has.
    private static IReadOnlyList<Tensor> CastInputs(IReadOnlyList<Tensor> inputs, ScalarType target)
    {
        Tensor[]? cast = null;
        for (var i = 0; i < inputs.Count; i++)
        {
            var dtype = inputs[i].dtype;
            if (dtype == target || !torch.is_floating_point(inputs[i]) || !(IsHalf(target) || IsHalf(dtype))) continue;
            cast ??= inputs.ToArray();
            cast[i] = inputs[i].to(target);
        }
        return cast ?? inputs;
    }

    private static IReadOnlyList<Tensor> CastOutputs(IReadOnlyList<Tensor> outputs, ScalarType dtype)
    {
        var cast = outputs.ToArray();
        for (var i = 0; i < cast.Length; i++)
            if (cast[i].dtype != dtype && torch.is_floating_point(cast[i])) cast[i] = cast[i].to(dtype);
        return cast;
    }

    /// <summary>
    /// <paramref name="value"/> in float32 when it is in half precision (losses and metrics are computed in float32,
    /// as in Keras); otherwise <paramref name="value"/> itself.
    /// </summary>
    internal static Tensor ToFloat32(Tensor value) => IsHalf(value.dtype) ? value.to(ScalarType.Float32) : value;
}
