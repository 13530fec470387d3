// TorchSharp's tensor types under their short names, in every file of the library.
global using TorchSharp;
global using Tensor = TorchSharp.torch.Tensor;
global using ScalarType = TorchSharp.torch.ScalarType;
global using Device = TorchSharp.torch.Device;
global using Generator = TorchSharp.torch.Generator;
global using Parameter = TorchSharp.Modules.Parameter;
global using F = TorchSharp.torch.nn.functional;
global using KerasNet.TorchSupport;
