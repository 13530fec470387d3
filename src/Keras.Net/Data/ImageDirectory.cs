namespace KerasNet.Data;

/// <summary>Lists the image files of a class-per-folder tree in Keras's order.</summary>
internal static class ImageDirectory
{
    /// <summary>The extensions Keras accepts (compared case-insensitively).</summary>
    public static readonly string[] Extensions = { ".bmp", ".gif", ".jpeg", ".jpg", ".png" };

    /// <summary>The class folders (immediate subdirectories), sorted by ordinal name as Python's sorted().</summary>
    public static List<string> ClassFolders(string directory, bool followLinks) =>
        new DirectoryInfo(directory).EnumerateDirectories()
            .Where(d => followLinks || d.LinkTarget is null)
            .Select(d => d.Name)
            .OrderBy(n => n, StringComparer.Ordinal)
            .ToList();

    /// <summary>
    /// The image files under <paramref name="root"/>, recursively: folders in ordinal order of their full path, files
    /// in ordinal order within each folder (as Keras walks a class folder).
    /// </summary>
    public static List<string> Files(string root, bool followLinks) => DirectoryIndex.Files(root, followLinks, Extensions);
}
