namespace KerasNet.Torch;

public static partial class torch
{
    /// <summary>Loads every tensor of a safetensors file by name.</summary>
    public static Dictionary<string, Tensor> load_safetensors(string path) => Safetensors.Load(path);

    /// <summary>Saves tensors by name to a safetensors file (atomically).</summary>
    public static void save_safetensors(IEnumerable<KeyValuePair<string, Tensor>> tensors, string path) => Safetensors.Save(path, tensors);

    /// <summary>
    /// Loads a PyTorch state_dict from a <c>torch.save</c> file (.pt/.pth, zip format) with a restricted reader that
    /// never runs anything the file names (see <see cref="TorchSaveFile"/>), or from a safetensors file: the format is
    /// told by the file's first bytes, not its extension.
    /// </summary>
    public static Dictionary<string, Tensor> load_state_dict(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"State dict file '{path}' does not exist.", path);
        return TorchSaveFile.LooksLikeTorchSave(path) ? TorchSaveFile.Load(path) : Safetensors.Load(path);
    }
}
