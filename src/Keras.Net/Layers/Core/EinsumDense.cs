using System.Text.RegularExpressions;
using KerasNet.Activations;
using KerasNet.Constraints;
using KerasNet.Initializers;
using KerasNet.Regularizers;

namespace KerasNet.Layers;

/// <summary>
/// A dense layer written as an einsum, as Keras's <c>EinsumDense</c>: <c>output = einsum(equation, x, kernel) + bias</c>.
/// The equation is <c>"input,kernel->output"</c> in single letters (<c>"abc,cd->abd"</c>), or with a leading
/// <c>...</c> on the input and output for any number of leading axes (<c>"...b,bc->...c"</c>). The kernel's shape
/// follows its letters: a letter of the input takes the input's size, any other the output's (from
/// <c>outputShape</c>). <c>biasAxes</c> names the output letters the bias spans.
/// </summary>
public sealed class EinsumDense : KernelBiasLayer
{
    private static readonly Regex Plain = new(@"^([a-zA-Z]+),([a-zA-Z]+)->([a-zA-Z]+)$", RegexOptions.CultureInvariant);
    private static readonly Regex LeftElided = new(@"^\.\.\.([a-zA-Z]+),([a-zA-Z]+)->\.\.\.([a-zA-Z]+)$", RegexOptions.CultureInvariant);
    private readonly string inputSpec;
    private readonly string kernelSpec;
    private readonly string outputSpec;
    private readonly bool elided;
    private Variable? kernel;
    private Variable? bias;
    private long[]? biasShape;

    /// <summary>Creates the layer.</summary>
    /// <param name="equation">The einsum equation, e.g. "ab,bc->ac", "abc,cd->abd" or "...b,bc->...c".</param>
    /// <param name="outputShape">The output's shape without the batch axis (with "...": the sizes of the letters after it); null entries are taken from the input.</param>
    /// <param name="activation">The activation (linear).</param>
    /// <param name="biasAxes">The output letters the bias spans (null: no bias).</param>
    /// <param name="kernelInitializer">The kernel's initializer (glorot_uniform).</param>
    /// <param name="biasInitializer">The bias's initializer (zeros).</param>
    /// <param name="kernelRegularizer">The kernel's regularizer.</param>
    /// <param name="biasRegularizer">The bias's regularizer.</param>
    /// <param name="kernelConstraint">The kernel's constraint.</param>
    /// <param name="biasConstraint">The bias's constraint.</param>
    /// <param name="name">The layer's name.</param>
    /// <param name="trainable">Whether the weights are trained.</param>
    public EinsumDense(string equation, long?[] outputShape, ActivationFunction? activation = null, string? biasAxes = null,
                       Initializer? kernelInitializer = null, Initializer? biasInitializer = null,
                       Regularizer? kernelRegularizer = null, Regularizer? biasRegularizer = null,
                       Constraint? kernelConstraint = null, Constraint? biasConstraint = null,
                       string? name = null, bool trainable = true)
        : base(biasAxes is not null, WeightOptions.Kernel(kernelInitializer, kernelRegularizer, kernelConstraint),
               WeightOptions.Bias(biasInitializer, biasRegularizer, biasConstraint), name, trainable)
    {
        ArgumentNullException.ThrowIfNull(equation);
        ArgumentNullException.ThrowIfNull(outputShape);
        var compact = equation.Replace(" ", "", StringComparison.Ordinal);
        var match = Plain.Match(compact);
        elided = !match.Success && (match = LeftElided.Match(compact)).Success;
        if (!match.Success)
            throw new ArgumentException(
                $"EinsumDense: equation must look like \"ab,bc->ac\" or \"...b,bc->...c\" (letters; a leading ... on input and output); received \"{equation}\".", nameof(equation));
        (inputSpec, kernelSpec, outputSpec) = (match.Groups[1].Value, match.Groups[2].Value, match.Groups[3].Value);
        foreach (var spec in new[] { inputSpec, kernelSpec, outputSpec })
            if (spec.Distinct().Count() != spec.Length)
                throw new ArgumentException($"EinsumDense: a letter repeats within \"{spec}\" of equation \"{equation}\"; each axis needs its own letter.", nameof(equation));
        foreach (var c in kernelSpec.Concat(outputSpec))
            if (!inputSpec.Contains(c) && !outputSpec.Contains(c))
                throw new ArgumentException($"EinsumDense: letter '{c}' of equation \"{equation}\" is in neither the input nor the output, so its size is unknown.", nameof(equation));
        foreach (var c in outputSpec)
            if (!inputSpec.Contains(c) && !kernelSpec.Contains(c))
                throw new ArgumentException($"EinsumDense: output letter '{c}' of equation \"{equation}\" is in neither the input nor the kernel.", nameof(equation));
        var explicitOutput = elided ? outputSpec.Length : outputSpec.Length - 1;
        if (outputShape.Length != explicitOutput)
            throw new ArgumentException(
                $"EinsumDense: outputShape must give {explicitOutput} size(s) ({(elided ? "the output letters after ..." : "the output without its batch axis")} of \"{equation}\"); received {outputShape.Length}.", nameof(outputShape));
        if (outputShape.Any(d => d is < 1))
            throw new ArgumentOutOfRangeException(nameof(outputShape), $"EinsumDense: outputShape sizes must be positive or null; received ({string.Join(", ", outputShape.Select(d => d?.ToString() ?? "None"))}).");
        if (biasAxes is not null)
        {
            if (biasAxes.Length == 0 || biasAxes.Any(c => !outputSpec.Contains(c)) || biasAxes.Distinct().Count() != biasAxes.Length)
                throw new ArgumentException($"EinsumDense: biasAxes must be distinct letters of the output \"{outputSpec}\"; received \"{biasAxes}\".", nameof(biasAxes));
        }
        Equation = equation;
        OutputShape = outputShape.ToArray();
        BiasAxes = biasAxes;
        Activation = activation ?? ActivationFunction.Get("linear");
    }

    /// <summary>The einsum equation.</summary>
    public string Equation { get; }
    /// <summary>The output shape as given (without the batch axis, or after the "...").</summary>
    public IReadOnlyList<long?> OutputShape { get; }
    /// <summary>The output letters the bias spans (null: no bias).</summary>
    public string? BiasAxes { get; }
    /// <summary>The activation applied to the output.</summary>
    public ActivationFunction Activation { get; }
    /// <summary>The kernel, shaped after the equation's kernel letters, once built.</summary>
    public Variable Kernel => kernel ?? throw new InvalidOperationException($"EinsumDense '{Name}' is not built yet.");
    /// <summary>The bias, if any, once built.</summary>
    public Variable? Bias => bias;

    /// <inheritdoc/>
    protected override void ValidateInput(TensorShape inputShape, int inputCount)
    {
        var rank = inputSpec.Length + (elided ? 1 : 0);
        if (elided ? inputShape.Rank < rank : inputShape.Rank != rank)
            throw ShapeError($"input of rank {(elided ? "at least " : "")}{rank} for \"{Equation}\"", inputShape);
        var trailingDims = inputShape.Dims.Skip(inputShape.Rank - inputSpec.Length).ToArray();
        for (var i = 0; i < inputSpec.Length; i++)
            if (trailingDims[i] is null && kernelSpec.Contains(inputSpec[i]))
                throw ShapeError($"a known size for axis '{inputSpec[i]}' of \"{Equation}\" (the kernel spans it)", inputShape);
        if (kernel is not null)
        {
            for (var i = 0; i < inputSpec.Length; i++)
                if (kernelSpec.IndexOf(inputSpec[i], StringComparison.Ordinal) is var k and >= 0 && trailingDims[i] != kernel.Shape[k])
                    throw ShapeError($"size {kernel.Shape[k]} on axis '{inputSpec[i]}' of \"{Equation}\" (it was built for it)", inputShape);
        }
    }

    /// <summary>Each output letter's size for an input shape (null where unknown: the batch).</summary>
    private Dictionary<char, long?> Sizes(TensorShape inputShape)
    {
        var sizes = new Dictionary<char, long?>();
        var trailing = inputShape.Dims.Skip(inputShape.Rank - inputSpec.Length).ToArray();
        for (var i = 0; i < inputSpec.Length; i++) sizes[inputSpec[i]] = trailing[i];
        var offset = elided ? 0 : 1;
        for (var i = offset; i < outputSpec.Length; i++)
        {
            var given = OutputShape[i - offset];
            var c = outputSpec[i];
            if (given is null) continue;
            if (sizes.TryGetValue(c, out var fromInput) && fromInput is { } n && n != given)
                throw ShapeError($"size {given} on axis '{c}' (outputShape), the input's size on that axis of \"{Equation}\"", inputShape);
            sizes[c] = given;
        }
        return sizes;
    }

    /// <inheritdoc/>
    protected override void Build(TensorShape inputShape)
    {
        var sizes = Sizes(inputShape);
        var kernelShape = kernelSpec.Select(c => sizes.TryGetValue(c, out var n) && n is { } v ? v
            : throw ShapeError($"a size for kernel axis '{c}' of \"{Equation}\" (give it in outputShape)", inputShape)).ToArray();
        kernel = AddKernel("kernel", kernelShape);
        if (BiasAxes is null) return;
        var first = BiasAxes.Min(c => outputSpec.IndexOf(c, StringComparison.Ordinal));
        biasShape = outputSpec.Skip(first).Select(c => BiasAxes.Contains(c)
            ? sizes.TryGetValue(c, out var n) && n is { } v ? v : throw ShapeError($"a known size for bias axis '{c}'", inputShape)
            : 1L).ToArray();
        bias = AddBias("bias", biasShape.Where((_, i) => BiasAxes.Contains(outputSpec[first + i])).ToArray());
    }

    /// <inheritdoc/>
    protected override Tensor Call(Tensor inputs, CallContext context)
    {
        var equation = elided ? $"...{inputSpec},{kernelSpec}->...{outputSpec}" : $"{inputSpec},{kernelSpec}->{outputSpec}";
        var y = torch.einsum(equation, inputs, Kernel.Value);
        if (bias is not null) y = y + bias.Value.reshape(biasShape!);
        return Activation.IsLinear ? y : Activation.Call(y);
    }

    /// <inheritdoc/>
    public override TensorShape ComputeOutputShape(TensorShape inputShape)
    {
        var sizes = Sizes(inputShape);
        var explicitDims = outputSpec.Select(c => sizes.TryGetValue(c, out var n) ? n : null);
        if (elided) return new TensorShape(inputShape.Dims.Take(inputShape.Rank - inputSpec.Length).Concat(explicitDims).ToArray());
        return new TensorShape(new long?[] { inputShape[0] }.Concat(explicitDims.Skip(1)).ToArray());
    }

    /// <inheritdoc/>
    public override Dictionary<string, object?> GetConfig()
    {
        var config = base.GetConfig();
        config["equation"] = Equation;
        config["output_shape"] = OutputShape.ToArray();
        config["activation"] = Activation.Name;
        config["bias_axes"] = BiasAxes;
        WriteKernelBiasConfig(config);
        return config;
    }
}
