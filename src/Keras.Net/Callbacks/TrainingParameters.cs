namespace KerasNet.Callbacks;

/// <summary>What Fit tells callbacks about the run.</summary>
/// <param name="Epochs">The number of epochs.</param>
/// <param name="Steps">Batches per epoch, when known.</param>
/// <param name="Verbose">0 silent, 1 progress bar, 2 one line per epoch.</param>
public sealed record TrainingParameters(int Epochs, int? Steps, int Verbose);
