namespace KerasNet.Callbacks;

/// <summary>
/// When <see cref="ModelCheckpoint"/> saves: at the end of every epoch (<c>"epoch"</c>, the default) or every N
/// training batches (an integer). Converts implicitly from both: <c>saveFreq: "epoch"</c>, <c>saveFreq: 500</c>.
/// </summary>
public readonly record struct SaveFrequency
{
    private SaveFrequency(int batches) => Batches = batches;

    /// <summary>Save at the end of every epoch.</summary>
    public static SaveFrequency Epoch => default;

    /// <summary>Save every <paramref name="batches"/> training batches (counted across epochs).</summary>
    public static SaveFrequency EveryBatches(int batches) => batches > 0
        ? new SaveFrequency(batches)
        : throw new ArgumentOutOfRangeException(nameof(batches), batches, "saveFreq must be \"epoch\" or a positive number of batches.");

    /// <summary>The number of batches between saves, or 0 for once per epoch.</summary>
    public int Batches { get; }

    /// <summary>True when saving once per epoch.</summary>
    public bool IsEpoch => Batches == 0;

    /// <summary>Every <paramref name="batches"/> batches.</summary>
    public static implicit operator SaveFrequency(int batches) => EveryBatches(batches);

    /// <summary>Only <c>"epoch"</c> is accepted, as in Keras.</summary>
    public static implicit operator SaveFrequency(string frequency) => frequency == "epoch"
        ? Epoch
        : throw new ArgumentException($"saveFreq must be \"epoch\" or a positive number of batches; received \"{frequency}\".", nameof(frequency));

    /// <inheritdoc/>
    public override string ToString() => IsEpoch ? "epoch" : Batches.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
