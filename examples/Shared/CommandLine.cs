using System.Globalization;

// Compiled into every example (examples/Directory.Build.props).

/// <summary>
/// An example's command-line options, declared and read in one pass: each getter names an option, its default and a
/// line of help, and returns the value given on the command line (the last one if an option is repeated).
/// <see cref="Parse{T}"/> then prints the options for --help (exit code 0), or, for unknown options, missing values
/// and bad values, says what was received and what was expected, lists the options and exits with code 2.
/// </summary>
internal sealed class CommandLine
{
    private readonly string example;
    private readonly string summary;
    private readonly List<Token> tokens = [];
    private readonly List<(string Usage, string Help)> options = [];
    private readonly List<string> errors = [];
    private readonly bool help;

    private sealed class Token(string name, string? value)
    {
        public string Name { get; } = name;
        public string? Value { get; } = value;
        public bool Known { get; set; }
    }

    private CommandLine(string example, string summary, string[] args)
    {
        this.example = example;
        this.summary = summary;
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg is "--help" or "-h") help = true;
            else if (!arg.StartsWith("--", StringComparison.Ordinal)) errors.Add($"unexpected argument '{arg}'; options start with --.");
            else if (arg.IndexOf('=') is var equals and > 0) tokens.Add(new Token(arg[..equals], arg[(equals + 1)..]));
            // A value is the next argument unless that is an option itself ("-1" is a value, "--seed" is not).
            else tokens.Add(new Token(arg, i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : null));
        }
    }

    /// <summary>Reads the options with <paramref name="read"/>, then handles --help and the errors (see the class summary).</summary>
    /// <param name="example">The example's name for ./build.sh example, e.g. mnist-cnn.</param>
    /// <param name="summary">One line saying what the example does, printed by --help.</param>
    /// <param name="args">The command line.</param>
    /// <param name="read">Builds the options from the getters, called in the order --help lists them.</param>
    public static T Parse<T>(string example, string summary, string[] args, Func<CommandLine, T> read)
    {
        var line = new CommandLine(example, summary, args);
        var result = read(line);
        line.Finish();
        return result;
    }

    /// <summary>The example's name for ./build.sh example.</summary>
    public string Example => example;

    /// <summary>A whole number of at least <paramref name="min"/>; <paramref name="fallback"/> when absent.</summary>
    public int Int(string name, int fallback, string help, int min = 1) =>
        OptionalInt(name, help, fallback.ToString(CultureInfo.InvariantCulture), min) ?? fallback;

    /// <summary>A whole number of at least <paramref name="min"/>; null when absent (<paramref name="whenAbsent"/> says what that means).</summary>
    public int? OptionalInt(string name, string help, string whenAbsent, int min = 1) =>
        Read(name, "N", help, whenAbsent) is { } text
            ? Check<int>(name, text, $"a whole number of at least {min}",
                int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min ? value : null)
            : null;

    /// <summary>A whole number (a seed, say); <paramref name="fallback"/> when absent.</summary>
    public long Long(string name, long fallback, string help) =>
        Read(name, "N", help, fallback.ToString(CultureInfo.InvariantCulture)) is { } text
            ? Check<long>(name, text, "a whole number",
                long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : null) ?? fallback
            : fallback;

    /// <summary>A number for which <paramref name="valid"/> holds (<paramref name="expected"/> says which); <paramref name="fallback"/> when absent.</summary>
    public double Double(string name, double fallback, string help, string expected, Func<double, bool> valid) =>
        Read(name, "F", help, fallback.ToString(CultureInfo.InvariantCulture)) is { } text
            ? Check<double>(name, text, expected,
                double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && valid(value) ? value : null) ?? fallback
            : fallback;

    /// <summary>Text (a folder, a file, a name); <paramref name="fallback"/> when absent.</summary>
    public string Text(string name, string fallback, string help, string placeholder) =>
        Read(name, placeholder, help, fallback) ?? fallback;

    /// <summary>Text; null when absent (<paramref name="whenAbsent"/> says what that means).</summary>
    public string? OptionalText(string name, string help, string whenAbsent, string placeholder) =>
        Read(name, placeholder, help, whenAbsent);

    /// <summary>Text that must be given: an error when absent (the empty string is then returned).</summary>
    public string RequiredText(string name, string help, string placeholder)
    {
        var text = Read(name, placeholder, help, whenAbsent: null);
        if (text is null) errors.Add($"{name} {placeholder} is required: {help}.");
        return text ?? "";
    }

    /// <summary>One of <paramref name="choices"/>; <paramref name="fallback"/> when absent.</summary>
    public string Choice(string name, string fallback, string help, params string[] choices) =>
        OptionalChoice(name, help, fallback, choices) ?? fallback;

    /// <summary>One of <paramref name="choices"/>; null when absent (<paramref name="whenAbsent"/> says what that means).</summary>
    public string? OptionalChoice(string name, string help, string whenAbsent, params string[] choices) =>
        Read(name, string.Join('|', choices), help, whenAbsent) is { } text
            ? choices.Contains(text, StringComparer.Ordinal) ? text : Invalid(name, text, "one of " + string.Join(", ", choices))
            : null;

    /// <summary>True when the option (which takes no value) is given.</summary>
    public bool Flag(string name, string help) => Switch(name, negation: null, help, "off") ?? false;

    /// <summary><paramref name="name"/> gives true, <paramref name="negation"/> false, the later one winning; null when neither is given.</summary>
    public bool? Switch(string name, string? negation, string help, string whenAbsent)
    {
        options.Add((negation is null ? name : $"{name}, {negation}", $"{help} (default: {whenAbsent})"));
        var last = tokens.LastOrDefault(t => t.Name == name || t.Name == negation);
        foreach (var token in tokens.Where(t => t.Name == name || t.Name == negation))
        {
            token.Known = true;
            if (token.Value is not null) errors.Add($"{token.Name} takes no value; received '{token.Value}'.");
        }
        return last is null ? null : last.Name == name;
    }

    /// <summary>Adds an error unless <paramref name="condition"/> holds: for checks that involve the file system or several options.</summary>
    public void Require(bool condition, string message)
    {
        if (!condition) errors.Add(message);
    }

    // Registers the option for --help and the error list; returns its value, null when absent or given without one.
    private string? Read(string name, string placeholder, string help, string? whenAbsent)
    {
        options.Add(($"{name} {placeholder}", whenAbsent is null ? help : $"{help} (default: {whenAbsent})"));
        Token? last = null;
        foreach (var token in tokens.Where(t => t.Name == name))
        {
            token.Known = true;
            last = token;
        }
        if (last is { Value: null }) errors.Add($"{name} needs a value: {name} {placeholder}.");
        return last?.Value;
    }

    // The parsed value, or null after recording what was received and what was expected.
    private T? Check<T>(string name, string text, string expected, T? value) where T : struct
    {
        if (value is null) Invalid(name, text, expected);
        return value;
    }

    private string? Invalid(string name, string received, string expected)
    {
        errors.Add($"{name}: received '{received}'; expected {expected}.");
        return null;
    }

    private void Finish()
    {
        if (help)
        {
            Console.WriteLine($"{summary}{Environment.NewLine}{Environment.NewLine}Usage: ./build.sh example {example} [options]{Environment.NewLine}");
            // A usage longer than the column (a long list of choices) gets its help on the next line.
            var width = Math.Min(options.Max(o => o.Usage.Length), 28) + 2;
            foreach (var (usage, text) in options.Append(("--help", "prints these options")))
                Console.WriteLine(usage.Length < width ? $"  {usage.PadRight(width)}{text}" : $"  {usage}{Environment.NewLine}  {new string(' ', width)}{text}");
            Environment.Exit(0);
        }
        errors.AddRange(tokens.Where(t => !t.Known).Select(t => $"unknown option '{t.Name}'."));
        if (errors.Count == 0) return;
        foreach (var error in errors) Console.Error.WriteLine($"{example}: {error}");
        Console.Error.WriteLine($"Options: {string.Join(", ", options.Select(o => o.Usage))}, --help.");
        Environment.Exit(2);
    }
}
