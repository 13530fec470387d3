namespace KerasNet.Torch;

/// <summary>
/// Collects every tensor created on this thread while it is the innermost scope, and disposes them all when
/// it is disposed. Created by <see cref="torch.NewDisposeScope"/>; nest them freely.
/// </summary>
/// <example><code>
/// using (torch.NewDisposeScope())
/// {
///     var y = (x * 2 + 1).relu();
///     result = y.sum().MoveToOuterDisposeScope();
/// }
/// </code></example>
public sealed class DisposeScope : IDisposable
{
    [ThreadStatic] private static DisposeScope? current;

    private readonly HashSet<Tensor> tensors = new(ReferenceEqualityComparer.Instance);
    private readonly int threadId = Environment.CurrentManagedThreadId;
    private bool disposed;

    internal DisposeScope()
    {
        Outer = current;
        current = this;
    }

    /// <summary>The scope this one is nested in, if any.</summary>
    public DisposeScope? Outer { get; }

    /// <summary>The innermost scope of the calling thread, if any.</summary>
    public static DisposeScope? Current => current;

    /// <summary>How many live tensors this scope holds.</summary>
    public int Count => tensors.Count;

    internal static void Register(Tensor tensor)
    {
        var scope = current;
        if (scope is null) return;
        scope.tensors.Add(tensor);
        tensor.OwnerScope = scope;
    }

    internal void Forget(Tensor tensor)
    {
        tensors.Remove(tensor);
        tensor.OwnerScope = null;
    }

    internal void MoveToOuter(Tensor tensor)
    {
        Forget(tensor);
        if (Outer is null || Outer.disposed) return;
        Outer.tensors.Add(tensor);
        tensor.OwnerScope = Outer;
    }

    /// <summary>Disposes every tensor still held and makes the outer scope current again.</summary>
    public void Dispose()
    {
        if (disposed) return;
        if (threadId != Environment.CurrentManagedThreadId)
            throw new InvalidOperationException("A DisposeScope must be disposed on the thread that created it.");
        disposed = true;
        // Scopes are normally disposed innermost first; if an outer one goes first, drop the inner ones too.
        if (ReferenceEquals(current, this) || IsOuterOfCurrent()) current = Outer;
        foreach (var tensor in tensors)
        {
            tensor.OwnerScope = null;
            tensor.Dispose();
        }
        tensors.Clear();
    }

    private bool IsOuterOfCurrent()
    {
        for (var scope = current; scope is not null; scope = scope.Outer)
            if (ReferenceEquals(scope, this)) return true;
        return false;
    }
}
