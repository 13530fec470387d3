namespace KerasNet;

/// <summary>Keras's mode names (validated where the layer is built) to TorchSharp's enums.</summary>
internal static class TorchModes
{
    /// <summary>"nearest" or "bilinear" (and the other torch interpolation names) to <see cref="torch.InterpolationMode"/>.</summary>
    internal static torch.InterpolationMode Interpolation(string mode) => mode switch
    {
        "nearest" => torch.InterpolationMode.Nearest,
        "nearest-exact" => torch.InterpolationMode.NearestExact,
        "linear" => torch.InterpolationMode.Linear,
        "bilinear" => torch.InterpolationMode.Bilinear,
        "bicubic" => torch.InterpolationMode.Bicubic,
        "trilinear" => torch.InterpolationMode.Trilinear,
        "area" => torch.InterpolationMode.Area,
        _ => throw new ArgumentException($"Unknown interpolation '{mode}'; expected nearest, nearest-exact, linear, bilinear, bicubic, trilinear or area.", nameof(mode)),
    };

    /// <summary>"bilinear" or "nearest" to <see cref="torch.GridSampleMode"/>.</summary>
    internal static torch.GridSampleMode GridSample(string mode) => mode switch
    {
        "bilinear" => torch.GridSampleMode.Bilinear,
        "nearest" => torch.GridSampleMode.Nearest,
        _ => throw new ArgumentException($"Unknown grid-sample interpolation '{mode}'; expected bilinear or nearest.", nameof(mode)),
    };
}
