namespace Dl4m;

/// <summary>
/// Base of every error dl4m raises on purpose: bad input, a broken file, a wrong option.
/// The command-line tool prints <see cref="Exception.Message"/> as one line and exits non-zero,
/// so messages name the thing (file, tensor, option) and the reason.
/// </summary>
public class Dl4mException : Exception
{
    /// <summary>Creates the error with a one-line message.</summary>
    public Dl4mException(string message) : base(message) { }

    /// <summary>Creates the error with a one-line message and the error that caused it.</summary>
    public Dl4mException(string message, Exception inner) : base(message, inner) { }
}
