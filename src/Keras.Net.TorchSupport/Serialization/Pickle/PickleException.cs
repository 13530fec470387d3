namespace KerasNet.TorchSupport.Pickle;

/// <summary>
/// A pickle stream that <see cref="PickleMachine"/> cannot read: malformed, truncated, past a limit, or using an opcode
/// it does not interpret. Callers translate it into their own exception type, naming their file.
/// </summary>
internal class PickleException(string reason, long offset) : Exception(reason)
{
    /// <summary>What is wrong, as a clause without the file name or a final period.</summary>
    public string Reason { get; } = reason;

    /// <summary>The byte offset in the buffer the machine was reading where the problem showed.</summary>
    public long Offset { get; } = offset;
}

/// <summary>The stream names a global outside the caller's allow-list. It was refused before anything else happened.</summary>
internal sealed class PickleGlobalRefusedException(string module, string name, long offset)
    : PickleException($"the pickle names the Python global '{module}.{name}', which is not allowed", offset)
{
    /// <summary>The refused global's module.</summary>
    public string Module { get; } = module;

    /// <summary>The refused global's name.</summary>
    public string Name { get; } = name;

    /// <summary><c>module.name</c>.</summary>
    public string FullName => $"{Module}.{Name}";
}
