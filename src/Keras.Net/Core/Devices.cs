namespace KerasNet;

/// <summary>Device parsing and checks, with errors that say what is available.</summary>
internal static class Devices
{
    /// <summary>"cpu", "cuda", "cuda:1"... as TorchSharp's <c>torch.device</c>; a bad string names the accepted forms.</summary>
    internal static Device Parse(string device)
    {
        ArgumentNullException.ThrowIfNull(device);
        try
        {
            return torch.device(device);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or System.Runtime.InteropServices.ExternalException)
        {
            throw new ArgumentException($"'{device}' is not a device; expected 'cpu', 'cuda', 'cuda:N' (N = 0, 1...) or 'auto'.", nameof(device), e);
        }
    }

    /// <summary>Throws when <paramref name="device"/> is a CUDA device this process cannot use.</summary>
    internal static void EnsureAvailable(Device device)
    {
        if (device.type != DeviceType.CUDA) return;
        if (!torch.cuda.is_available())
            throw new InvalidOperationException(
                $"Device '{device}' was requested but CUDA is not available: the application's libtorch backend has no CUDA support or no " +
                "GPU is visible. Use 'cpu', or reference a CUDA backend package (TorchSharp-cuda-linux or TorchSharp-cuda-windows) on a machine with a GPU.");
        var count = torch.cuda.device_count();
        if (device.index >= count)
            throw new InvalidOperationException($"Device '{device}' was requested but only {count} CUDA device(s) are visible (cuda:0 to cuda:{count - 1}).");
    }

    /// <summary>Whether <paramref name="tensor"/> lives on <paramref name="device"/> (an unindexed CUDA device means the current one).</summary>
    internal static bool IsOn(Tensor tensor, Device device) =>
        tensor.device_type == device.type && (device.index < 0 || tensor.device_index == device.index);
}
