namespace KerasNet.TorchSupport;

/// <summary>Loads a PyTorch state_dict file in either format, told by its first bytes rather than its extension.</summary>
public static class StateDicts
{
    /// <summary>
    /// Loads the tensors of a <c>torch.save</c> file (zip format, read by the restricted reader that never runs code)
    /// or a safetensors file, by name, in the file's order.
    /// </summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="TorchFormatException">The file is truncated, corrupt or of another format.</exception>
    public static Dictionary<string, Tensor> Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"State dict file '{path}' does not exist.", path);
        return TorchSaveFile.LooksLikeTorchSave(path) ? TorchSaveFile.Load(path) : Safetensors.Load(path);
    }
}
