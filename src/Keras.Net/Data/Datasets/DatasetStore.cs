using System.Text;

namespace KerasNet.Datasets;

/// <summary>What a built-in data set is made of and where it comes from.</summary>
/// <param name="Name">Folder name under the cache and the repository's <c>datasets/</c> folder, e.g. <c>mnist</c>.</param>
/// <param name="DisplayName">The name used in messages, e.g. <c>MNIST</c>.</param>
/// <param name="Files">The files as published, with their SHA-256 and download URLs.</param>
/// <param name="ExpectedFiles">The file names a folder must hold, as listed in error messages.</param>
/// <param name="SystemDirectories">Known system folders that may hold the files (searched last).</param>
/// <param name="Hint">An extra line for the not-found message (e.g. a script that builds the files), or null.</param>
internal sealed record DatasetSpec(
    string Name,
    string DisplayName,
    IReadOnlyList<RemoteFile> Files,
    IReadOnlyList<string> ExpectedFiles,
    IReadOnlyList<string> SystemDirectories,
    string? Hint = null);

/// <summary>
/// Finds a data set's files in the folders searched, in order (explicit path, cache, repository, system), and
/// downloads them into the explicit path or the cache when they are nowhere and downloads are allowed.
/// </summary>
internal static class DatasetStore
{
    /// <summary>
    /// Returns the first non-null result of <paramref name="tryDirectory"/> over the candidate folders, downloading
    /// first when none has the files. <paramref name="describeMissing"/> says, for an existing folder, what it lacks.
    /// </summary>
    internal static T Locate<T>(DatasetSpec spec, string? explicitPath, DatasetSources sources,
        Func<string, T?> tryDirectory, Func<string, string> describeMissing) where T : class
    {
        if (explicitPath is not null && File.Exists(explicitPath))
            throw new ArgumentException(
                $"path '{explicitPath}' is a file; {spec.DisplayName} expects the folder that holds {string.Join(", ", spec.ExpectedFiles)}.",
                "path");
        var candidates = sources.Candidates(spec.Name, explicitPath, spec.SystemDirectories);
        foreach (var directory in candidates)
            if (Directory.Exists(directory) && tryDirectory(directory) is { } found)
                return found;

        var target = Path.GetFullPath(explicitPath ?? sources.CacheDirectory(spec.Name));
        if (sources.Offline)
            throw NotFound(spec, candidates, describeMissing,
                $"{DatasetSources.OfflineVariable} is set, so it was not downloaded.", null);

        var downloader = new DatasetDownloader(sources.HttpHandler, sources.Progress);
        try
        {
            foreach (var file in spec.Files)
                if (!File.Exists(Path.Combine(target, file.Name)))
                    downloader.Download(file, target);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw NotFound(spec, candidates, describeMissing, $"the download failed.{Environment.NewLine}{e.Message}", e);
        }
        return tryDirectory(target) ?? throw NotFound(spec, candidates, describeMissing,
            $"the files downloaded into {target} are not those expected.", null);
    }

    private static DatasetNotFoundException NotFound(DatasetSpec spec, IReadOnlyList<string> candidates,
        Func<string, string> describeMissing, string reason, Exception? inner)
    {
        var text = new StringBuilder();
        text.Append(spec.DisplayName).Append(" was not found, and ").Append(reason).AppendLine();
        text.AppendLine("Expected these files:");
        foreach (var name in spec.ExpectedFiles) text.Append("  ").AppendLine(name);
        text.AppendLine("in any one of these folders (searched in this order):");
        foreach (var directory in candidates)
        {
            text.Append("  ").Append(directory);
            text.Append(Directory.Exists(directory) ? $" (exists; {describeMissing(directory)})" : " (does not exist)");
            text.AppendLine();
        }
        text.Append("Put the files in one of these folders");
        if (spec.Files.Count > 0)
        {
            text.AppendLine(", or download them from:");
            foreach (var file in spec.Files) text.Append("  ").Append(file.Urls[0]).Append("  (").Append(file.AlgorithmName).Append(' ').Append(file.Sha256).AppendLine(")");
            text.Append("Downloads happen automatically unless ").Append(DatasetSources.OfflineVariable).Append("=1 is set");
        }
        text.Append('.');
        if (spec.Hint is not null) text.AppendLine().Append(spec.Hint);
        return new DatasetNotFoundException(text.ToString(), spec.Name, spec.ExpectedFiles, candidates, inner);
    }
}
