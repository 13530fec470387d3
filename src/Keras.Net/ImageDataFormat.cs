namespace KerasNet;

/// <summary>How image batches are laid out.</summary>
public enum ImageDataFormat
{
    /// <summary>(batch, channels, height, width): libtorch's native layout and torchvision's weight layout. The default.</summary>
    ChannelsFirst,
    /// <summary>(batch, height, width, channels): TensorFlow-Keras's default layout.</summary>
    ChannelsLast,
}
