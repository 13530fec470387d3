using KerasNet.Layers;
using KerasNet.Models;

namespace KerasNet.Bench.Workloads;

/// <summary>
/// CIFAR ResNet-20 (He et al. 2016, section 4.2) with the functional API: 3×3 convolutions without bias, batch
/// normalization, identity shortcuts or 1×1 projection shortcuts where the shape changes; batch 128 of 3×32×32.
/// </summary>
internal sealed class ResNet20 : TrainStepWorkload
{
    public override string Name => "resnet20";

    protected override (Model, long[], long, long?) Create()
    {
        var input = Keras.Input(3, 32, 32);
        var x = new Conv2D(16, 3, padding: "same", useBias: false).Apply(input);
        x = new BatchNormalization().Apply(x);
        x = new Activation("relu").Apply(x);
        long channels = 16;
        foreach (var (filters, stride) in new[] { (16L, 1L), (32L, 2L), (64L, 2L) })
        {
            for (var i = 0; i < 3; i++)
            {
                var s = i == 0 ? stride : 1;
                x = Block(x, channels, filters, s);
                channels = filters;
            }
        }
        x = new GlobalAveragePooling2D().Apply(x);
        var output = new Dense(10).Apply(x);
        return (new Model(input, output, name: "resnet20"), new long[] { 128, 3, 32, 32 }, 10, null);
    }

    private static KerasTensor Block(KerasTensor input, long channelsIn, long filters, long stride)
    {
        var y = new Conv2D(filters, 3, strides: stride, padding: "same", useBias: false).Apply(input);
        y = new BatchNormalization().Apply(y);
        y = new Activation("relu").Apply(y);
        y = new Conv2D(filters, 3, padding: "same", useBias: false).Apply(y);
        y = new BatchNormalization().Apply(y);
        var shortcut = input;
        if (stride != 1 || channelsIn != filters)
        {
            shortcut = new Conv2D(filters, 1, strides: stride, useBias: false).Apply(input);
            shortcut = new BatchNormalization().Apply(shortcut);
        }
        var sum = new Add().Apply(y, shortcut);
        return new Activation("relu").Apply(sum);
    }
}
