using KerasNet.Constraints;
using KerasNet.Initializers;
using KerasNet.Regularizers;
using KerasNet.Serialization;

namespace KerasNet.Layers;

/// <summary>The config entries of a layer's kernel and bias options, shared by Dense and the convolutions.</summary>
internal static class KernelBiasConfig
{
    /// <summary>Writes kernel/bias initializer, regularizer and constraint, in Keras's key order.</summary>
    internal static void Write(Dictionary<string, object?> config,
                               Initializer kernelInitializer, Initializer biasInitializer,
                               Regularizer? kernelRegularizer, Regularizer? biasRegularizer,
                               Constraint? kernelConstraint, Constraint? biasConstraint)
    {
        config["kernel_initializer"] = KerasRegistry.Serialize(kernelInitializer);
        config["bias_initializer"] = KerasRegistry.Serialize(biasInitializer);
        config["kernel_regularizer"] = KerasRegistry.SerializeOrNull(kernelRegularizer);
        config["bias_regularizer"] = KerasRegistry.SerializeOrNull(biasRegularizer);
        config["kernel_constraint"] = KerasRegistry.SerializeOrNull(kernelConstraint);
        config["bias_constraint"] = KerasRegistry.SerializeOrNull(biasConstraint);
    }
}
