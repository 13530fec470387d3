using KerasNet.Data.Transforms;

namespace KerasNet.Data;

/// <summary>
/// Images read from files (JPEG, PNG, BMP, GIF), with optional labels. Each image is decoded to uint8
/// (channels, height, width) and then either passed through an <see cref="ITransform"/> (per sample, stacked by the
/// loader) or, with a <see cref="FusedImageTransform"/>, written straight into the float32 batch buffer. A file that
/// cannot be decoded raises an <see cref="ImageDecodeException"/> naming it, or, with <c>skipCorrupt</c>, is left
/// out of its batch with a warning.
/// </summary>
public sealed class ImageFileDataset : IBatchDataset
{
    private readonly string[] paths;
    private readonly Tensor? labels;
    private readonly HashSet<string> warned = new();

    /// <summary>Creates the dataset.</summary>
    /// <param name="paths">The image files.</param>
    /// <param name="labels">One row per file (e.g. int64 (N,) class indices, or float32 (N, C) one-hot rows), or null.</param>
    /// <param name="mode">The channels to decode to (gray, RGB, RGBA...).</param>
    /// <param name="transform">Per-sample transform of the uint8 (C, H, W) image (ignored with <paramref name="fused"/>).</param>
    /// <param name="fused">The fused decode-resize-crop-normalize pipeline, producing float32 batches directly.</param>
    /// <param name="channelsLast">Lay images out (height, width, channels) instead of (channels, height, width).</param>
    /// <param name="skipCorrupt">Leave undecodable files out of their batch with a warning instead of failing.</param>
    /// <param name="warnings">Where warnings go (default: standard error).</param>
    public ImageFileDataset(IReadOnlyList<string> paths, Tensor? labels = null, ImageReadMode mode = ImageReadMode.Rgb, ITransform? transform = null,
                            FusedImageTransform? fused = null, bool channelsLast = false, bool skipCorrupt = false, TextWriter? warnings = null)
    {
        ArgumentNullException.ThrowIfNull(paths);
        if (labels is not null && (labels.dim() == 0 || labels.size(0) != paths.Count))
            throw new ArgumentException($"ImageFileDataset: labels need one row per file ({paths.Count}); received shape {Shape.Format(labels.shape)}.", nameof(labels));
        if (fused is not null && transform is not null)
            throw new ArgumentException("ImageFileDataset: give either a transform or a fused pipeline, not both.", nameof(transform));
        this.paths = paths.ToArray();
        this.labels = labels;
        Mode = mode;
        Transform = transform;
        Fused = fused;
        ChannelsLast = channelsLast;
        SkipCorrupt = skipCorrupt;
        Warnings = warnings ?? Console.Error;
    }

    /// <summary>The image files, in index order.</summary>
    public IReadOnlyList<string> Paths => paths;
    /// <summary>The channels images are decoded to.</summary>
    public ImageReadMode Mode { get; }
    /// <summary>The per-sample transform, if any.</summary>
    public ITransform? Transform { get; }
    /// <summary>The fused pipeline, if any.</summary>
    public FusedImageTransform? Fused { get; }
    /// <summary>Whether images are laid out channels-last.</summary>
    public bool ChannelsLast { get; }
    /// <summary>Whether undecodable files are skipped.</summary>
    public bool SkipCorrupt { get; }
    /// <summary>Where warnings go.</summary>
    public TextWriter Warnings { get; }

    /// <inheritdoc/>
    public int Count => paths.Length;

    /// <inheritdoc/>
    public Sample Get(int index, Random random)
    {
        if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index), index, $"ImageFileDataset holds {Count} files.");
        using (var one = GetBatch(new[] { index }, new[] { random }).AsDisposable())
        {
            if (one.Batch.Size == 0) throw new ImageDecodeException(paths[index], ImageFormat.Unknown, "the image could not be decoded and was skipped.");
            return new Sample(one.Batch.X[0].select(0, 0).clone(), one.Batch.Y.Count == 0 ? null : one.Batch.Y[0].select(0, 0).clone());
        }
    }

    /// <inheritdoc/>
    public Batch GetBatch(IReadOnlyList<int> indices, IReadOnlyList<Random> randoms)
    {
        ArgumentNullException.ThrowIfNull(indices);
        using var scope = torch.NewDisposeScope();
        var kept = new List<int>(indices.Count);
        Tensor images;
        if (Fused is not null) images = FusedBatch(indices, kept);
        else
        {
            var samples = new List<Tensor>(indices.Count);
            for (var i = 0; i < indices.Count; i++)
            {
                var image = TryDecode(indices[i]);
                if (image is null) continue;
                var tensor = image.ToTensor(channelsFirst: true);
                samples.Add(Transform is null ? tensor : Transform.Apply(tensor, randoms[i]));
                kept.Add(indices[i]);
            }
            images = samples.Count == 0 ? torch.empty(new long[] { 0 }, ScalarType.Byte) : Collate.Stack(samples.Select(s => new Sample(s)).ToArray()).X[0];
        }
        if (ChannelsLast && images.dim() == 4) images = images.permute(0, 2, 3, 1).contiguous();
        var y = labels is null ? Array.Empty<Tensor>() : new[] { SelectLabels(kept).MoveToOuterDisposeScope() };
        return new Batch(new[] { images.MoveToOuterDisposeScope() }, y);
    }

    private Tensor SelectLabels(List<int> kept)
    {
        using var index = torch.tensor(kept.Select(i => (long)i).ToArray(), new long[] { kept.Count });
        return labels!.index_select(0, index);
    }

    private Tensor FusedBatch(IReadOnlyList<int> indices, List<int> kept)
    {
        var fused = Fused!;
        var channels = Mode switch { ImageReadMode.Gray => 1, ImageReadMode.GrayAlpha => 2, ImageReadMode.Rgb => 3, ImageReadMode.RgbAlpha => 4, _ => 0 };
        Tensor? batch = null;
        var images = new List<(int Index, DecodedImage Image)>(indices.Count);
        if (fused.FixedOutputSize is { } size && channels > 0)
        {
            // The batch buffer is filled as images are decoded; the decoded pixels are dropped at once.
            batch = torch.empty(new long[] { indices.Count, channels, size.Height, size.Width });
            var row = 0;
            foreach (var index in indices)
            {
                var image = TryDecode(index);
                if (image is null) continue;
                fused.WriteInto(image, batch, row++);
                kept.Add(index);
            }
            return row == indices.Count ? batch : batch.narrow(0, 0, row).contiguous();
        }
        foreach (var index in indices)
            if (TryDecode(index) is { } image) images.Add((index, image));
        if (images.Count == 0) return torch.empty(new long[] { 0 });
        var (h, w) = fused.OutputSize(images[0].Image.Height, images[0].Image.Width);
        foreach (var (index, image) in images)
        {
            var (ih, iw) = fused.OutputSize(image.Height, image.Width);
            if (ih != h || iw != w || image.Channels != images[0].Image.Channels)
                throw new ArgumentException(
                    $"ImageFileDataset: {paths[index]} becomes {image.Channels} x {ih} x {iw} but {paths[images[0].Index]} becomes {images[0].Image.Channels} x {h} x {w}; " +
                    "images of a batch must have one size: give an exact resize size or a crop.");
        }
        batch = torch.empty(new long[] { images.Count, images[0].Image.Channels, h, w });
        for (var i = 0; i < images.Count; i++)
        {
            fused.WriteInto(images[i].Image, batch, i);
            kept.Add(images[i].Index);
        }
        return batch;
    }

    private DecodedImage? TryDecode(int index)
    {
        var path = paths[index];
        try
        {
            return Fused is not null ? Fused.Decode(path, Mode) : ImageDecoder.DecodeFile(path, Mode);
        }
        catch (ImageDecodeException e) when (SkipCorrupt)
        {
            lock (warned)
                if (warned.Add(path))
                    Warnings.WriteLine($"Warning: skipping {path}: {e.Reason}");
            return null;
        }
    }
}

internal static class BatchExtensions
{
    /// <summary>Disposes the batch's tensors at the end of a using block.</summary>
    public static DisposableBatch AsDisposable(this Batch batch) => new(batch);

    internal readonly struct DisposableBatch(Batch batch) : IDisposable
    {
        public Batch Batch { get; } = batch;
        public void Dispose() => BatchPipeline.DisposeBatch(Batch);
    }
}
