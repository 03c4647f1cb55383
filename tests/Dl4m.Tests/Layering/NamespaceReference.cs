namespace Dl4m.Tests.Layering;

/// <summary>Code in namespace <paramref name="From"/> uses a type of namespace <paramref name="To"/>; <paramref name="Example"/> says where (for the failure message).</summary>
public sealed record NamespaceReference(string From, string To, string Example);
