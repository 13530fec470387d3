namespace KerasNet.Datasets;

/// <summary>
/// The files of a built-in data set are in none of the folders searched and could not be downloaded (offline,
/// no network, or the download failed verification). The message lists the exact file names expected and every
/// folder they may be put in.
/// </summary>
public sealed class DatasetNotFoundException : IOException
{
    /// <summary>Creates the exception.</summary>
    public DatasetNotFoundException(string message, string dataset, IReadOnlyList<string> expectedFiles,
        IReadOnlyList<string> searchedDirectories, Exception? inner = null) : base(message, inner)
    {
        Dataset = dataset;
        ExpectedFiles = expectedFiles;
        SearchedDirectories = searchedDirectories;
    }

    /// <summary>The data set's name, e.g. <c>mnist</c>.</summary>
    public string Dataset { get; }

    /// <summary>The file names that were looked for.</summary>
    public IReadOnlyList<string> ExpectedFiles { get; }

    /// <summary>The folders that were searched, in order; any of them may hold the files.</summary>
    public IReadOnlyList<string> SearchedDirectories { get; }
}
