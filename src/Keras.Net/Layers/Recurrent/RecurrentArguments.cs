namespace KerasNet.Layers;

/// <summary>The argument checks every recurrent layer and cell shares (units, dropout rates).</summary>
internal static class RecurrentArguments
{
    internal static void CheckUnits(string type, long units, string argument = "units")
    {
        if (units < 1) throw new ArgumentOutOfRangeException(argument, units, $"{type}: {argument} must be a positive integer; received {units}.");
    }

    internal static void CheckDropouts(string type, double dropout, double recurrentDropout)
    {
        if (dropout is < 0 or >= 1 || double.IsNaN(dropout))
            throw new ArgumentOutOfRangeException(nameof(dropout), dropout, $"{type}: dropout must be in [0, 1); received {dropout}.");
        if (recurrentDropout is < 0 or >= 1 || double.IsNaN(recurrentDropout))
            throw new ArgumentOutOfRangeException(nameof(recurrentDropout), recurrentDropout, $"{type}: recurrentDropout must be in [0, 1); received {recurrentDropout}.");
    }
}
