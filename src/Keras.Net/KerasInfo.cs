namespace KerasNet;

/// <summary>Version information of Keras.Net.</summary>
public static class KerasInfo
{
    /// <summary>The framework version written into saved models.</summary>
    public const string Version = "0.1.0";
}
