namespace KerasNet.TorchSupport;

/// <summary>
/// A pickle inside a <c>torch.save</c> file names a global (a Python function or class) that the restricted reader
/// does not allow. Nothing named by the file is ever run; the load stops here.
/// </summary>
public sealed class UnsafePickleException : TorchFormatException
{
    /// <summary>Creates the exception.</summary>
    public UnsafePickleException(string message, string global) : base(message, "torch.load") => Global = global;

    /// <summary>The refused global, as <c>module.name</c> (e.g. <c>os.system</c>).</summary>
    public string Global { get; }
}
