using System.Globalization;

namespace KerasNet.Optimizers;

/// <summary>
/// The argument checks that every optimizer and learning-rate schedule constructor shares, so that a bad value is
/// rejected the same way everywhere: an <see cref="ArgumentOutOfRangeException"/> (or <see cref="ArgumentException"/>
/// for a combination) named after the argument, whose message reads
/// <c>"{owner}: {argument} must be {what is expected}; received {value}."</c>. Each check returns the value it accepted.
/// </summary>
internal static class OptimizerArguments
{
    /// <summary>A learning rate: a finite number &gt; 0.</summary>
    internal static double LearningRate(string owner, double value, string argument = "learningRate") =>
        value > 0 && double.IsFinite(value) ? value : throw OutOfRange(owner, argument, value, "the learning rate must be a positive number");

    /// <summary>A finite number &gt; 0 (epsilon, a decay rate).</summary>
    internal static double Positive(string owner, double value, string argument) =>
        value > 0 && double.IsFinite(value) ? value : throw OutOfRange(owner, argument, value, $"{argument} must be a positive number");

    /// <summary>A finite number &gt;= 0 (an initial accumulator value).</summary>
    internal static double NonNegative(string owner, double value, string argument) =>
        value >= 0 && double.IsFinite(value) ? value : throw OutOfRange(owner, argument, value, $"{argument} must be a finite number >= 0");

    /// <summary>An optional finite number &gt;= 0 (weight decay, the clipping options); null passes.</summary>
    internal static double? NonNegative(string owner, double? value, string argument) =>
        value is { } v ? NonNegative(owner, v, argument) : null;

    /// <summary>A number in [0, 1), or in [0, 1] with <paramref name="oneIncluded"/> (betas, rho, momentum).</summary>
    internal static double Fraction(string owner, double value, string argument, bool oneIncluded = false) =>
        value >= 0 && (oneIncluded ? value <= 1 : value < 1) ? value : throw OutOfRange(owner, argument, value, $"{argument} must be in [0, 1{(oneIncluded ? "]" : ")")}");

    /// <summary>A step count of at least 1 (steps between two events); null passes.</summary>
    internal static int? Steps(string owner, int? value, string argument) =>
        value is null or >= 1 ? value : throw OutOfRange(owner, argument, value, $"{argument} must be at least 1");

    /// <summary>A step count of at least 1 (a schedule's decay period).</summary>
    internal static long Steps(string owner, long value, string argument) =>
        value >= 1 ? value : throw OutOfRange(owner, argument, value, $"{argument} must be at least 1");

    /// <summary>A step count &gt;= 0 (warmup steps).</summary>
    internal static long NonNegativeSteps(string owner, long value, string argument) =>
        value >= 0 ? value : throw OutOfRange(owner, argument, value, $"{argument} must be at least 0");

    /// <summary>At most one of the gradient-clipping options is set.</summary>
    internal static void AtMostOneClipping(string owner, double? clipnorm, double? clipvalue, double? globalClipnorm)
    {
        var given = new[] { ("clipnorm", clipnorm), ("clipvalue", clipvalue), ("globalClipnorm", globalClipnorm) }
            .Where(c => c.Item2 is not null).Select(c => $"{c.Item1} {Format(c.Item2)}").ToArray();
        if (given.Length > 1)
            throw new ArgumentException($"{owner}: give at most one of clipnorm, clipvalue and globalClipnorm; received {string.Join(" and ", given)}.");
    }

    private static ArgumentOutOfRangeException OutOfRange(string owner, string argument, object? value, string requirement) =>
        new(argument, value, $"{owner}: {requirement}; received {Format(value)}.");

    private static string Format(object? value) => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "null";
}
