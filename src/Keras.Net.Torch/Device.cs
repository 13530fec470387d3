namespace KerasNet.Torch;

/// <summary>Kinds of device. Values are libtorch's <c>c10::DeviceType</c> codes.</summary>
public enum DeviceType
{
    /// <summary>The host CPU.</summary>
    CPU = 0,
    /// <summary>An NVIDIA GPU through CUDA.</summary>
    CUDA = 1,
}

/// <summary>Where a tensor lives: <c>cpu</c>, <c>cuda</c> or <c>cuda:N</c>.</summary>
public sealed record Device(DeviceType Type, int Index = -1)
{
    /// <summary>The CPU.</summary>
    public static readonly Device CPU = new(DeviceType.CPU);

    /// <summary>The current CUDA device.</summary>
    public static readonly Device CUDA = new(DeviceType.CUDA);

    /// <summary>Parses <c>cpu</c>, <c>cuda</c> or <c>cuda:N</c>.</summary>
    public static Device Parse(string description)
    {
        ArgumentNullException.ThrowIfNull(description);
        var text = description.Trim().ToLowerInvariant();
        if (text == "cpu") return CPU;
        if (text == "cuda") return CUDA;
        if (text.StartsWith("cuda:", StringComparison.Ordinal) && int.TryParse(text.AsSpan(5), out var index) && index >= 0)
            return new Device(DeviceType.CUDA, index);
        throw new ArgumentException($"Unknown device '{description}'. Expected 'cpu', 'cuda' or 'cuda:N' (N >= 0).", nameof(description));
    }

    /// <summary>Converts a device string, as PyTorch accepts <c>"cuda:0"</c> wherever a device goes.</summary>
    public static implicit operator Device(string description) => Parse(description);

    /// <inheritdoc/>
    public override string ToString() => Type == DeviceType.CPU ? "cpu" : Index < 0 ? "cuda" : $"cuda:{Index}";

    /// <summary>Throws a clear error if this is a CUDA device and CUDA is not available.</summary>
    internal void EnsureAvailable()
    {
        if (Type != DeviceType.CUDA) return;
        if (!torch.cuda.is_available())
            throw new TorchDeviceException(
                $"Device '{this}' was requested but CUDA is not available: the loaded libtorch ({torch.__version__}) has no CUDA support " +
                "or no GPU is visible. Use 'cpu', or build the shim against a CUDA libtorch (Torch_DIR) on a machine with a GPU.");
        var count = torch.cuda.device_count();
        if (Index >= count)
            throw new TorchDeviceException($"Device '{this}' was requested but only {count} CUDA device(s) are visible (cuda:0 to cuda:{count - 1}).");
    }
}
