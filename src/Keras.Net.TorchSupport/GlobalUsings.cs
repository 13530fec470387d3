// TorchSharp's tensor types under their short names, in every file of the library.
global using TorchSharp;
global using Tensor = TorchSharp.torch.Tensor;
global using ScalarType = TorchSharp.torch.ScalarType;
