namespace KerasNet.Saving;

/// <summary>
/// Implemented by layers whose weights have PyTorch state_dict names that the generic rules of
/// <see cref="StateDictMapping"/> (layer name + "." + the torch name of a Keras weight) cannot find, e.g. a class
/// token stored at the top level of a torchvision state_dict.
/// </summary>
public interface ITorchStateDictNames
{
    /// <summary>The full state_dict key of <paramref name="weight"/>, one of this layer's own weights.</summary>
    string TorchKey(Variable weight);
}
