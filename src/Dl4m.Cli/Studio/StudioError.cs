namespace Dl4m.Cli.Studio;

/// <summary>The body of every failed studio request: one line naming the thing and the reason, as the CLI prints it.</summary>
/// <param name="Error">The message.</param>
public sealed record StudioError(string Error);
