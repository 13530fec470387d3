using System.Globalization;

namespace KerasNet;

public static partial class Utils
{
    /// <summary>
    /// Keras's <c>pad_sequences</c>: makes a (sequences, maxlen) tensor from sequences of different lengths, cutting
    /// the long ones and filling the short ones with <paramref name="value"/>.
    /// </summary>
    /// <param name="sequences">The sequences (e.g. token indices), one per row.</param>
    /// <param name="maxlen">The row length; null: the longest sequence's length.</param>
    /// <param name="dtype">The element type: int64 by default (Keras's default is int32; int64 is what Embedding and the sparse losses take here).</param>
    /// <param name="padding"><c>"pre"</c> (default: fill before the sequence) or <c>"post"</c> (after it).</param>
    /// <param name="truncating"><c>"pre"</c> (default: drop values from the start, keeping the last <paramref name="maxlen"/>) or <c>"post"</c> (drop from the end).</param>
    /// <param name="value">The filling value.</param>
    public static Tensor PadSequences(IEnumerable<IEnumerable<long>> sequences, int? maxlen = null, ScalarType dtype = ScalarType.Int64,
        string padding = "pre", string truncating = "pre", double value = 0)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        if (padding is not ("pre" or "post"))
            throw new ArgumentException($"PadSequences: padding received '{padding}'; expected \"pre\" or \"post\".", nameof(padding));
        if (truncating is not ("pre" or "post"))
            throw new ArgumentException($"PadSequences: truncating received '{truncating}'; expected \"pre\" or \"post\".", nameof(truncating));
        if (maxlen is < 0) throw new ArgumentOutOfRangeException(nameof(maxlen), maxlen, "PadSequences: maxlen must be 0 or more, or null for the longest sequence.");
        if (dtype is not (ScalarType.Int64 or ScalarType.Int32 or ScalarType.Int16 or ScalarType.Int8 or ScalarType.Byte or ScalarType.Float32 or ScalarType.Float64))
            throw new ArgumentException($"PadSequences: dtype received {dtype.ToTorchName()}; expected an integer or floating-point type (int64, int32, float32...).", nameof(dtype));
        var isFloat = dtype is ScalarType.Float32 or ScalarType.Float64;
        if (!isFloat && (value != Math.Floor(value) || double.IsInfinity(value)))
            throw new ArgumentException(
                $"PadSequences: value {value.ToString(CultureInfo.InvariantCulture)} is not a whole number, so it cannot fill a {dtype.ToTorchName()} tensor; use dtype: ScalarType.Float32.", nameof(value));

        var rows = new List<long[]>();
        var index = 0;
        foreach (var sequence in sequences)
        {
            rows.Add(sequence?.ToArray() ?? throw new ArgumentException($"PadSequences: sequence {index} is null.", nameof(sequences)));
            index++;
        }
        var length = maxlen ?? (rows.Count == 0 ? 0 : rows.Max(r => r.Length));
        var shape = new long[] { rows.Count, length };
        // Integers stay int64 until the final cast (a double holds int64 exactly only up to 2^53).
        if (isFloat)
        {
            var floats = Fill(rows, length, value, padding, truncating, v => (double)v);
            using var doubles = torch.tensor(floats, shape);
            return doubles.to(dtype);
        }
        var integers = Fill(rows, length, (long)value, padding, truncating, v => v);
        var longs = torch.tensor(integers, shape);
        if (dtype == ScalarType.Int64) return longs;
        using (longs) return longs.to(dtype);
    }

    private static T[] Fill<T>(List<long[]> rows, int length, T value, string padding, string truncating, Func<long, T> convert)
    {
        var result = new T[rows.Count * (long)length];
        Array.Fill(result, value);
        for (var r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            var kept = Math.Min(row.Length, length);
            var from = truncating == "pre" ? row.Length - kept : 0;
            var to = padding == "pre" ? length - kept : 0;
            for (var j = 0; j < kept; j++) result[r * (long)length + to + j] = convert(row[from + j]);
        }
        return result;
    }

    /// <summary>
    /// <see cref="PadSequences(IEnumerable{IEnumerable{long}}, int?, ScalarType, string, string, double)"/> for
    /// int sequences.
    /// </summary>
    public static Tensor PadSequences(IEnumerable<IEnumerable<int>> sequences, int? maxlen = null, ScalarType dtype = ScalarType.Int64,
        string padding = "pre", string truncating = "pre", double value = 0)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        return PadSequences(sequences.Select(s => s?.Select(v => (long)v)!), maxlen, dtype, padding, truncating, value);
    }
}
