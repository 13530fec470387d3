namespace KerasNet.Models;

/// <summary>How much Fit, Evaluate and Predict print.</summary>
public enum Verbosity
{
    /// <summary>A progress bar on a terminal, one line per epoch when output is redirected.</summary>
    Auto = -1,
    /// <summary>Nothing.</summary>
    Silent = 0,
    /// <summary>A progress bar.</summary>
    ProgressBar = 1,
    /// <summary>One line per epoch.</summary>
    OneLinePerEpoch = 2,
}
