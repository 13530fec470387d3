namespace KerasNet.Torch;

public static partial class torch
{
    /// <summary>Neural-network building blocks, as <c>torch.nn</c>.</summary>
    public static partial class nn
    {
        /// <summary>
        /// Stateless neural-network functions, as <c>torch.nn.functional</c>: the same names, argument names and defaults.
        /// Per-dimension arguments (stride, padding, kernel size...) take a <c>long[]</c> with one value per spatial
        /// dimension, or a single <c>long</c> applied to every dimension. The deprecated <c>size_average</c> and
        /// <c>reduce</c> arguments of the losses are left out: use <c>reduction</c>.
        /// </summary>
        public static partial class functional
        {
            internal static readonly long[] One = { 1 };
            internal static readonly long[] Zero = { 0 };

            /// <summary>Maps a reduction name to libtorch's enum (0 none, 1 mean, 2 sum).</summary>
            internal static long ReductionCode(string reduction, string op) => reduction switch
            {
                "mean" => 1,
                "sum" => 2,
                "none" => 0,
                _ => throw new ArgumentException(
                    $"{op}: reduction must be 'mean', 'sum' or 'none'; received '{reduction}'.", nameof(reduction)),
            };

            /// <summary>A single value repeated once per spatial dimension.</summary>
            internal static long[] Repeat(long value, int dims) => dims switch
            {
                1 => new[] { value },
                2 => new[] { value, value },
                _ => new[] { value, value, value },
            };
        }
    }
}
