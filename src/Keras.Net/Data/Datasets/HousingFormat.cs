using KerasNet.Data;

namespace KerasNet.Datasets;

/// <summary>
/// The layout of Keras's housing regression archives (<c>boston_housing.npz</c>, <c>california_housing.npz</c>): an
/// array <c>x</c> (samples, features) and an array <c>y</c> (samples), float64; loaded, optionally cut to the first
/// samples, shuffled with NumPy's <c>RandomState(seed)</c> and split as Keras does.
/// </summary>
internal static class HousingFormat
{
    private static readonly string[] Members = { "x", "y" };

    internal static ((Tensor x, Tensor y) train, (Tensor x, Tensor y) test) Load(string fn, DatasetSpec spec, string? path, double testSplit,
        int seed, int features, int? firstSamples, DatasetSources sources)
    {
        if (!(testSplit >= 0 && testSplit < 1)) throw new ArgumentOutOfRangeException(nameof(testSplit), testSplit, $"{fn}: testSplit must be in [0, 1), e.g. 0.2.");
        if (seed < 0) throw new ArgumentOutOfRangeException(nameof(seed), seed, $"{fn}: seed must be 0 or more (NumPy's RandomState range).");

        var file = Imdb.Locate(spec, path, sources);
        var members = NpzReader.ReadMembers(file, Members);
        var (x, xShape, xSingle) = NpzReader.ReadFloats(members["x"], $"{file}:x.npy", rank: 2);
        var (y, yShape, ySingle) = NpzReader.ReadFloats(members["y"], $"{file}:y.npy", rank: 1);
        if (xShape[1] != features)
            throw new DatasetFormatException(file, $"holds x of shape ({xShape[0]}, {xShape[1]}); {spec.DisplayName} has {features} features per sample.");
        if (xShape[0] != yShape[0])
            throw new DatasetFormatException(file, $"holds {xShape[0]} samples (x) and {yShape[0]} targets (y); each sample needs one target.");

        var samples = (int)Math.Min(xShape[0], firstSamples ?? long.MaxValue);
        var order = NumpyLegacyRandom.Permutation(seed, samples);
        var split = (int)(samples * (1 - testSplit));
        return ((Rows(x, order[..split], features, xSingle), Rows(y, order[..split], 1, ySingle).reshape(split)),
                (Rows(x, order[split..], features, xSingle), Rows(y, order[split..], 1, ySingle).reshape(samples - split)));
    }

    // The given rows of a (samples, width) array, as float64 (float32 when the file held float32).
    private static Tensor Rows(double[] values, int[] rows, int width, bool single)
    {
        var picked = new double[rows.Length * (long)width];
        for (var i = 0; i < rows.Length; i++) Array.Copy(values, (long)rows[i] * width, picked, (long)i * width, width);
        var result = torch.tensor(picked, new long[] { rows.Length, width });
        return single ? result.to(ScalarType.Float32) : result;
    }
}
