namespace KerasNet.Applications;

/// <summary>One of the top classes of a prediction.</summary>
/// <param name="ClassIndex">The ImageNet class index (0 to 999).</param>
/// <param name="ClassName">Its English name (torchvision's list).</param>
/// <param name="Score">The model's output for it (a probability after softmax, a logit otherwise).</param>
public sealed record ImageNetPrediction(int ClassIndex, string ClassName, float Score);
