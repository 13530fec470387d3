using KerasNet.Applications;
using KerasNet.Models;
using Xunit.Abstractions;

namespace KerasNet.Tests.ApplicationsTests;

public sealed class ScratchGoogLeNetTests
{
    private readonly ITestOutputHelper output;
    public ScratchGoogLeNetTests(ITestOutputHelper output) => this.output = output;

    [Fact]
    public void PerLayer()
    {
        using var noGrad = torch.no_grad();
        var acts = Safetensors.Load("/tmp/gn/acts.safetensors");
        using var net = Inception.GoogLeNet(weights: "/tmp/gn/googlenet.pth", inputShape: new long[] { 3, 64, 64 }, transformInput: true, classifierActivation: null);
        var map = new Dictionary<string, string> { ["conv1"] = "conv1.relu", ["conv2"] = "conv2.relu", ["conv3"] = "conv3.relu" };
        foreach (var key in acts.Keys.Where(k => k is not "input" and not "output"))
        {
            var layerName = map.TryGetValue(key, out var m) ? m : key.EndsWith(".conv") || key.EndsWith(".bn") || key.EndsWith(".pool") ? key : key.EndsWith(".0") || key.EndsWith(".1") || key.EndsWith("branch1") ? key + ".relu" : key.Contains("branch") ? key + ".1.relu" : key.StartsWith("inception") ? key + ".concat" : key;
            if (key.EndsWith("branch4.0")) layerName = key[..^2] + ".pool";
            Layer layer;
            try { layer = net.GetLayer(layerName); } catch (Exception e) { output.WriteLine($"{key}: {e.Message}"); continue; }
            var sub = new Model(net.Inputs![0], layer.InboundNodes[0].Outputs[0]);
            var y = sub.Apply(acts["input"]);
            var e0 = acts[key];
            if (!y.shape.SequenceEqual(e0.shape)) { output.WriteLine($"{key}: shape {string.Join(",", y.shape)} vs {string.Join(",", e0.shape)}"); continue; }
            var d = (y - e0).abs();
            output.WriteLine($"{key,-22} img0 {d[0].max().ToDouble():E2} img1 {d[1].max().ToDouble():E2} scale {e0.abs().mean().ToDouble():E2}");
        }
        var o = net.Apply(acts["input"]);
        var dd = (o - acts["output"]).abs();
        output.WriteLine($"output img0 {dd[0].max().ToDouble():E2} img1 {dd[1].max().ToDouble():E2}");
    }
}
