namespace Dl4m.Tests.Layering;

/// <summary>Checks namespace references against <see cref="LayerRule"/>s: one line per forbidden import, and per namespace without a rule.</summary>
public static class LayeringChecker
{
    public static List<string> Violations(IEnumerable<NamespaceReference> references, IReadOnlyList<LayerRule> rules)
    {
        var violations = new List<string>();
        foreach (var reference in references)
        {
            var rule = RuleOf(reference.From, rules);
            if (rule is null)
            {
                violations.Add($"{reference.From} has no layering rule: add a line to {nameof(LayeringRules)} saying what it may import ({reference.Example})");
                continue;
            }
            if (Covers(rule.Namespace, reference.To) || rule.MayImport.Any(allowed => Covers(allowed, reference.To))) continue;
            violations.Add($"{reference.From} must not import {reference.To}: {reference.Example} ({rule.Namespace}: {rule.Why})");
        }
        return [.. violations.Distinct()];
    }

    /// <summary>The rule of the longest namespace that covers <paramref name="ns"/>.</summary>
    private static LayerRule? RuleOf(string ns, IReadOnlyList<LayerRule> rules) =>
        rules.Where(r => Covers(r.Namespace, ns)).MaxBy(r => r.Namespace.Length);

    /// <summary>True when <paramref name="ns"/> is <paramref name="entry"/> or below it; the root covers only itself.</summary>
    private static bool Covers(string entry, string ns) =>
        ns == entry || (entry != LayeringRules.Root && ns.StartsWith(entry + ".", StringComparison.Ordinal));
}
