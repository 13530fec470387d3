namespace KerasNet.Tests.Integration;

/// <summary>Training tests run one at a time: they are CPU-heavy and the memory test must not see others' allocations.</summary>
[CollectionDefinition("Training", DisableParallelization = true)]
public class TrainingCollection;
