namespace KerasNet.Tests.NativeLoading;

/// <summary>The native-loading tests build applications; they run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class NativeLoadingCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "native loading";
}
