namespace KerasNet.Layers;

/// <summary>
/// An image layer received, at build time, an input that clearly has the other layout: a channels-last image such as
/// (None, 28, 28, 1) fed to a channels-first layer, or a channels-first image such as (None, 3, 32, 32) fed to a
/// channels-last one. The message gives the received shape, the layout the layer expects and the fixes.
/// </summary>
public sealed class DataFormatMismatchException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    public DataFormatMismatchException(string message, TensorShape receivedShape, ImageDataFormat expected) : base(message)
    {
        ReceivedShape = receivedShape;
        Expected = expected;
    }

    /// <summary>The input shape the layer received.</summary>
    public TensorShape ReceivedShape { get; }

    /// <summary>The layout the layer expects.</summary>
    public ImageDataFormat Expected { get; }
}
