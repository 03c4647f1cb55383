namespace Dl4m.Tests.Layering;

/// <summary>
/// What the code of one namespace (and its sub-namespaces) may use of the library's other namespaces, and why.
/// Its own sub-namespaces are always allowed (Dl4m.Nn may use Dl4m.Nn.Kernels, and the reverse).
/// </summary>
/// <param name="Namespace">The namespace the rule governs; <see cref="LayeringRules.Root"/> governs only itself.</param>
/// <param name="MayImport">Namespaces it may use, each with its sub-namespaces (<see cref="LayeringRules.Root"/> only itself).</param>
/// <param name="Why">Shown when the rule is broken.</param>
public sealed record LayerRule(string Namespace, string[] MayImport, string Why);
