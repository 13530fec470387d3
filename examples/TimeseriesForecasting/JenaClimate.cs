using System.Globalization;
using static TorchSharp.torch;

/// <summary>The Jena climate CSV: where to find it, how to read it, and a synthetic stand-in in the same format.</summary>
internal static class JenaClimate
{
    public const string Url = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/jena_climate_2009_2016.csv.zip";
    public const string DefaultPath = "datasets/jena_climate/jena_climate_2009_2016.csv";
    public const string SyntheticPath = "datasets/jena_climate/jena_climate_synthetic.csv";
    public const string DateFormat = "dd.MM.yyyy HH:mm:ss";

    public static readonly string[] Header =
    [
        "Date Time", "p (mbar)", "T (degC)", "Tpot (K)", "Tdew (degC)", "rh (%)", "VPmax (mbar)", "VPact (mbar)", "VPdef (mbar)",
        "sh (g/kg)", "H2OC (mmol/mol)", "rho (g/m**3)", "wv (m/s)", "max. wv (m/s)", "wd (deg)",
    ];

    public static string WhereToGetIt =>
        $"The Jena climate file (Max Planck Institute for Biogeochemistry, 2009-2016) is {Url}: unzip it into " +
        $"{Path.GetDirectoryName(DefaultPath)}/ or pass its path with --data.";

    /// <summary>The file to read: the one given, else the Jena file at its default place, else the synthetic file (written if absent).</summary>
    public static string Locate(string? data, int syntheticDays, long seed)
    {
        if (data is not null) return data;
        if (File.Exists(DefaultPath)) return DefaultPath;
        Console.WriteLine($"{DefaultPath} is missing. {WhereToGetIt}");
        var path = SyntheticPath.Replace(".csv", $"_{syntheticDays}d_{seed}.csv", StringComparison.Ordinal);
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            WriteSynthetic(path, syntheticDays, seed);
        }
        Console.WriteLine($"Using {path}: {syntheticDays} days of synthetic records in the Jena CSV format (annual and daily cycles, slow weather).");
        return path;
    }

    /// <summary>Reads the CSV (see <see cref="ReadCsv"/>); a file that is not in the Jena format ends the example with code 2 and the reason.</summary>
    public static JenaFrame ReadCsvOrExit(string path)
    {
        try
        {
            return ReadCsv(path);
        }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"timeseries-forecasting: {e.Message}");
            Environment.Exit(2);
            throw;
        }
    }

    /// <summary>Reads the CSV: the header must be Jena's; every row a date in <see cref="DateFormat"/> and 14 numbers.</summary>
    public static JenaFrame ReadCsv(string path)
    {
        using var reader = new StreamReader(path);
        var header = reader.ReadLine()?.Split(',').Select(c => c.Trim('"')).ToArray() ?? [];
        if (!header.SequenceEqual(Header))
            throw new InvalidDataException($"{path}: expected the Jena climate header ({string.Join(",", Header)}); received '{string.Join(",", header)}'. {WhereToGetIt}");
        var dates = new List<string>();
        var values = new List<float>();
        var lineNumber = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0) continue;
            var fields = line.Split(',');
            if (fields.Length != Header.Length || !DateTime.TryParseExact(fields[0], DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                throw new InvalidDataException($"{path}, line {lineNumber}: expected a date ({DateFormat}) and {Header.Length - 1} numbers; received '{line}'.");
            dates.Add(fields[0]);
            for (var i = 1; i < fields.Length; i++)
                values.Add(float.TryParse(fields[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v
                    : throw new InvalidDataException($"{path}, line {lineNumber}: column '{Header[i]}' is not a number: '{fields[i]}'."));
        }
        if (dates.Count == 0) throw new InvalidDataException($"{path}: no records after the header. {WhereToGetIt}");
        return new JenaFrame(dates, Header[1..], tensor(values.ToArray(), [dates.Count, Header.Length - 1]));
    }

    /// <summary>
    /// Writes <paramref name="days"/> days of 10-minute records from 01.01.2009 00:10:00: temperature with an annual and a
    /// daily cycle plus slow (autoregressive) weather, pressure and humidity as slow weather, and the derived columns
    /// (dew point, vapour pressures, specific humidity, air density, potential temperature) from the usual formulas.
    /// </summary>
    public static void WriteSynthetic(string path, int days, long seed)
    {
        var random = new Random((int)seed);
        double Noise() => random.NextDouble() + random.NextDouble() + random.NextDouble() - 1.5;
        var (weather, pressure, humidity, wind, direction) = (0.0, 0.0, 0.0, 0.0, 180.0);
        var first = new DateTime(2009, 1, 1, 0, 10, 0);
        var temporary = path + ".tmp";
        using (var writer = new StreamWriter(temporary))
        {
            writer.WriteLine(string.Join(",", Header.Select(h => $"\"{h}\"")));
            for (var i = 0; i < days * 144; i++)
            {
                var time = first.AddMinutes(10 * i);
                var year = (time.DayOfYear - 1 + time.TimeOfDay.TotalDays) / 365.25;
                var hour = time.TimeOfDay.TotalHours;
                weather = 0.995 * weather + 0.35 * Noise();
                pressure = 0.998 * pressure + 0.25 * Noise();
                humidity = 0.99 * humidity + 0.8 * Noise();
                wind = 0.97 * wind + 0.25 * Noise();
                direction = (direction + 8 * Noise() + 360) % 360;
                var t = 9.5 - 9.5 * Math.Cos(2 * Math.PI * (year - 0.04)) - 3.5 * Math.Cos(2 * Math.PI * (hour - 3) / 24) + weather;
                var p = 989 + 7 * pressure - 0.15 * weather;
                var rh = Math.Clamp(78 + 12 * Math.Cos(2 * Math.PI * (hour - 3) / 24) + 6 * humidity, 15, 100);
                var vpMax = 6.1078 * Math.Exp(17.27 * t / (t + 237.3));
                var vpAct = rh / 100 * vpMax;
                var alpha = Math.Log(vpAct / 6.1078);
                var tDew = 237.3 * alpha / (17.27 - alpha);
                var sh = 622 * vpAct / (p - 0.378 * vpAct);
                var rho = p * 100 / (287.05 * (t + 273.15)) * 1000;
                var wv = Math.Max(0, 2 + 1.5 * wind + 0.8 * Math.Sin(2 * Math.PI * (hour - 9) / 24));
                double[] row = [p, t, (t + 273.15) * Math.Pow(1000 / p, 0.286), tDew, rh, vpMax, vpAct, vpMax - vpAct, sh, 1000 * vpAct / p, rho, wv, 1.6 * wv + 0.3, direction];
                writer.WriteLine(time.ToString(DateFormat, CultureInfo.InvariantCulture) + "," +
                                 string.Join(",", row.Select(v => v.ToString("F2", CultureInfo.InvariantCulture))));
            }
        }
        File.Move(temporary, path, overwrite: true);
    }
}

/// <summary>The records of a Jena climate CSV: dates as written, the 14 numeric columns, values (rows, 14) float32.</summary>
internal sealed record JenaFrame(IReadOnlyList<string> DateTime, IReadOnlyList<string> Columns, Tensor Values)
{
    public int Rows => DateTime.Count;

    /// <summary>The named columns, in the order given: (rows, names.Length).</summary>
    public Tensor Select(IReadOnlyList<string> names) =>
        Values.index_select(1, tensor(names.Select(n => (long)IndexOf(n)).ToArray()));

    private int IndexOf(string name) => Columns.ToList().IndexOf(name) is var i and >= 0 ? i
        : throw new ArgumentException($"No column '{name}'; the columns are {string.Join(", ", Columns)}.", nameof(name));
}
