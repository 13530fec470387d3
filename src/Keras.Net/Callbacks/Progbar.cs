using System.Globalization;
using System.Text;

namespace KerasNet.Callbacks;

/// <summary>
/// Keras 3's progress bar: <c>422/422 ━━━━━━━━━━━━━━━━━━━━ 7s 9ms/step - accuracy: 0.9803 - loss: 0.0815</c>.
/// On a terminal (verbose 1) it redraws one line in place, with an ETA while running; otherwise (redirected output,
/// or verbose 2) it writes one line when the target is reached.
/// </summary>
public sealed class Progbar
{
    private const int Width = 20;
    private readonly int? target;
    private readonly int verbose;
    private readonly TextWriter output;
    private readonly bool dynamic;
    private readonly string unitName;
    private readonly double interval;
    private readonly System.Diagnostics.Stopwatch clock = System.Diagnostics.Stopwatch.StartNew();
    private double? timeAfterFirstStep;
    private double lastUpdate = double.NegativeInfinity;
    private int previousWidth;

    /// <summary>Creates a bar.</summary>
    /// <param name="target">Total steps, if known.</param>
    /// <param name="verbose">1: redraw on a terminal; 2: one line at the end.</param>
    /// <param name="output">Where to write (Console.Out by default).</param>
    /// <param name="isTerminal">Whether <paramref name="output"/> is an interactive terminal (detected for the console).</param>
    /// <param name="unitName">"step" or "sample".</param>
    /// <param name="interval">Minimum seconds between redraws.</param>
    public Progbar(int? target, int verbose = 1, TextWriter? output = null, bool? isTerminal = null, string unitName = "step", double interval = 0.05)
    {
        this.target = target;
        this.verbose = verbose;
        this.output = output ?? Console.Out;
        dynamic = isTerminal ?? (output is null && !Console.IsOutputRedirected);
        this.unitName = unitName;
        this.interval = interval;
    }

    /// <summary>Shows progress at step <paramref name="current"/> with the current values of the logs.</summary>
    public void Update(int current, IReadOnlyList<KeyValuePair<string, double>> values, bool? finalize = null) =>
        Update(current, () => values, finalize);

    /// <summary>
    /// As <see cref="Update(int, IReadOnlyList{KeyValuePair{string, double}}, bool?)"/>, reading the values only when a
    /// line is drawn (at most every <c>interval</c> seconds), so steps that are not shown do not read their logs.
    /// </summary>
    internal void Update(int current, Func<IReadOnlyList<KeyValuePair<string, double>>> readValues, bool? finalize = null)
    {
        var final = finalize ?? (target is not null && current >= target);
        var now = clock.Elapsed.TotalSeconds;
        var perStep = EstimateStepDuration(current, now);
        if (verbose == 1 && dynamic)
        {
            if (now - lastUpdate < interval && !final) return;
            var (line, visibleWidth) = FormatDynamic(current, readValues(), final, now, perStep);
            var text = new StringBuilder("\r").Append(line);
            if (previousWidth > visibleWidth) text.Append(' ', previousWidth - visibleWidth);
            if (final) text.Append('\n');
            output.Write(text.ToString());
            output.Flush();
            previousWidth = visibleWidth;
        }
        else if (verbose >= 1 && final)
        {
            output.Write(FormatLine(current, readValues(), now, perStep) + "\n");
            output.Flush();
        }
        lastUpdate = now;
    }

    private (string Line, int VisibleWidth) FormatDynamic(int current, IReadOnlyList<KeyValuePair<string, double>> values, bool final, double now, double perStep)
    {
        var line = new StringBuilder();
        var visible = 0;
        if (target is > 0)
        {
            var count = Counter(current);
            line.Append("\x1b[1m").Append(count).Append("\x1b[0m ");
            var filled = Math.Clamp((int)(Width * (double)current / target.Value), 0, Width);
            if (filled > 0) line.Append("\x1b[32m").Append('━', filled).Append("\x1b[0m");
            line.Append("\x1b[37m").Append('━', Width - filled).Append("\x1b[0m");
            visible += count.Length + 1 + Width;
        }
        else
        {
            var unknown = string.Create(CultureInfo.InvariantCulture, $"{current,7}/Unknown");
            line.Append(unknown);
            visible += unknown.Length;
        }
        var time = target is > 0 && !final ? FormatEta(perStep * (target.Value - current)) : string.Create(CultureInfo.InvariantCulture, $"{now:F0}s");
        line.Append(" \x1b[1m").Append(time).Append("\x1b[0m");
        var info = " " + FormatPerStep(perStep) + FormatValues(values);
        line.Append(info);
        visible += 1 + time.Length + info.Length;
        return (line.ToString(), visible);
    }

    private string FormatLine(int current, IReadOnlyList<KeyValuePair<string, double>> values, double now, double perStep)
    {
        var count = target is > 0 ? Counter(current) : current.ToString(CultureInfo.InvariantCulture);
        if (verbose == 2)
            return string.Create(CultureInfo.InvariantCulture, $"{count} - {now:F0}s - {FormatPerStep(perStep)}{FormatValues(values)}");
        return string.Create(CultureInfo.InvariantCulture, $"{count} {new string('━', Width)} {now:F0}s {FormatPerStep(perStep)}{FormatValues(values)}");
    }

    private string Counter(int current)
    {
        var digits = (int)Math.Floor(Math.Log10(target!.Value)) + 1;
        return current.ToString(CultureInfo.InvariantCulture).PadLeft(digits) + "/" + target.Value.ToString(CultureInfo.InvariantCulture);
    }

    private static string FormatEta(double eta) => eta switch
    {
        > 3600 => string.Create(CultureInfo.InvariantCulture, $"{(int)(eta / 3600)}:{(int)(eta % 3600 / 60):00}:{(int)(eta % 60):00}"),
        > 60 => string.Create(CultureInfo.InvariantCulture, $"{(int)(eta / 60)}:{(int)(eta % 60):00}"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{(int)eta}s"),
    };

    private string FormatPerStep(double perStep) => perStep switch
    {
        >= 1 or 0 => string.Create(CultureInfo.InvariantCulture, $"{perStep:F0}s/{unitName}"),
        >= 1e-3 => string.Create(CultureInfo.InvariantCulture, $"{perStep * 1e3:F0}ms/{unitName}"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{perStep * 1e6:F0}us/{unitName}"),
    };

    /// <summary>Formats values as Keras does: 4 decimals, or scientific notation below 1e-3 in magnitude.</summary>
    public static string FormatValues(IReadOnlyList<KeyValuePair<string, double>> values)
    {
        var text = new StringBuilder();
        foreach (var (name, value) in values)
        {
            text.Append(" - ").Append(name).Append(": ");
            text.Append(Math.Abs(value) > 1e-3
                ? value.ToString("F4", CultureInfo.InvariantCulture)
                : value.ToString("0.0000e+00", CultureInfo.InvariantCulture));
        }
        return text.ToString();
    }

    private double EstimateStepDuration(int current, double now)
    {
        if (current <= 0) return 0;
        double perStep = timeAfterFirstStep is { } first && current > 1 ? (now - first) / (current - 1) : now / current;
        if (current == 1) timeAfterFirstStep = now;
        return perStep;
    }
}
