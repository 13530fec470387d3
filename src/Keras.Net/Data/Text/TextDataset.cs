
namespace KerasNet.Data;

/// <summary>
/// Texts with optional class labels, batched and reshuffled every epoch: what
/// <c>Utils.TextDatasetFromDirectory</c> returns. Strings cannot enter a model (libtorch has no string
/// tensors), so a text dataset is turned into tensor batches by a vectorizer before training:
/// <c>model.Fit(vectorizer.Vectorize(dataset))</c> or <c>model.Fit(dataset.Map(texts => ...))</c>.
/// </summary>
public sealed class TextDataset
{
    private readonly long[]? labels;

    /// <summary>Creates a dataset from texts and class indices.</summary>
    /// <param name="texts">The texts.</param>
    /// <param name="labels">One class index per text, in [0, classNames.Count), or null for an unlabelled dataset.</param>
    /// <param name="classNames">The class names, index by index (empty without labels).</param>
    /// <param name="labelMode"><c>"int"</c>, <c>"categorical"</c>, <c>"binary"</c> (two classes), or null without labels.</param>
    /// <param name="batchSize">Texts per batch, or null for one text per batch (Keras yields single texts then; a model still needs a batch axis).</param>
    /// <param name="shuffle">Reshuffle the texts every epoch.</param>
    /// <param name="seed">The seed of the per-epoch shuffling (null: one drawn from libtorch's global generator, see <see cref="SampleSeeds"/>).</param>
    /// <param name="filePaths">The file each text came from, if any.</param>
    public TextDataset(IReadOnlyList<string> texts, IReadOnlyList<long>? labels, IReadOnlyList<string> classNames, string? labelMode,
        int? batchSize = 32, bool shuffle = false, int? seed = null, IReadOnlyList<string>? filePaths = null)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentNullException.ThrowIfNull(classNames);
        if (batchSize is < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "batchSize must be at least 1, or null for unbatched texts.");
        if (labelMode is not (null or "int" or "categorical" or "binary"))
            throw new ArgumentException($"labelMode received '{labelMode}'; expected \"int\", \"categorical\", \"binary\" or null.", nameof(labelMode));
        if ((labels is null) != (labelMode is null))
            throw new ArgumentException(labels is null
                ? $"labelMode '{labelMode}' needs labels; pass labelMode null for an unlabelled dataset."
                : "labels were given with labelMode null; pass labelMode \"int\", \"categorical\" or \"binary\".", nameof(labelMode));
        if (labels is not null)
        {
            if (labels.Count != texts.Count)
                throw new ArgumentException($"{labels.Count} labels for {texts.Count} texts; each text needs one label.", nameof(labels));
            if (labelMode == "binary" && classNames.Count != 2)
                throw new ArgumentException($"labelMode \"binary\" needs exactly 2 classes; received {classNames.Count}: [{string.Join(", ", classNames)}].", nameof(labelMode));
            for (var i = 0; i < labels.Count; i++)
                if (labels[i] < 0 || labels[i] >= classNames.Count)
                    throw new ArgumentException($"label {labels[i]} of text {i} is outside [0, {classNames.Count}) (the {classNames.Count} class names).", nameof(labels));
            this.labels = labels.ToArray();
        }
        if (filePaths is not null && filePaths.Count != texts.Count)
            throw new ArgumentException($"{filePaths.Count} file paths for {texts.Count} texts.", nameof(filePaths));
        Texts = texts.ToArray();
        // An explicit label list names its classes on demand; a large label must not materialize millions of names.
        ClassNames = classNames as ClassIndexNames ?? (IReadOnlyList<string>)classNames.ToArray();
        LabelMode = labelMode;
        BatchSize = batchSize;
        Shuffle = shuffle;
        Seed = seed ?? (int)(SampleSeeds.FromTorchGenerator() & int.MaxValue);
        FilePaths = filePaths?.ToArray() ?? Array.Empty<string>();
    }

    /// <summary>The texts, in the dataset's base order (the order of an unshuffled epoch).</summary>
    public IReadOnlyList<string> Texts { get; }

    /// <summary>The class index of each text, or null for an unlabelled dataset.</summary>
    public IReadOnlyList<long>? Labels => labels;

    /// <summary>The class names, index by index.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>The label mode: <c>"int"</c>, <c>"categorical"</c>, <c>"binary"</c>, or null.</summary>
    public string? LabelMode { get; }

    /// <summary>Texts per batch; null means one text per batch.</summary>
    public int? BatchSize { get; }

    /// <summary>Whether the texts are reshuffled every epoch.</summary>
    public bool Shuffle { get; }

    /// <summary>The seed of the per-epoch shuffling.</summary>
    public int Seed { get; }

    /// <summary>The file each text was read from (empty when the texts did not come from files).</summary>
    public IReadOnlyList<string> FilePaths { get; }

    /// <summary>The number of texts.</summary>
    public int Count => Texts.Count;

    /// <summary>The number of batches per epoch.</summary>
    public int BatchCount => (Count + (BatchSize ?? 1) - 1) / (BatchSize ?? 1);

    /// <summary>
    /// The order of the texts in epoch <paramref name="epoch"/>: the base order, or the permutation of (<see cref="Seed"/>,
    /// epoch) that a <see cref="DataLoader"/> with that seed uses (<see cref="SampleSeeds.Order"/>).
    /// </summary>
    public int[] Order(int epoch) => SampleSeeds.Order(Count, Shuffle, Seed, epoch);

    /// <summary>The batches of one epoch. The label tensors belong to the caller (inside Fit, to its per-batch dispose scope).</summary>
    public IEnumerable<TextBatch> GetBatches(int epoch)
    {
        var order = Order(epoch);
        var size = BatchSize ?? 1;
        for (var start = 0; start < order.Length; start += size)
        {
            var indices = order.AsSpan(start, Math.Min(size, order.Length - start)).ToArray();
            yield return new TextBatch(indices.Select(i => Texts[i]).ToArray(), labels is null ? null : LabelTensor(indices));
        }
    }

    /// <summary>The labels of the given texts as a tensor in the dataset's label mode.</summary>
    public Tensor LabelTensor(IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        if (labels is null) throw new InvalidOperationException("This text dataset has no labels (it was created with labels: null).");
        var picked = indices.Select(i => labels[i]).ToArray();
        switch (LabelMode)
        {
            case "int":
                return torch.tensor(picked, new long[] { picked.Length });
            case "binary":
                return torch.tensor(picked.Select(l => (float)l).ToArray(), new long[] { picked.Length, 1 });
            default:
                var oneHot = new float[picked.Length * ClassNames.Count];
                for (var i = 0; i < picked.Length; i++) oneHot[i * ClassNames.Count + picked[i]] = 1f;
                return torch.tensor(oneHot, new long[] { picked.Length, ClassNames.Count });
        }
    }

    /// <summary>All labels, in the base order, as a tensor in the dataset's label mode.</summary>
    public Tensor LabelTensor() => LabelTensor(Enumerable.Range(0, Count).ToArray());

    /// <summary>
    /// A data source for <c>Model.Fit</c>/<c>Evaluate</c>/<c>Predict</c> whose batches are this dataset's batches with the
    /// texts turned into a tensor by <paramref name="vectorize"/> (e.g. <c>TextVectorization.Call</c>). Vectorization
    /// runs batch by batch as the model consumes them. Without labels, batches have no targets (for Predict).
    /// </summary>
    public IDataSource Map(Func<IReadOnlyList<string>, Tensor> vectorize)
    {
        ArgumentNullException.ThrowIfNull(vectorize);
        return new MappedTextSource(this, vectorize);
    }

    /// <summary>Selects the texts at <paramref name="indices"/> (in that order) into a new dataset with the same settings.</summary>
    public TextDataset Take(IReadOnlyList<int> indices, bool? shuffle = null)
    {
        ArgumentNullException.ThrowIfNull(indices);
        return new TextDataset(indices.Select(i => Texts[i]).ToArray(), labels is null ? null : indices.Select(i => labels[i]).ToArray(),
            ClassNames, LabelMode, BatchSize, shuffle ?? Shuffle, Seed, FilePaths.Count == 0 ? null : indices.Select(i => FilePaths[i]).ToArray());
    }

    private sealed class MappedTextSource(TextDataset dataset, Func<IReadOnlyList<string>, Tensor> vectorize) : IDataSource
    {
        public int? BatchCount => dataset.BatchCount;

        public IEnumerable<Batch> GetBatches(int epoch)
        {
            foreach (var batch in dataset.GetBatches(epoch))
            {
                var x = vectorize(batch.Texts) ?? throw new InvalidOperationException("The vectorize function of TextDataset.Map returned null; it must return a tensor.");
                if (x.dim() == 0 || x.size(0) != batch.Texts.Count)
                    throw new InvalidOperationException(
                        $"The vectorize function of TextDataset.Map returned shape {Shape.Format(x.shape)} for {batch.Texts.Count} texts; its first axis must have one row per text.");
                yield return new Batch(new[] { x }, batch.Labels is null ? Array.Empty<Tensor>() : new[] { batch.Labels });
            }
        }
    }
}
