namespace KerasNet.TorchSupport;

/// <summary>
/// Loads a PyTorch state_dict from either kind of weights file, told apart by the file's first bytes (not its
/// extension): a <c>torch.save</c> file (.pt/.pth, zip format) through the restricted reader of
/// <see cref="TorchSaveFile"/>, which never runs anything the file names, or a safetensors file.
/// </summary>
public static class StateDictFile
{
    /// <summary>Loads every tensor of the file by name, in the file's order.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="UnsafePickleException">A torch.save file names a Python global that is not allowed.</exception>
    /// <exception cref="TorchFormatException">The file is neither a valid torch.save state_dict nor a valid safetensors file.</exception>
    public static Dictionary<string, Tensor> Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"State dict file '{path}' does not exist.", path);
        return TorchSaveFile.LooksLikeTorchSave(path) ? TorchSaveFile.Load(path) : Safetensors.Load(path);
    }
}
