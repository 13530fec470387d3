using KerasNet.Layers;

namespace KerasNet.Models;

public partial class Model
{
    /// <summary>The device holding the weights (CPU unless <see cref="To(Device)"/> moved them). Data is moved there for the user.</summary>
    public Device Device { get; private set; } = torch.CPU;

    /// <summary>
    /// Moves every weight to <paramref name="device"/> ("cpu", "cuda", "cuda:1", or "auto": CUDA when available).
    /// Move before training: the optimizer's state is rebuilt on the new device.
    /// </summary>
    public Model To(string device) => To(device.Equals("auto", StringComparison.OrdinalIgnoreCase) ? (torch.cuda.is_available() ? torch.CUDA : torch.CPU) : Devices.Parse(device));

    /// <summary>
    /// Moves every weight to <paramref name="device"/>. Each variable gets a new <see cref="Parameter"/> on the device
    /// (read <see cref="Variable.Value"/> again; a TorchSharp optimizer built on the old Parameters must be built
    /// again, as in PyTorch); a wrapped TorchSharp module (<see cref="TorchModuleWrapper"/>) moves with its own
    /// <c>module.to</c>, and its layer's variables follow its new Parameters.
    /// </summary>
    public Model To(Device device)
    {
        ArgumentNullException.ThrowIfNull(device);
        Devices.EnsureAvailable(device);
        if (device.type == Device.type && device.index == Device.index) return this;
        using (torch.no_grad())
        {
            // A wrapped TorchSharp module moves itself (its fields must follow); the layer then re-reads its Parameters.
            var weights = Weights;
            foreach (var wrapper in weights.Select(w => w.Owner).OfType<TorchModuleWrapper>().Distinct()) wrapper.MoveTo(device);
            foreach (var variable in weights)
                if (variable.Owner is not TorchModuleWrapper) variable.Replace(variable.Value.to(device));
        }
        Device = device;
        if (compiled is not null) compiled.OptimizerBuilt = false;
        return this;
    }

    private IReadOnlyList<Tensor> ToDevice(IReadOnlyList<Tensor> tensors)
    {
        if (Device.type == DeviceType.CPU) return tensors;
        var moved = new Tensor[tensors.Count];
        for (var i = 0; i < moved.Length; i++) moved[i] = ToDevice(tensors[i]);
        return moved;
    }

    private Tensor ToDevice(Tensor tensor) => Device.type == DeviceType.CPU || Devices.IsOn(tensor, Device) ? tensor : tensor.to(Device, non_blocking: true);
}
