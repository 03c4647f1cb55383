namespace Dl4m;

/// <summary>
/// Base of every error dl4m raises on purpose: bad input, a broken file, a wrong option.
/// The command-line tool prints <see cref="Exception.Message"/> as one line and exits non-zero,
/// so messages name the thing (file, tensor, option) and the reason. An option is named as the library's API
/// names it (e.g. <c>TrainingOptions.Stride</c>), never as a command-line flag: the tool maps the name to its flag.
/// </summary>
public class Dl4mException : Exception
{
    /// <summary>Creates the error with a one-line message.</summary>
    public Dl4mException(string message) : base(message) { }

    /// <summary>Creates the error with a one-line message and the error that caused it.</summary>
    public Dl4mException(string message, Exception inner) : base(message, inner) { }

    /// <summary>Creates the error about one parameter; <paramref name="message"/> names it as <paramref name="parameter"/> spells it.</summary>
    public Dl4mException(string message, string parameter) : base(message) => Parameter = parameter;

    /// <summary>Creates the error about one parameter, with the error that caused it.</summary>
    public Dl4mException(string message, string parameter, Exception inner) : base(message, inner) => Parameter = parameter;

    /// <summary>
    /// The parameter the error is about, as the API names it (<c>TrainingOptions.Stride</c>, <c>GenerationOptions.TopK</c>,
    /// <c>force</c>), or null when the error is about input rather than a setting. The message contains this name.
    /// </summary>
    public string? Parameter { get; }
}
