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
    public static List<string> Files(string root, bool followLinks)
    {
        var folders = new List<string> { root };
        var stack = new Stack<DirectoryInfo>();
        stack.Push(new DirectoryInfo(root));
        while (stack.Count > 0)
        {
            foreach (var sub in stack.Pop().EnumerateDirectories())
            {
                if (!followLinks && sub.LinkTarget is not null) continue;
                folders.Add(sub.FullName);
                stack.Push(sub);
            }
        }
        folders.Sort(StringComparer.Ordinal);
        var files = new List<string>();
        foreach (var folder in folders)
            files.AddRange(Directory.EnumerateFiles(folder)
                .Where(f => Extensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
                .OrderBy(f => Path.GetFileName(f), StringComparer.Ordinal));
        return files;
    }
}
