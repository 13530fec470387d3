using System.Globalization;

namespace KerasNet.Layers;

/// <summary>
/// The vocabulary and index arithmetic of IntegerLookup and StringLookup (Keras's <c>IndexLookup</c>): the
/// vocabulary is [mask token (in "int" mode, when there is one)] + [OOV token × numOovIndices] + the tokens, and a
/// token's index is its position there. Masked inputs map to 0 in "int" mode and count nowhere in the vector modes;
/// out-of-vocabulary inputs map to an OOV index chosen by <c>oovBucket</c> (or are an error with no OOV index).
/// </summary>
internal sealed class IndexLookup<T> where T : notnull
{
    internal static readonly string[] OutputModes = { "int", "one_hot", "multi_hot", "count", "tf_idf" };

    private readonly string who;
    private readonly Func<T, long> oovBucket;
    private readonly Func<T, string> show;
    private readonly IComparer<T> tieOrder;
    private List<T> tokens = new();
    private Dictionary<T, long> lookup = new();

    internal IndexLookup(string who, int? maxTokens, int numOovIndices, T? maskToken, bool hasMask, T oovToken, string outputMode, bool invert,
                         bool padToMaxTokens, Func<T, long> oovBucket, Func<T, string> show, IComparer<T> tieOrder)
    {
        this.who = who;
        if (maxTokens is { } m && m <= 1)
            throw new ArgumentOutOfRangeException(nameof(maxTokens), m, $"{who}: maxTokens must be greater than 1 or null (no limit); received {m}.");
        if (numOovIndices < 0)
            throw new ArgumentOutOfRangeException(nameof(numOovIndices), numOovIndices, $"{who}: numOovIndices must be 0 or more; received {numOovIndices}.");
        OutputMode = CategoricalOutput.CheckMode(who, outputMode switch { "binary" => "multi_hot", "tf-idf" => "tf_idf", _ => outputMode }, OutputModes);
        if (invert && OutputMode != "int")
            throw new ArgumentException($"{who}: invert: true needs outputMode \"int\" (indices back to tokens); received outputMode \"{OutputMode}\".", nameof(invert));
        if (padToMaxTokens && maxTokens is null)
            throw new ArgumentException($"{who}: padToMaxTokens: true needs maxTokens, the width the output is padded to.", nameof(padToMaxTokens));
        (MaxTokens, NumOovIndices, MaskToken, HasMask, OovToken, Invert, PadToMaxTokens) = (maxTokens, numOovIndices, maskToken, hasMask, oovToken, invert, padToMaxTokens);
        (this.oovBucket, this.show, this.tieOrder) = (oovBucket, show, tieOrder);
    }

    internal int? MaxTokens { get; }
    internal int NumOovIndices { get; }
    internal T? MaskToken { get; }
    internal bool HasMask { get; }
    internal T OovToken { get; }
    internal string OutputMode { get; }
    internal bool Invert { get; }
    internal bool PadToMaxTokens { get; }
    internal bool HasVocabulary { get; private set; }
    internal float[]? Idf { get; private set; }

    private int OovStart => HasMask && OutputMode == "int" ? 1 : 0;
    internal int TokenStart => OovStart + NumOovIndices;
    internal int Size => TokenStart + tokens.Count;
    internal long Depth => PadToMaxTokens ? MaxTokens!.Value : Size;

    private List<T> Specials => Enumerable.Repeat(MaskToken!, OovStart).Concat(Enumerable.Repeat(OovToken, NumOovIndices)).ToList();

    internal IReadOnlyList<T> Vocabulary(bool includeSpecialTokens) => includeSpecialTokens ? Specials.Concat(tokens).ToList() : tokens.ToList();

    internal void SetVocabulary(IReadOnlyList<T> given, IReadOnlyList<double>? idfWeights)
    {
        if (OutputMode == "tf_idf" && idfWeights is null)
            throw new ArgumentException($"{who}: outputMode \"tf_idf\" with a fixed vocabulary needs idfWeights, one per vocabulary entry.", nameof(idfWeights));
        if (OutputMode != "tf_idf" && idfWeights is not null)
            throw new ArgumentException($"{who}: idfWeights apply to outputMode \"tf_idf\" only; this layer's is \"{OutputMode}\".", nameof(idfWeights));
        if (given.Count == 0) throw new ArgumentException($"{who}: the vocabulary is empty; give at least one token or call Adapt.", "vocabulary");
        var specials = Specials;
        var hasSpecials = given.Count >= specials.Count && given.Take(specials.Count).SequenceEqual(specials);
        var learned = hasSpecials ? given.Skip(specials.Count).ToList() : given.ToList();
        var repeated = learned.GroupBy(t => t).Where(g => g.Count() > 1).Select(g => show(g.Key)).ToList();
        if (repeated.Count > 0)
            throw new ArgumentException($"{who}: the vocabulary repeats {string.Join(", ", repeated)}; give each token once.", "vocabulary");
        if (HasMask && learned.Contains(MaskToken!) || Invert && learned.Contains(OovToken))
            throw new ArgumentException(
                $"{who}: the vocabulary holds the reserved {(HasMask && learned.Contains(MaskToken!) ? $"mask token {show(MaskToken!)}" : $"OOV token {show(OovToken)}")} " +
                $"after its start; leave the special tokens out, or put them only at the start in this order: [{string.Join(", ", specials.Select(show))}].", "vocabulary");
        if (MaxTokens is { } max && TokenStart + learned.Count > max)
            throw new ArgumentException($"{who}: the vocabulary has {TokenStart + learned.Count} entries with the special tokens; maxTokens is {max}.", "vocabulary");
        if (idfWeights is not null)
        {
            if (idfWeights.Count != given.Count)
                throw new ArgumentException($"{who}: idfWeights has {idfWeights.Count} entries for a vocabulary of {given.Count}; give one weight per vocabulary entry.", nameof(idfWeights));
            var front = hasSpecials ? 0 : TokenStart;
            var frontValue = hasSpecials ? 0f : (float)idfWeights.Average();
            Idf = Pad(idfWeights.Select(w => (float)w), front, frontValue);
        }
        SetTokens(learned);
    }

    private float[] Pad(IEnumerable<float> weights, int front, float frontValue)
    {
        var body = Enumerable.Repeat(frontValue, front).Concat(weights).ToList();
        if (PadToMaxTokens && MaxTokens is { } max) body.AddRange(Enumerable.Repeat(0f, Math.Max(0, max - body.Count)));
        return body.ToArray();
    }

    private void SetTokens(List<T> learned)
    {
        tokens = learned;
        lookup = new Dictionary<T, long>(learned.Count);
        for (var i = 0; i < learned.Count; i++) lookup[learned[i]] = TokenStart + i;
        HasVocabulary = true;
    }

    /// <summary>Learns the vocabulary from documents (most frequent first, ties in descending token order, as Keras's lexsort).</summary>
    internal void Adapt(IEnumerable<IReadOnlyList<T>> documents)
    {
        var counts = new Dictionary<T, long>();
        var documentCounts = new Dictionary<T, long>();
        long documentCount = 0;
        foreach (var document in documents)
        {
            documentCount++;
            foreach (var token in document) counts[token] = counts.GetValueOrDefault(token) + 1;
            foreach (var token in document.Distinct()) documentCounts[token] = documentCounts.GetValueOrDefault(token) + 1;
        }
        if (HasMask) counts.Remove(MaskToken!);
        counts.Remove(OovToken);
        var ordered = counts.OrderByDescending(p => p.Value).ThenByDescending(p => p.Key, tieOrder).Select(p => p.Key).ToList();
        if (MaxTokens is { } max && ordered.Count > max - TokenStart) ordered.RemoveRange(max - TokenStart, ordered.Count - (max - TokenStart));
        SetTokens(ordered);
        if (OutputMode == "tf_idf")
        {
            var idf = ordered.Select(t => (float)Math.Log(1 + (double)documentCount / (1 + documentCounts[t]))).ToArray();
            Idf = Pad(idf, TokenStart, idf.Length == 0 ? 0f : (float)idf.Average(w => (double)w));
        }
    }

    internal void EnsureVocabulary()
    {
        if (!HasVocabulary && !(OutputMode == "int" || PadToMaxTokens))
            throw new InvalidOperationException($"{who} has no vocabulary yet: pass vocabulary: to the constructor or call Adapt(data) before calling it in outputMode \"{OutputMode}\".");
    }

    /// <summary>The index of one token: 0 for the mask in "int" mode (-1, counted nowhere, in the vector modes), an OOV index for unknown tokens.</summary>
    internal long IndexOf(T token)
    {
        if (HasMask && EqualityComparer<T>.Default.Equals(token, MaskToken!)) return OutputMode == "int" ? 0 : -1;
        if (lookup.TryGetValue(token, out var index)) return index;
        if (NumOovIndices == 0)
            throw new ArgumentException($"{who}: {show(token)} is not in the vocabulary and numOovIndices is 0, so unknown tokens are errors; set numOovIndices: 1 to map them to an OOV index.");
        return OovStart + (NumOovIndices == 1 ? 0 : oovBucket(token));
    }

    /// <summary>The token at an index (inverse lookup): the mask token at 0 in "int" mode, the OOV token for OOV and unknown indices.</summary>
    internal T TokenAt(long index)
    {
        if (HasMask && index == 0) return MaskToken!;
        return index >= TokenStart && index < Size ? tokens[(int)(index - TokenStart)] : OovToken;
    }

    /// <summary>Encodes looked-up indices of the given shape in this layer's output mode.</summary>
    internal Tensor Encode(long[] indices, long[] shape)
    {
        using var scope = torch.NewDisposeScope();
        var tensor = torch.tensor(indices, shape);
        if (OutputMode == "int") return tensor.MoveToOuterDisposeScope();
        var encoded = CategoricalOutput.Encode(tensor, OutputMode == "tf_idf" ? "count" : OutputMode, Depth);
        if (OutputMode == "tf_idf") encoded = encoded.mul_(torch.tensor(Idf ?? throw new InvalidOperationException($"{who} has no idf weights: adapt it or give idfWeights.")));
        return encoded.MoveToOuterDisposeScope();
    }

    internal static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
