namespace KerasNet.Applications;

/// <summary>Pretrained weights are neither cached nor downloadable; the message says which file to place where.</summary>
public sealed class PretrainedWeightsNotFoundException : IOException
{
    /// <summary>Creates the exception.</summary>
    public PretrainedWeightsNotFoundException(string message, string expectedPath, string url, Exception? inner = null) : base(message, inner)
    {
        ExpectedPath = expectedPath;
        Url = url;
    }

    /// <summary>Where the file is looked for.</summary>
    public string ExpectedPath { get; }

    /// <summary>Where it can be downloaded from.</summary>
    public string Url { get; }
}
