using KerasNet.Data;

namespace KerasNet.Tests.Data;

/// <summary>The directory walk that the image and text directory datasets share.</summary>
public class DirectoryIndexTests
{
    /// <summary>root/a/1.txt, root/b/2.txt, root/b/up → root (a cycle), root/c → root/a (a second path to a).</summary>
    private static string WriteTreeWithLinks(TempDirectory temp)
    {
        var root = temp.Combine("root");
        Directory.CreateDirectory(Path.Combine(root, "a"));
        Directory.CreateDirectory(Path.Combine(root, "b"));
        File.WriteAllText(Path.Combine(root, "a", "1.txt"), "one");
        File.WriteAllText(Path.Combine(root, "b", "2.txt"), "two");
        Directory.CreateSymbolicLink(Path.Combine(root, "b", "up"), root);
        Directory.CreateSymbolicLink(Path.Combine(root, "c"), Path.Combine(root, "a"));
        return root;
    }

    [Fact]
    public void LinksAreFollowedOnlyWhenAskedAndACycleIsNotFollowedAgain()
    {
        using var temp = new TempDirectory();
        var root = WriteTreeWithLinks(temp);
        Assert.Equal(new[] { Path.Combine(root, "a", "1.txt"), Path.Combine(root, "b", "2.txt") },
            DirectoryIndex.Files(root, followLinks: false, new[] { ".txt" }));
        // As Keras's walk, the folder behind root/c is listed under that path too; root/b/up leads back to root and stops.
        Assert.Equal(new[] { Path.Combine(root, "a", "1.txt"), Path.Combine(root, "b", "2.txt"), Path.Combine(root, "c", "1.txt") },
            DirectoryIndex.Files(root, followLinks: true, new[] { ".txt" }));

        // The explicit label list counts the same files.
        var dataset = Utils.TextDatasetFromDirectory(root, new long[] { 0, 1, 0 }, shuffle: false, followLinks: true, verbose: false);
        Assert.Equal(new[] { "one", "two", "one" }, dataset.Texts);
        Assert.Contains("labels holds 3 labels but 2 files were found",
            Assert.Throws<ArgumentException>(() => Utils.TextDatasetFromDirectory(root, new long[] { 0, 1, 0 }, verbose: false)).Message);
    }
}
