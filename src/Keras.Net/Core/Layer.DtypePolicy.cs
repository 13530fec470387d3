using KerasNet.MixedPrecision;

namespace KerasNet;

// The layer's dtype policy (docs/MIXED_PRECISION.md); LayerAutocast applies it around Call.
public abstract partial class Layer
{
    private DTypePolicy dtypePolicy = Config.DtypePolicy;
    private bool dtypePolicySet;

    /// <summary>
    /// The layer's dtype policy (Keras's <c>dtype</c> argument): its variables are created in
    /// <see cref="VariableDtype"/> and its call computes in <see cref="ComputeDtype"/>. Taken from
    /// <see cref="Config.DtypePolicy"/> when the layer is created; set it before the layer is built (a string converts:
    /// <c>layer.DtypePolicy = "float32"</c>). Setting it also sets it on the sublayers that were not given their own.
    /// </summary>
    /// <exception cref="InvalidOperationException">The layer already has weights in another variable dtype.</exception>
    public DTypePolicy DtypePolicy
    {
        get => dtypePolicy;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            if (ownWeights.Count > 0 && value.VariableDtype != dtypePolicy.VariableDtype)
                throw new InvalidOperationException(
                    $"{GetType().Name} '{Name}' already has weights in {dtypePolicy.VariableDtype}; policy '{value.Name}' stores them in {value.VariableDtype}. " +
                    "Set the policy before the layer is built.");
            dtypePolicy = value;
            dtypePolicySet = true;
            foreach (var layer in Layers)
                if (!layer.dtypePolicySet) layer.SetInheritedPolicy(value);
        }
    }

    // Sublayers created in Build follow a policy given to this layer, as those created in the constructor do.
    private void InheritPolicyIntoNewSublayers()
    {
        if (!dtypePolicySet) return;
        foreach (var layer in Layers)
            if (!layer.dtypePolicySet) layer.SetInheritedPolicy(dtypePolicy);
    }

    private void SetInheritedPolicy(DTypePolicy value)
    {
        if (ownWeights.Count > 0 && value.VariableDtype != dtypePolicy.VariableDtype) return;
        dtypePolicy = value;
        foreach (var layer in Layers)
            if (!layer.dtypePolicySet) layer.SetInheritedPolicy(value);
    }

    /// <summary>The dtype the layer computes in and returns floating outputs in (its policy's).</summary>
    public ScalarType ComputeDtype => dtypePolicy.ComputeDtype;

    /// <summary>The dtype of the layer's floating variables (its policy's).</summary>
    public ScalarType VariableDtype => dtypePolicy.VariableDtype;

    /// <summary>How this layer applies its policy around <c>Call</c> (normalization layers compute in float32).</summary>
    internal virtual AutocastMode AutocastMode => IsFrameworkModelType(GetType()) ? AutocastMode.PassThrough : AutocastMode.Autocast;
}
