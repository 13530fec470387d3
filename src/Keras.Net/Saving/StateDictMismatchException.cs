namespace KerasNet.Saving;

/// <summary>
/// A strict state_dict load found keys that do not fit; <see cref="Report"/> lists all of them. Nothing was assigned.
/// </summary>
public sealed class StateDictMismatchException : Exception
{
    /// <summary>Creates the exception from a report.</summary>
    public StateDictMismatchException(LoadReport report, string modelName)
        : base($"The state_dict does not fit model '{modelName}'. {report} " +
               "Fix the names with StateDictMapping's stripPrefix/addPrefix/renames, or load with strict: false to keep what fits (e.g. a new head).") =>
        Report = report;

    /// <summary>Everything that did not fit.</summary>
    public LoadReport Report { get; }
}
