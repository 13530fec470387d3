
namespace KerasNet.Data.Transforms;

/// <summary>A transform from a function, for steps not covered by the built-in transforms.</summary>
public sealed class LambdaTransform : ITransform
{
    private readonly Func<Tensor, Random, Tensor> function;

    /// <summary>Creates the transform.</summary>
    public LambdaTransform(Func<Tensor, Random, Tensor> function) => this.function = function ?? throw new ArgumentNullException(nameof(function));

    /// <inheritdoc/>
    public Tensor Apply(Tensor image, Random random) => function(image, random);
}
