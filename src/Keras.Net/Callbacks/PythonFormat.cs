using System.Globalization;
using System.Numerics;
using System.Text;

namespace KerasNet.Callbacks;

/// <summary>
/// The part of Python's <c>str.format</c> that Keras's file-name templates use: named fields (<c>{epoch}</c>,
/// <c>{val_loss:.2f}</c>), <c>{{</c>/<c>}}</c> escapes, and the format-spec mini-language
/// <c>[[fill]align][sign][0][width][.precision][type]</c> with types <c>d</c>, <c>f</c>/<c>F</c>, <c>e</c>/<c>E</c>,
/// <c>g</c>/<c>G</c>, <c>%</c> or none. Values are integers (<see cref="long"/>) or <see cref="double"/>s, and are
/// written exactly as Python writes them (correctly rounded, half to even; <c>str(float)</c> for a bare field).
/// </summary>
internal static class PythonFormat
{
    /// <summary>Formats <paramref name="template"/> with named values.</summary>
    /// <exception cref="KeyNotFoundException">A field names a value that is not given.</exception>
    /// <exception cref="FormatException">The template or a format spec is malformed or not supported.</exception>
    public static string Format(string template, IReadOnlyDictionary<string, object> values)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(values);
        var result = new StringBuilder(template.Length + 16);
        for (var i = 0; i < template.Length; i++)
        {
            var c = template[i];
            if (c == '}')
            {
                if (i + 1 < template.Length && template[i + 1] == '}') { result.Append('}'); i++; continue; }
                throw new FormatException($"Single '}}' at position {i} of the template \"{template}\"; write '}}}}' for a literal brace.");
            }
            if (c != '{') { result.Append(c); continue; }
            if (i + 1 < template.Length && template[i + 1] == '{') { result.Append('{'); i++; continue; }
            var end = template.IndexOf('}', i + 1);
            if (end < 0) throw new FormatException($"Unclosed '{{' at position {i} of the template \"{template}\".");
            var field = template.Substring(i + 1, end - i - 1);
            if (field.Contains('{')) throw new FormatException($"Nested fields are not supported: \"{{{field}}}\" in \"{template}\".");
            var colon = field.IndexOf(':');
            var name = colon < 0 ? field : field[..colon];
            var spec = colon < 0 ? "" : field[(colon + 1)..];
            if (name.Length == 0 || name.IndexOfAny(new[] { '!', '.', '[' }) >= 0)
                throw new FormatException($"The field \"{{{field}}}\" in \"{template}\" is not supported: use a named value such as {{epoch}} or {{val_loss:.2f}}.");
            if (!values.TryGetValue(name, out var value))
                throw new KeyNotFoundException($"The template \"{template}\" names '{name}', which is not available. Available: {string.Join(", ", values.Keys)}.");
            result.Append(FormatValue(value, spec, name));
            i = end;
        }
        return result.ToString();
    }

    /// <summary>Python's <c>str(x)</c>/<c>repr(x)</c> of a float: the shortest digits that round-trip, e.g. <c>0.1</c>, <c>1e-05</c>, <c>100.0</c>.</summary>
    public static string Repr(double value)
    {
        if (double.IsNaN(value)) return "nan";
        if (double.IsInfinity(value)) return value > 0 ? "inf" : "-inf";
        var sign = double.IsNegative(value) ? "-" : "";
        if (value == 0) return sign + "0.0";
        var (digits, exponent) = ShortestDigits(Math.Abs(value));
        if (exponent is >= -4 and < 16)
        {
            if (exponent < 0) return sign + "0." + new string('0', -exponent - 1) + digits;
            var integer = digits.Length > exponent + 1 ? digits[..(exponent + 1)] : digits.PadRight(exponent + 1, '0');
            var fraction = digits.Length > exponent + 1 ? digits[(exponent + 1)..] : "0";
            return sign + integer + "." + fraction;
        }
        var mantissa = digits.Length > 1 ? digits[0] + "." + digits[1..] : digits;
        return sign + mantissa + "e" + ExponentText(exponent);
    }

    private static string FormatValue(object value, string specText, string name)
    {
        var spec = Spec.Parse(specText, name);
        string body;
        bool negative;
        switch (value)
        {
            case int or long when spec.Type is null or 'd':
                if (spec.Precision is not null) throw new FormatException($"Field '{name}': precision is not allowed for an integer (spec '{specText}').");
                var integer = Convert.ToInt64(value, CultureInfo.InvariantCulture);
                negative = integer < 0;
                body = negative ? ((BigInteger)integer * -1).ToString(CultureInfo.InvariantCulture) : integer.ToString(CultureInfo.InvariantCulture);
                break;
            case int or long:
                (body, negative) = FormatFloat(Convert.ToDouble(value, CultureInfo.InvariantCulture), spec, name, specText);
                break;
            case double or float when spec.Type == 'd':
                throw new FormatException($"Field '{name}' is a float: the format code 'd' is for integers (use e.g. '{{{name}:.4f}}').");
            case double or float:
                (body, negative) = FormatFloat(Convert.ToDouble(value, CultureInfo.InvariantCulture), spec, name, specText);
                break;
            default:
                throw new FormatException($"Field '{name}' has a value of type {value?.GetType().Name ?? "null"}; only integers and floats can be formatted.");
        }
        var signText = negative ? "-" : spec.Sign switch { '+' => "+", ' ' => " ", _ => "" };
        return Pad(signText, body, spec);
    }

    private static (string Body, bool Negative) FormatFloat(double value, Spec spec, string name, string specText)
    {
        var negative = double.IsNegative(value) && !double.IsNaN(value);
        var abs = Math.Abs(value);
        var upper = spec.Type is 'F' or 'E' or 'G';
        if (!double.IsFinite(value))
        {
            var text = double.IsNaN(value) ? "nan" : "inf";
            if (upper) text = text.ToUpperInvariant();
            return (spec.Type == '%' ? text + "%" : text, negative);
        }
        switch (spec.Type)
        {
            case 'f' or 'F':
                return (Fixed(abs, spec.Precision ?? 6), negative);
            case 'e' or 'E':
                var sci = Scientific(abs, spec.Precision ?? 6);
                return (upper ? sci.ToUpperInvariant() : sci, negative);
            case '%':
                return (Fixed(abs * 100, spec.Precision ?? 6) + "%", negative);
            case 'g' or 'G':
                var general = General(abs, spec.Precision ?? 6, alwaysDecimal: false);
                return (upper ? general.ToUpperInvariant() : general, negative);
            case null when spec.Precision is null:
                return (Repr(abs), negative);
            case null:
                return (General(abs, spec.Precision.Value, alwaysDecimal: true), negative);
            default:
                throw new FormatException($"Field '{name}': unknown format code '{spec.Type}' in '{specText}' for a float (use f, e, g or %).");
        }
    }

    private static string Fixed(double abs, int precision)
    {
        var digits = RoundScaled(abs, precision).ToString(CultureInfo.InvariantCulture).PadLeft(precision + 1, '0');
        return precision == 0 ? digits : digits[..^precision] + "." + digits[^precision..];
    }

    private static string Scientific(double abs, int precision)
    {
        var (digits, exponent) = SignificantDigits(abs, precision + 1);
        var mantissa = precision == 0 ? digits : digits[0] + "." + digits[1..];
        return mantissa + "e" + ExponentText(exponent);
    }

    private static string General(double abs, int precision, bool alwaysDecimal)
    {
        var p = precision == 0 ? 1 : precision;
        var (_, exponent) = SignificantDigits(abs, p);
        // Python's repr-like variant (no type, with precision) switches to exponents one digit earlier.
        var limit = alwaysDecimal ? p - 1 : p;
        string text;
        if (exponent >= -4 && exponent < limit)
        {
            text = StripZeros(Fixed(abs, p - 1 - exponent));
            if (alwaysDecimal && !text.Contains('.')) text += ".0";
        }
        else
        {
            var sci = Scientific(abs, p - 1);
            var e = sci.IndexOf('e');
            text = StripZeros(sci[..e]) + sci[e..];
        }
        return text;
    }

    private static string StripZeros(string text) => text.Contains('.') ? text.TrimEnd('0').TrimEnd('.') : text;

    private static string ExponentText(int exponent) =>
        (exponent < 0 ? "-" : "+") + Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture);

    /// <summary><paramref name="count"/> significant digits of <paramref name="abs"/>, correctly rounded, and the decimal exponent of the first.</summary>
    private static (string Digits, int Exponent) SignificantDigits(double abs, int count)
    {
        if (abs == 0) return (new string('0', count), 0);
        var exponent = (int)Math.Floor(Math.Log10(abs));
        for (var attempt = 0; attempt < 4; attempt++)
        {
            var scaled = RoundScaled(abs, count - 1 - exponent);
            var text = scaled.ToString(CultureInfo.InvariantCulture);
            if (text.Length == count) return (text, exponent);
            exponent += text.Length > count ? 1 : -1;
        }
        throw new InvalidOperationException($"Could not find {count} significant digits of {abs:R}.");
    }

    /// <summary><paramref name="abs"/> × 10^<paramref name="power"/>, rounded to an integer half to even, computed exactly.</summary>
    private static BigInteger RoundScaled(double abs, int power)
    {
        var bits = BitConverter.DoubleToInt64Bits(abs);
        var rawExponent = (int)((bits >> 52) & 0x7FF);
        var mantissa = bits & 0xFFFFFFFFFFFFFL;
        int binaryExponent;
        if (rawExponent == 0) binaryExponent = -1074;
        else
        {
            mantissa |= 1L << 52;
            binaryExponent = rawExponent - 1075;
        }
        BigInteger numerator = mantissa, denominator = BigInteger.One;
        if (power >= 0) numerator *= BigInteger.Pow(10, power);
        else denominator *= BigInteger.Pow(10, -power);
        if (binaryExponent >= 0) numerator <<= binaryExponent;
        else denominator <<= -binaryExponent;
        var quotient = BigInteger.DivRem(numerator, denominator, out var remainder);
        var twice = remainder * 2;
        if (twice > denominator || (twice == denominator && !quotient.IsEven)) quotient += 1;
        return quotient;
    }

    /// <summary>The shortest round-trip digits of a positive finite value (as .NET and Python find them) and the exponent of the first digit.</summary>
    private static (string Digits, int Exponent) ShortestDigits(double abs)
    {
        var text = abs.ToString("R", CultureInfo.InvariantCulture);
        var e = text.IndexOfAny(new[] { 'E', 'e' });
        var exponent = e < 0 ? 0 : int.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var mantissa = e < 0 ? text : text[..e];
        var point = mantissa.IndexOf('.');
        var integerDigits = point < 0 ? mantissa.Length : point;
        var all = mantissa.Replace(".", "", StringComparison.Ordinal);
        var leading = all.Length - all.TrimStart('0').Length;
        var digits = all.Trim('0');
        return (digits, exponent + integerDigits - leading - 1);
    }

    private static string Pad(string sign, string body, Spec spec)
    {
        var length = sign.Length + body.Length;
        if (spec.Width is not { } width || width <= length) return sign + body;
        var padding = new string(spec.Fill, width - length);
        return spec.Align switch
        {
            '<' => sign + body + padding,
            '^' => new string(spec.Fill, (width - length) / 2) + sign + body + new string(spec.Fill, width - length - (width - length) / 2),
            '=' => sign + padding + body,
            _ => padding + sign + body,
        };
    }

    private readonly record struct Spec(char Fill, char Align, char Sign, int? Width, int? Precision, char? Type)
    {
        public static Spec Parse(string text, string name)
        {
            var i = 0;
            char fill = ' ', align = '\0', sign = '-';
            if (text.Length >= 2 && "<>=^".Contains(text[1])) { fill = text[0]; align = text[1]; i = 2; }
            else if (text.Length >= 1 && "<>=^".Contains(text[0])) { align = text[0]; i = 1; }
            if (i < text.Length && "+- ".Contains(text[i])) sign = text[i++];
            if (i < text.Length && text[i] == '0')
            {
                if (align == '\0') { fill = '0'; align = '='; }
                i++;
            }
            var width = ReadNumber(text, ref i);
            int? precision = null;
            if (i < text.Length && text[i] == '.')
            {
                i++;
                precision = ReadNumber(text, ref i) ?? throw new FormatException($"Field '{name}': the format spec '{text}' has '.' without a precision.");
            }
            char? type = null;
            if (i < text.Length && "dfFeEgG%".Contains(text[i])) type = text[i++];
            if (i != text.Length)
                throw new FormatException($"Field '{name}': the format spec '{text}' is not supported (expected [[fill]align][sign][0][width][.precision][type] with type d, f, e, g or %).");
            return new Spec(fill, align == '\0' ? '>' : align, sign, width, precision, type);
        }

        private static int? ReadNumber(string text, ref int i)
        {
            var start = i;
            while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
            return i == start ? null : int.Parse(text.AsSpan(start, i - start), CultureInfo.InvariantCulture);
        }
    }
}
