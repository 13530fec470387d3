namespace KerasNet.TorchSupport.Pickle;

/// <summary>
/// The Python globals one caller lets a pickle name, as exact (module, name) pairs: no prefixes, no dotted-name
/// lookups. A <c>GLOBAL</c> or <c>STACK_GLOBAL</c> outside the list stops the stream at once.
/// </summary>
internal sealed class PickleAllowList
{
    private readonly HashSet<(string Module, string Name)> globals;

    /// <summary>Creates the list.</summary>
    public PickleAllowList(IEnumerable<(string Module, string Name)> globals) => this.globals = new(globals);

    /// <summary>True when <paramref name="module"/>.<paramref name="name"/> is allowed.</summary>
    public bool Allows(string module, string name) => globals.Contains((module, name));
}

/// <summary>Bounds one stream may reach before it is refused as hostile or corrupt.</summary>
/// <param name="MaxMarkDepth">How many MARKs may be open at once.</param>
/// <param name="MaxStackValues">How many values the stack may hold.</param>
internal sealed record PickleLimits(int MaxMarkDepth = 64, int MaxStackValues = 1_000_000);
