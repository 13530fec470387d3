using Xunit.Abstractions;

namespace KerasNet.Tests.ApplicationsTests;

public sealed class ScratchConvTests
{
    private readonly ITestOutputHelper output;
    public ScratchConvTests(ITestOutputHelper output) => this.output = output;

    [Fact]
    public void ChannelsLastConv()
    {
        using var noGrad = torch.no_grad();
        torch.manual_seed(1);
        foreach (var (cin, cout, hw, k) in new[] { (24L, 64L, 4L, 3L), (24L, 64L, 4L, 1L), (8L, 64L, 4L, 3L), (12L, 64L, 4L, 3L), (40L, 64L, 4L, 3L), (56L, 64L, 4L, 3L), (64L, 64L, 4L, 3L), (72L, 64L, 4L, 3L), (96L, 64L, 4L, 3L), (5L, 64L, 4L, 3L) })
        {
            var x = torch.randn(2, cin, hw, hw);
            var w = torch.randn(cout, cin, k, k);
            var a = torch.nn.functional.conv2d(x, w, null, new long[] { 1, 1 }, new long[] { k / 2, k / 2 });
            var xl = x.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2);
            var b = torch.nn.functional.conv2d(xl, w, null, new long[] { 1, 1 }, new long[] { k / 2, k / 2 });
            var r = torch.nn.functional.conv2d(x.to(torch.float64), w.to(torch.float64), null, new long[] { 1, 1 }, new long[] { k / 2, k / 2 }).to(torch.float32); output.WriteLine($"  nchw vs f64 {(a - r).abs().max().ToDouble():E2}, nhwc vs f64 {(b - r).abs().max().ToDouble():E2}");
            var d = (a - b).abs();
            output.WriteLine($"{cin}->{cout} {hw}x{hw}: img0 {d[0].max().ToDouble():E2} img1 {d[1].max().ToDouble():E2} scale {a.abs().mean().ToDouble():E2}");
        }
    }
}
