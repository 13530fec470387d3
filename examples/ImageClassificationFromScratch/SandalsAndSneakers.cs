using KerasNet;
using KerasNet.Datasets;
using static TorchSharp.torch;

/// <summary>A two-class image folder written from Fashion-MNIST's training images: Sandal/ (label 5) and Sneaker/ (label 7), as PNGs.</summary>
internal static class SandalsAndSneakers
{
    public const string Folder = "datasets/sandals-sneakers";

    /// <summary>Writes the first <paramref name="perClass"/> images of each class (kept when already there); returns the folder.</summary>
    public static string Write(int perClass)
    {
        var folder = $"{Folder}-{perClass}";
        if (Directory.Exists(folder)) return folder;
        var ((images, labels), _) = FashionMnist.LoadData();
        var temporary = folder + ".tmp";
        if (Directory.Exists(temporary)) Directory.Delete(temporary, recursive: true);
        foreach (var (label, name) in new[] { (5L, "Sandal"), (7L, "Sneaker") })
        {
            Directory.CreateDirectory(Path.Combine(temporary, name));
            var indices = labels.eq(label).nonzero().flatten()[..perClass];
            using var selected = images.index_select(0, indices).to(ScalarType.Float32).unsqueeze(1);
            for (var i = 0; i < perClass; i++)
                Utils.SaveImg(Path.Combine(temporary, name, $"{i:D5}.png"), selected[i], dataFormat: "channels_first", scale: false);
        }
        Directory.Move(temporary, folder);
        Console.WriteLine($"Wrote {folder}: {perClass} Fashion-MNIST sandals and {perClass} sneakers as 28x28 PNGs.");
        return folder;
    }
}
