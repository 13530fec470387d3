namespace KerasNet.Torch;

public static partial class torch
{
    /// <summary>Loads every tensor of a safetensors file by name.</summary>
    public static Dictionary<string, Tensor> load_safetensors(string path) => Safetensors.Load(path);

    /// <summary>Saves tensors by name to a safetensors file (atomically).</summary>
    public static void save_safetensors(IEnumerable<KeyValuePair<string, Tensor>> tensors, string path) => Safetensors.Save(path, tensors);
}
