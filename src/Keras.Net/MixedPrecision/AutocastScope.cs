namespace KerasNet.MixedPrecision;

/// <summary>
/// While a layer with a mixed policy runs its <c>Call</c>, reading a floating <see cref="Variable.Value"/> gives the
/// variable cast to the layer's compute dtype (Keras's <c>AutocastScope</c>). The cast is recorded by autograd, so the
/// gradient reaches the float32 variable; each variable is cast once per scope, and the casts are freed when the scope
/// ends (autograd keeps what it saved). Scopes nest: a sublayer's call opens its own.
/// </summary>
internal sealed class AutocastScope : IDisposable
{
    [ThreadStatic] private static AutocastScope? current;

    private readonly AutocastScope? previous;
    private readonly Dictionary<Variable, Tensor> casts = new(ReferenceEqualityComparer.Instance);
    private bool disposed;

    private AutocastScope(ScalarType dtype)
    {
        Dtype = dtype;
        previous = current;
        current = this;
    }

    /// <summary>The dtype floating variables are read as.</summary>
    internal ScalarType Dtype { get; }

    /// <summary>The innermost scope of this thread, or null outside any layer call with a policy.</summary>
    internal static AutocastScope? Current => current;

    /// <summary>Opens a scope in which floating variables are read as <paramref name="dtype"/>.</summary>
    internal static AutocastScope Enter(ScalarType dtype) => new(dtype);

    /// <summary>The value a layer sees for <paramref name="variable"/>: <paramref name="value"/> or its cast.</summary>
    internal static Tensor Read(Variable variable, Tensor value)
    {
        var scope = current;
        if (scope is null) return value;
        var dtype = value.dtype;
        if (dtype == scope.Dtype || !torch.is_floating_point(value)) return value;
        if (!scope.casts.TryGetValue(variable, out var cast))
        {
            cast = value.to(scope.Dtype).DetachFromDisposeScope();
            scope.casts[variable] = cast;
        }
        return cast;
    }

    /// <summary>
    /// Ends the scope and frees its casts, except any a layer returned as an output (a layer that outputs a weight
    /// as it is): that one is left to the caller (and to its finalizer).
    /// </summary>
    internal void Release(IReadOnlyList<Tensor>? outputs)
    {
        if (disposed) return;
        disposed = true;
        current = previous;
        foreach (var cast in casts.Values)
        {
            if (outputs is null || !outputs.Any(o => ReferenceEquals(o, cast))) cast.Dispose();
        }
        casts.Clear();
    }

    /// <summary>Ends the scope (on an exception path) and frees its casts.</summary>
    public void Dispose() => Release(null);
}
