namespace KerasNet.Tests.BackendTests;

/// <summary>
/// Tests that seed or read libtorch's global generator run alone (after the parallel tests), so that no other test's
/// draws interleave with theirs.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GlobalSeedCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "global torch seed (backend)";
}
