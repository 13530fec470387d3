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

    // The tensors this scope owns, each knowing its slot (Tensor.ScopeSlot), so that registering and forgetting one
    // are O(1) without hashing. Forgotten tensors leave a null hole, reclaimed when the array would grow.
    private Tensor?[] slots = new Tensor?[16];
    private int used;
    private int live;
    private readonly int threadId = Environment.CurrentManagedThreadId;
    private bool disposed;

    internal DisposeScope()
    {
        Outer = current;
        current = this;
    }

    /// <summary>
    /// The safety net for a scope that is never disposed (its thread ended, or an outer scope was disposed first and
    /// nothing else references it). Every tensor it still owns references it back, so once the scope is unreachable
    /// those tensors are too, and their native memory can be freed here.
    /// </summary>
    ~DisposeScope()
    {
        for (var i = 0; i < used; i++) slots[i]?.Release();
    }

    /// <summary>The scope this one is nested in, if any.</summary>
    public DisposeScope? Outer { get; }

    /// <summary>The innermost scope of the calling thread, if any.</summary>
    public static DisposeScope? Current => current;

    /// <summary>How many live tensors this scope holds.</summary>
    public int Count => live;

    /// <summary>Puts the tensor in the calling thread's innermost scope; false when there is none.</summary>
    internal static bool TryRegister(Tensor tensor)
    {
        var scope = current;
        if (scope is null) return false;
        scope.Add(tensor);
        return true;
    }

    private void Add(Tensor tensor)
    {
        if (used == slots.Length) MakeRoom();
        tensor.OwnerScope = this;
        tensor.ScopeSlot = used;
        slots[used++] = tensor;
        live++;
    }

    private void MakeRoom()
    {
        if (live <= used / 2)
        {
            // Mostly holes: compact in place.
            var j = 0;
            for (var i = 0; i < used; i++)
            {
                var t = slots[i];
                if (t is null) continue;
                t.ScopeSlot = j;
                slots[j++] = t;
            }
            Array.Clear(slots, j, used - j);
            used = j;
        }
        if (used == slots.Length) Array.Resize(ref slots, slots.Length * 2);
    }

    /// <summary>Stops owning the tensor (which must be owned by this scope).</summary>
    internal void Unlink(Tensor tensor)
    {
        slots[tensor.ScopeSlot] = null;
        tensor.OwnerScope = null;
        live--;
    }

    internal void MoveToOuter(Tensor tensor)
    {
        Unlink(tensor);
        if (Outer is null || Outer.disposed) tensor.ArmReleaser();
        else Outer.Add(tensor);
    }

    /// <summary>Disposes every tensor still held and makes the outer scope current again.</summary>
    public void Dispose()
    {
        if (disposed) return;
        if (threadId != Environment.CurrentManagedThreadId)
            throw new InvalidOperationException("A DisposeScope must be disposed on the thread that created it.");
        disposed = true;
        GC.SuppressFinalize(this);
        // Scopes are normally disposed innermost first; if an outer one goes first, drop the inner ones too.
        if (ReferenceEquals(current, this) || IsOuterOfCurrent()) current = Outer;
        for (var i = 0; i < used; i++)
        {
            var tensor = slots[i];
            if (tensor is null) continue;
            tensor.OwnerScope = null;
            tensor.Release();
        }
        Array.Clear(slots, 0, used);
        used = live = 0;
    }

    private bool IsOuterOfCurrent()
    {
        for (var scope = current; scope is not null; scope = scope.Outer)
            if (ReferenceEquals(scope, this)) return true;
        return false;
    }
}
