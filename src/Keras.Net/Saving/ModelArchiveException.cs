namespace KerasNet.Saving;

/// <summary>
/// A model archive (<see cref="Models.Model.Save"/>) cannot be read: it is truncated, corrupt, not a Keras.Net
/// archive, written by a newer format version, or names a layer class that is not registered. The message names the
/// file and what is wrong.
/// </summary>
public sealed class ModelArchiveException : Exception
{
    /// <summary>Creates the exception; the message starts with the file's path.</summary>
    public ModelArchiveException(string filePath, string problem, Exception? inner = null)
        : base($"Cannot load the model archive '{filePath}': {problem}", inner)
    {
        FilePath = filePath;
    }

    /// <summary>The archive file.</summary>
    public string FilePath { get; }
}
