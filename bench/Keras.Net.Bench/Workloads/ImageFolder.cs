using System.Diagnostics;
using KerasNet.Data;
using KerasNet.Data.Transforms;
using KerasNet.TorchSupport;
using TorchSharp;
using static TorchSharp.torch;

namespace KerasNet.Bench.Workloads;

/// <summary>
/// The input pipeline of pytorch_imagefolder.py on a folder made by make_image_folder.py: decode, Resize(224) of the
/// shorter side, CenterCropTransform(224), to float, Normalize(ImageNet), batches of 64 (--batch), shuffled, 2 worker threads
/// (--workers). Each of --epochs passes is timed from the first request to the last batch (worker start-up
/// included, as the reference); the median images per second is reported.
/// </summary>
internal sealed class ImageFolder : IWorkload
{
    public string Name => "imagefolder";

    public string Metric => "images_per_s";

    /// <summary>The number of images in the folder (for the result line).</summary>
    public int Images { get; private set; }

    public double Measure(BenchOptions options)
    {
        if (options.Data is null)
            throw new BenchUsageException("imagefolder needs --data DIR: a class-per-folder tree of images, e.g. made by ../shared/bench/make_image_folder.py.");
        if (!Directory.Exists(options.Data)) throw new BenchUsageException($"--data: the directory '{options.Data}' does not exist.");
        var (paths, labels) = Scan(options.Data);
        Images = paths.Count;
        using var labelTensor = torch.tensor(labels.ToArray(), new long[] { labels.Count });
        var fused = new FusedImageTransform(new Resize(224), 224, 224, 1.0 / 255, Normalize.ImageNetMean, Normalize.ImageNetStd, reducedDecode: !options.FullDecode);
        var dataset = new ImageFileDataset(paths, labelTensor, ImageReadMode.Rgb, fused: fused);
        var loader = new DataLoader(dataset, options.Batch, shuffle: true, seed: 0, numWorkers: options.Workers);
        var rates = new List<double>();
        for (var epoch = 0; epoch < options.Epochs; epoch++)
        {
            var clock = Stopwatch.StartNew();
            long count = 0;
            foreach (var batch in loader.GetBatches(epoch))
            {
                count += batch.Size;
                BatchDispose(batch);
            }
            rates.Add(count / clock.Elapsed.TotalSeconds);
        }
        return Statistics.Median(rates);
    }

    private static void BatchDispose(Batch batch)
    {
        foreach (var t in batch.X) t.Dispose();
        foreach (var t in batch.Y) t.Dispose();
    }

    /// <summary>Files as torchvision's ImageFolder lists them: classes in sorted folder order, files sorted within each.</summary>
    private static (List<string> Paths, List<long> Labels) Scan(string root)
    {
        var paths = new List<string>();
        var labels = new List<long>();
        var classes = Directory.GetDirectories(root).OrderBy(d => d, StringComparer.Ordinal).ToArray();
        for (var c = 0; c < classes.Length; c++)
            foreach (var file in Directory.EnumerateFiles(classes[c], "*", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal))
            {
                paths.Add(file);
                labels.Add(c);
            }
        if (paths.Count == 0) throw new BenchUsageException($"--data: no images under '{root}'.");
        return (paths, labels);
    }
}
