using KerasNet.Layers;
using static KerasNet.Applications.Inception;

namespace KerasNet.Applications;

/// <summary>
/// torchvision's InceptionA–E blocks of InceptionV3, with its branch names. A positive padding keeps the size
/// (PyTorch's (k − 1)/2 on each side, Keras's "same" at stride 1); the average-pooling branches count the zero
/// padding as PyTorch's <c>avg_pool2d</c> does.
/// </summary>
internal static class InceptionV3Blocks
{
    internal static KerasTensor A(KerasTensor x, string prefix, long poolFeatures)
    {
        var b1 = Basic(x, prefix + ".branch1x1", 64, 1);
        var b5 = Basic(Basic(x, prefix + ".branch5x5_1", 48, 1), prefix + ".branch5x5_2", 64, 5, padding: 2);
        var b3 = Basic(x, prefix + ".branch3x3dbl_1", 64, 1);
        b3 = Basic(b3, prefix + ".branch3x3dbl_2", 96, 3, padding: 1);
        b3 = Basic(b3, prefix + ".branch3x3dbl_3", 96, 3, padding: 1);
        return Concat(prefix, b1, b5, b3, PoolBranch(x, prefix, poolFeatures));
    }

    internal static KerasTensor B(KerasTensor x, string prefix)
    {
        var b3 = Basic(x, prefix + ".branch3x3", 384, 3, 2);
        var d = Basic(x, prefix + ".branch3x3dbl_1", 64, 1);
        d = Basic(d, prefix + ".branch3x3dbl_2", 96, 3, padding: 1);
        d = Basic(d, prefix + ".branch3x3dbl_3", 96, 3, 2);
        return Concat(prefix, b3, d, MaxBranch(x, prefix));
    }

    internal static KerasTensor C(KerasTensor x, string prefix, long c7)
    {
        var b1 = Basic(x, prefix + ".branch1x1", 192, 1);
        var b7 = Basic(x, prefix + ".branch7x7_1", c7, 1);
        b7 = Basic(b7, prefix + ".branch7x7_2", c7, (1, 7), padding: 3);
        b7 = Basic(b7, prefix + ".branch7x7_3", 192, (7, 1), padding: 3);
        var d = Basic(x, prefix + ".branch7x7dbl_1", c7, 1);
        d = Basic(d, prefix + ".branch7x7dbl_2", c7, (7, 1), padding: 3);
        d = Basic(d, prefix + ".branch7x7dbl_3", c7, (1, 7), padding: 3);
        d = Basic(d, prefix + ".branch7x7dbl_4", c7, (7, 1), padding: 3);
        d = Basic(d, prefix + ".branch7x7dbl_5", 192, (1, 7), padding: 3);
        return Concat(prefix, b1, b7, d, PoolBranch(x, prefix, 192));
    }

    internal static KerasTensor D(KerasTensor x, string prefix)
    {
        var b3 = Basic(Basic(x, prefix + ".branch3x3_1", 192, 1), prefix + ".branch3x3_2", 320, 3, 2);
        var b7 = Basic(x, prefix + ".branch7x7x3_1", 192, 1);
        b7 = Basic(b7, prefix + ".branch7x7x3_2", 192, (1, 7), padding: 3);
        b7 = Basic(b7, prefix + ".branch7x7x3_3", 192, (7, 1), padding: 3);
        b7 = Basic(b7, prefix + ".branch7x7x3_4", 192, 3, 2);
        return Concat(prefix, b3, b7, MaxBranch(x, prefix));
    }

    internal static KerasTensor E(KerasTensor x, string prefix)
    {
        var b1 = Basic(x, prefix + ".branch1x1", 320, 1);
        var b3 = Basic(x, prefix + ".branch3x3_1", 384, 1);
        b3 = Concat(prefix + ".branch3x3", Basic(b3, prefix + ".branch3x3_2a", 384, (1, 3), padding: 1),
                    Basic(b3, prefix + ".branch3x3_2b", 384, (3, 1), padding: 1));
        var d = Basic(x, prefix + ".branch3x3dbl_1", 448, 1);
        d = Basic(d, prefix + ".branch3x3dbl_2", 384, 3, padding: 1);
        d = Concat(prefix + ".branch3x3dbl", Basic(d, prefix + ".branch3x3dbl_3a", 384, (1, 3), padding: 1),
                   Basic(d, prefix + ".branch3x3dbl_3b", 384, (3, 1), padding: 1));
        return Concat(prefix, b1, b3, d, PoolBranch(x, prefix, 192));
    }

    private static KerasTensor PoolBranch(KerasTensor x, string prefix, long features) =>
        Basic(new TorchPooling2D("avg", 3, 1, 1, name: prefix + ".avg_pool").Apply(x), prefix + ".branch_pool", features, 1);

    private static KerasTensor MaxBranch(KerasTensor x, string prefix) =>
        new MaxPooling2D(3, 2, dataFormat: "channels_first", name: prefix + ".max_pool").Apply(x);

    private static KerasTensor Concat(string prefix, params KerasTensor[] branches) => new Concatenate(axis: 1, name: prefix + ".concat").Apply(branches);
}
