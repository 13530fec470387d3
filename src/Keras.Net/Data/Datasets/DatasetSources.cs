namespace KerasNet.Datasets;

/// <summary>
/// Where the built-in data sets are looked for and whether they may be downloaded. Built from the environment
/// (<c>KERAS_NET_HOME</c>, <c>KERAS_NET_OFFLINE</c>) by <see cref="FromEnvironment"/>; tests build their own.
/// </summary>
internal sealed class DatasetSources
{
    /// <summary>The environment variable naming the cache root (datasets go under its <c>datasets/</c> folder).</summary>
    internal const string HomeVariable = "KERAS_NET_HOME";

    /// <summary>The environment variable that, set to 1/true/yes, disables downloads.</summary>
    internal const string OfflineVariable = "KERAS_NET_OFFLINE";

    /// <summary>The cache root: <c>$KERAS_NET_HOME</c>, default <c>~/.keras-net</c>.</summary>
    internal required string Home { get; init; }

    /// <summary>True when downloads are disabled.</summary>
    internal required bool Offline { get; init; }

    /// <summary>Folders from which to walk up looking for the repository's <c>datasets/</c> folder.</summary>
    internal required IReadOnlyList<string> RepositorySearchStarts { get; init; }

    /// <summary>True to search the data set's known system folders (e.g. Debian's /usr/share/datasets).</summary>
    internal bool SearchSystemLocations { get; init; } = true;

    /// <summary>The HTTP handler for downloads (tests substitute an in-process one); null for the real network.</summary>
    internal HttpMessageHandler? HttpHandler { get; init; }

    /// <summary>Where download progress goes; null for standard error.</summary>
    internal TextWriter? Progress { get; init; }

    /// <summary>The sources described by the environment of this process.</summary>
    internal static DatasetSources FromEnvironment()
    {
        var home = Environment.GetEnvironmentVariable(HomeVariable);
        if (string.IsNullOrWhiteSpace(home))
            home = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".keras-net");
        return new DatasetSources
        {
            Home = home,
            Offline = IsTrue(Environment.GetEnvironmentVariable(OfflineVariable)),
            RepositorySearchStarts = new[] { AppContext.BaseDirectory, Environment.CurrentDirectory },
        };
    }

    /// <summary>The cache folder of one data set: <c>&lt;home&gt;/datasets/&lt;name&gt;</c>.</summary>
    internal string CacheDirectory(string name) => Path.GetFullPath(Path.Combine(Home, "datasets", name));

    /// <summary>
    /// The folders to search for data set <paramref name="name"/>, in order: the explicit path, the cache folder,
    /// the repository's <c>datasets/&lt;name&gt;</c> folders, the system folders. Duplicates are removed.
    /// </summary>
    internal IReadOnlyList<string> Candidates(string name, string? explicitPath, IEnumerable<string> systemDirectories)
    {
        var list = new List<string>();
        void Add(string directory)
        {
            var full = Path.GetFullPath(directory);
            if (!list.Contains(full, StringComparer.Ordinal)) list.Add(full);
        }
        if (explicitPath is not null) Add(explicitPath);
        Add(CacheDirectory(name));
        foreach (var start in RepositorySearchStarts)
            if (FindRepositoryDatasetDirectory(start, name) is { } found) Add(found);
        if (SearchSystemLocations)
            foreach (var directory in systemDirectories) Add(directory);
        return list;
    }

    /// <summary>
    /// Walks up from <paramref name="start"/> to the first folder holding <c>datasets/&lt;name&gt;</c>; failing that,
    /// returns <c>datasets/&lt;name&gt;</c> of the first folder holding <c>Keras.Net.sln</c> (the repository root,
    /// where the files may be put even though the folder does not exist yet).
    /// </summary>
    internal static string? FindRepositoryDatasetDirectory(string start, string name)
    {
        if (string.IsNullOrEmpty(start)) return null;
        DirectoryInfo? directory;
        try { directory = new DirectoryInfo(Path.GetFullPath(start)); }
        catch (Exception e) when (e is ArgumentException or IOException or NotSupportedException or System.Security.SecurityException) { return null; }
        string? repositoryRoot = null;
        for (; directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "datasets", name);
            if (Directory.Exists(candidate)) return candidate;
            if (repositoryRoot is null && File.Exists(Path.Combine(directory.FullName, "Keras.Net.sln"))) repositoryRoot = candidate;
        }
        return repositoryRoot;
    }

    private static bool IsTrue(string? value) =>
        value is not null && (value.Trim() is "1" || value.Trim().Equals("true", StringComparison.OrdinalIgnoreCase) ||
                              value.Trim().Equals("yes", StringComparison.OrdinalIgnoreCase) ||
                              value.Trim().Equals("on", StringComparison.OrdinalIgnoreCase));
}
