using System.Reflection;
using System.Text;
using KerasNet.Activations;
using KerasNet.Callbacks;
using KerasNet.Constraints;
using KerasNet.Initializers;
using KerasNet.Losses;
using KerasNet.Metrics;
using KerasNet.Optimizers;
using KerasNet.Regularizers;

namespace KerasNet.Tests.Coverage;

/// <summary>
/// Builds docs/COVERAGE.md: which names of Keras 3's API (docs/coverage/keras3-api.txt) Keras.Net offers, found by
/// reflection over the Keras.Net assembly, with the reasons and spellings of docs/coverage/notes.txt.
/// </summary>
/// <remarks>
/// A class name (Dense, AUC) is present when a public type of that name exists in the family (derives from the
/// family's base, or sits in its namespace); a lower-case identifier of a family with string look-up (losses,
/// metrics, activations, initializers, regularizers, constraints) when the family's <c>Get</c> accepts it; a
/// function of utils, models or applications when a public static method of its PascalCase name exists; a data set
/// when a public static class of its PascalCase name exists in KerasNet.Datasets.
/// </remarks>
internal sealed class KerasApiCoverage
{
    private static readonly Assembly Library = typeof(Layer).Assembly;

    // Layer lives in the root namespace; the layers themselves in KerasNet.Layers.
    private static readonly Dictionary<string, (Type? Base, Func<string, object>? Lookup)> Families = new()
    {
        ["layers"] = (typeof(Layer), null),
        ["losses"] = (typeof(Loss), name => Loss.Get(name)),
        ["metrics"] = (typeof(Metric), name => Metric.Get(name)),
        ["optimizers"] = (typeof(Optimizer), null),
        ["optimizers/schedules"] = (typeof(LearningRateSchedule), null),
        ["callbacks"] = (typeof(Callback), null),
        ["initializers"] = (typeof(Initializer), name => Initializer.Get(name)),
        ["regularizers"] = (typeof(Regularizer), name => Regularizer.Get(name)),
        ["constraints"] = (typeof(Constraint), name => Constraint.Get(name)),
        ["activations"] = (null, name => ActivationFunction.Get(name)),
        ["applications"] = (null, null),
        ["datasets"] = (null, null),
        ["utils"] = (null, null),
        ["models"] = (null, null),
    };

    private readonly Type[] publicTypes = Library.GetExportedTypes();

    /// <summary>The Keras version the reference list was read from (its first line).</summary>
    public string KerasVersion { get; }

    /// <summary>Keras's names per module, in the list's order.</summary>
    public IReadOnlyList<(string Module, IReadOnlyList<string> Names)> Modules { get; }

    /// <summary>The notes: <c>module.Name</c> → a reason it is missing, or <c>= Target</c> for another spelling.</summary>
    public IReadOnlyDictionary<string, string> Notes { get; }

    public KerasApiCoverage(string apiListPath, string notesPath)
    {
        var lines = File.ReadAllLines(apiListPath);
        KerasVersion = lines[0].Split(' ')[2];
        var modules = new List<(string, IReadOnlyList<string>)>();
        List<string>? current = null;
        foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
        {
            if (line.StartsWith('['))
            {
                current = new List<string>();
                modules.Add((line.Trim('[', ']'), current));
            }
            else current!.Add(line);
        }
        Modules = modules;
        Notes = File.ReadAllLines(notesPath)
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split(':', 2) is [var key, var value] ? (key.Trim(), value.Trim())
                         : throw new FormatException($"{notesPath}: expected 'module.Name: text', received '{l}'."))
            .ToDictionary(p => p.Item1, p => p.Item2, StringComparer.Ordinal);
    }

    /// <summary>The alias target of a note written <c>= Target</c>, or null.</summary>
    public string? SpellingOf(string key) =>
        Notes.TryGetValue(key, out var note) && note.StartsWith('=') ? note[1..].Trim() : null;

    /// <summary>Whether Keras.Net offers <paramref name="name"/> of <paramref name="module"/> (directly or as its noted spelling).</summary>
    public bool IsPresent(string module, string name) =>
        Offers(module, name) || SpellingOf($"{module}.{name}") is { } target && OffersTarget(target);

    private bool Offers(string module, string name)
    {
        var (familyBase, lookup) = Families[module];
        if (char.IsUpper(name[0]))
            return publicTypes.Any(t => t.Name == name && InFamily(t, familyBase, module))
                   || module is "applications" or "layers" && StaticMethodExists(Pascal(name), module);
        if (lookup is not null) return Accepts(lookup, name);
        return module == "datasets"
            ? publicTypes.Any(t => t.Name == Pascal(name) && t.Namespace == "KerasNet.Datasets" && t.IsAbstract && t.IsSealed)
            : StaticMethodExists(Pascal(name), module);
    }

    private static bool InFamily(Type type, Type? familyBase, string module) => familyBase is null
        ? module != "applications"
        : familyBase.IsAssignableFrom(type) || type.Namespace == (module == "layers" ? "KerasNet.Layers" : familyBase.Namespace);

    private bool StaticMethodExists(string name, string module) => publicTypes
        .Where(t => module != "applications" || t.Namespace == "KerasNet.Applications")
        .Any(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly).Any(m => m.Name == name));

    private static bool Accepts(Func<string, object> lookup, string name)
    {
        try
        {
            lookup(name);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (KeyNotFoundException)
        {
            return false;
        }
    }

    /// <summary>A target written <c>Type</c> or <c>Type.Member</c> (simple or full names) exists and is public.</summary>
    private bool OffersTarget(string target)
    {
        if (publicTypes.Any(t => t.Name == target || t.FullName == target)) return true;
        var dot = target.LastIndexOf('.');
        if (dot < 0) return false;
        var (typeName, member) = (target[..dot], target[(dot + 1)..]);
        return publicTypes.Where(t => t.Name == typeName || t.FullName == typeName)
            .Any(t => t.GetMember(member, BindingFlags.Public | BindingFlags.Static | BindingFlags.Instance).Length > 0);
    }

    /// <summary><c>timeseries_dataset_from_array</c> → <c>TimeseriesDatasetFromArray</c>.</summary>
    public static string Pascal(string snake) =>
        string.Concat(snake.Split('_', StringSplitOptions.RemoveEmptyEntries).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));

    /// <summary>The markdown of docs/COVERAGE.md.</summary>
    public string Markdown()
    {
        var text = new StringBuilder();
        text.AppendLine("# Keras 3 API coverage")
            .AppendLine()
            .AppendLine($"Generated from the code by `./build.sh coverage` (the test `CoverageTableTests` fails when this file is out of date).")
            .AppendLine($"The reference is the public API of Keras {KerasVersion} (`docs/coverage/keras3-api.txt`, read from Keras's")
            .AppendLine("`keras/api/*/__init__.py` by `docs/coverage/keras3_api_names.py`); reasons and other spellings come from")
            .AppendLine("`docs/coverage/notes.txt`. A class counts when Keras.Net has a public type of that name in the family; a")
            .AppendLine("lower-case identifier of a family with string look-up (`\"mse\"`, `\"glorot_uniform\"`) when the family's `Get`")
            .AppendLine("accepts it; a function (`get_file`) when a public static method of its PascalCase name exists.")
            .AppendLine()
            .AppendLine($"| Module | Keras {KerasVersion} | Keras.Net | Missing |")
            .AppendLine("|---|---:|---:|---:|");
        var (allKeras, allOurs) = (0, 0);
        foreach (var (module, names) in Modules)
        {
            var present = names.Count(n => IsPresent(module, n));
            (allKeras, allOurs) = (allKeras + names.Count, allOurs + present);
            text.AppendLine($"| {module} | {names.Count} | {present} | {names.Count - present} |");
        }
        text.AppendLine($"| **all** | **{allKeras}** | **{allOurs}** | **{allKeras - allOurs}** |").AppendLine();
        text.AppendLine("## Missing, and why").AppendLine();
        foreach (var (module, names) in Modules)
        {
            var missing = names.Where(n => !IsPresent(module, n)).ToArray();
            if (missing.Length == 0) continue;
            text.AppendLine($"### {module}").AppendLine();
            foreach (var name in missing)
            {
                var note = Notes.GetValueOrDefault($"{module}.{name}");
                var why = note is null ? "not yet" : note.StartsWith('=') ? $"not yet (would be `{note[1..].Trim()}`)" : note;
                text.AppendLine($"- `{name}`: {why}");
            }
            text.AppendLine();
        }
        text.AppendLine("## Under another name or namespace in Keras.Net").AppendLine();
        foreach (var (module, names) in Modules)
            foreach (var name in names)
                if (!Offers(module, name) && SpellingOf($"{module}.{name}") is { } target && OffersTarget(target))
                    text.AppendLine($"- `{module}.{name}` → `{target}`");
        return text.ToString();
    }
}
