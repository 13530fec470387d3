using KerasNet.TorchSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace KerasNet.TestSupport;

/// <summary>
/// One module of PyTorch parity fixtures (tests/fixtures/torch/&lt;module&gt;.safetensors), written by
/// tests/fixtures/generate_fixtures.py. Tensors are named <c>&lt;case&gt;.in0</c>, <c>.out</c>, <c>.upstream</c>, <c>.grad0</c>.
/// Shared by the test projects (compiled into each of them).
/// </summary>
public sealed class Fixture : IDisposable
{
    private readonly Dictionary<string, Tensor> tensors;
    private readonly string module;

    private Fixture(string module, Dictionary<string, Tensor> tensors)
    {
        this.module = module;
        this.tensors = tensors;
    }

    public static Fixture Load(string module)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "fixtures", "torch", module + ".safetensors");
        if (!File.Exists(path))
            throw new FileNotFoundException($"Fixture '{path}' is missing: run ./build.sh fixtures to regenerate tests/fixtures/torch.", path);
        return new Fixture(module, Safetensors.Load(path));
    }

    public Tensor this[string name] => tensors.TryGetValue(name, out var t)
        ? t
        : throw new KeyNotFoundException($"Fixture module '{module}' has no tensor '{name}'. Regenerate with ./build.sh fixtures.");

    public bool Has(string name) => tensors.ContainsKey(name);

    /// <summary>The case's input <paramref name="index"/> as a fresh leaf tensor, requiring grad if asked.</summary>
    public Tensor Input(string @case, int index, bool requiresGrad = false)
    {
        Tensor input;
        using (var view = this[$"{@case}.in{index}"].detach()) input = view.clone();
        return requiresGrad ? input.requires_grad_() : input;
    }

    public void Dispose()
    {
        foreach (var t in tensors.Values) t.Dispose();
    }
}
