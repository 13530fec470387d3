namespace KerasNet.Tests.Distributed;

/// <summary>The tests that start MPI jobs run one at a time and beside no other test: each job uses both cores.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public class MpiProcessCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "MPI processes";
}
