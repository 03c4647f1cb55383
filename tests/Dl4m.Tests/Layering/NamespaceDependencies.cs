using System.Collections.Immutable;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Dl4m.Tests.Layering;

/// <summary>
/// Which namespaces each namespace of a compiled assembly uses, read from its metadata, not its source text: base types
/// and interfaces, field, property and method signatures, local variables, attributes, generic constraints, and every
/// type, method and field a method body's IL refers to (so a call, a <c>new</c> or a <c>typeof</c> counts, and a
/// <c>using</c> that is never used does not). Lambdas and iterators count for the type that declares them.
/// </summary>
public static class NamespaceDependencies
{
    /// <summary>One reference per (from, to) pair of namespaces below <paramref name="rootNamespace"/>, with the first example found.</summary>
    public static List<NamespaceReference> Read(string assemblyPath, string rootNamespace = "Dl4m")
    {
        var found = new Dictionary<(string, string), NamespaceReference>();
        foreach (var (from, used) in TypesUsed(assemblyPath, rootNamespace).OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            foreach (string to in used.Order(StringComparer.Ordinal))
            {
                string fromNs = MetadataNames.NamespaceOf(from), toNs = MetadataNames.NamespaceOf(to);
                if (fromNs == toNs || !InRoot(toNs, rootNamespace)) continue;
                found.TryAdd((fromNs, toNs), new NamespaceReference(fromNs, toNs, $"{from} uses {to}"));
            }
        }
        return [.. found.Values.OrderBy(r => r.From, StringComparer.Ordinal).ThenBy(r => r.To, StringComparer.Ordinal)];
    }

    /// <summary>For each top-level type below <paramref name="rootNamespace"/> (nested types folded in), the full names of every type it uses.</summary>
    public static Dictionary<string, HashSet<string>> TypesUsed(string assemblyPath, string rootNamespace = "Dl4m")
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var reader = pe.GetMetadataReader();
        var provider = new TypeNameProvider(reader);
        var types = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var handle in reader.TypeDefinitions)
        {
            string from = MetadataNames.Of(reader, handle);
            if (!InRoot(MetadataNames.NamespaceOf(from), rootNamespace)) continue;
            if (!types.TryGetValue(from, out var used)) types[from] = used = new HashSet<string>(StringComparer.Ordinal);
            used.UnionWith(TypesUsedBy(reader, pe, provider, handle));
        }
        return types;
    }

    private static bool InRoot(string ns, string root) => ns == root || ns.StartsWith(root + ".", StringComparison.Ordinal);

    private static IEnumerable<string> TypesUsedBy(MetadataReader reader, PEReader pe, TypeNameProvider provider, TypeDefinitionHandle handle)
    {
        var type = reader.GetTypeDefinition(handle);
        var used = new List<string>();
        if (!type.BaseType.IsNil) used.AddRange(provider.OfTypeHandle(type.BaseType));
        foreach (var i in type.GetInterfaceImplementations()) used.AddRange(provider.OfTypeHandle(reader.GetInterfaceImplementation(i).Interface));
        used.AddRange(Attributes(reader, provider, type.GetCustomAttributes()));
        used.AddRange(Constraints(reader, provider, type.GetGenericParameters()));
        foreach (var f in type.GetFields())
        {
            var field = reader.GetFieldDefinition(f);
            used.AddRange(field.DecodeSignature(provider, null));
            used.AddRange(Attributes(reader, provider, field.GetCustomAttributes()));
        }
        foreach (var p in type.GetProperties())
            used.AddRange(TypeNameProvider.Flatten(reader.GetPropertyDefinition(p).DecodeSignature(provider, null)));
        foreach (var e in type.GetEvents()) used.AddRange(provider.OfTypeHandle(reader.GetEventDefinition(e).Type));
        foreach (var m in type.GetMethods())
        {
            var method = reader.GetMethodDefinition(m);
            used.AddRange(TypeNameProvider.Flatten(method.DecodeSignature(provider, null)));
            used.AddRange(Attributes(reader, provider, method.GetCustomAttributes()));
            used.AddRange(Constraints(reader, provider, method.GetGenericParameters()));
            foreach (var p in method.GetParameters()) used.AddRange(Attributes(reader, provider, reader.GetParameter(p).GetCustomAttributes()));
            if (method.RelativeVirtualAddress == 0) continue; // abstract, extern
            var body = pe.GetMethodBody(method.RelativeVirtualAddress);
            if (!body.LocalSignature.IsNil)
                used.AddRange(reader.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(provider, null).SelectMany(l => l));
            foreach (var token in IlTokens.Of(body)) used.AddRange(TypesOfToken(reader, provider, token));
        }
        return used;
    }

    private static IEnumerable<string> Attributes(MetadataReader reader, TypeNameProvider provider, CustomAttributeHandleCollection attributes) =>
        attributes.SelectMany(a => TypesOfToken(reader, provider, reader.GetCustomAttribute(a).Constructor));

    private static IEnumerable<string> Constraints(MetadataReader reader, TypeNameProvider provider, GenericParameterHandleCollection parameters) =>
        parameters.SelectMany(p => reader.GetGenericParameter(p).GetConstraints())
            .SelectMany(c => provider.OfTypeHandle(reader.GetGenericParameterConstraint(c).Type));

    /// <summary>The types an IL operand or attribute constructor names: its declaring type and everything in its signature.</summary>
    private static ImmutableArray<string> TypesOfToken(MetadataReader reader, TypeNameProvider provider, EntityHandle token)
    {
        switch (token.Kind)
        {
            case HandleKind.TypeDefinition or HandleKind.TypeReference or HandleKind.TypeSpecification:
                return provider.OfTypeHandle(token);
            case HandleKind.MethodDefinition:
            {
                var method = reader.GetMethodDefinition((MethodDefinitionHandle)token);
                return [MetadataNames.Of(reader, method.GetDeclaringType()), .. TypeNameProvider.Flatten(method.DecodeSignature(provider, null))];
            }
            case HandleKind.FieldDefinition:
            {
                var field = reader.GetFieldDefinition((FieldDefinitionHandle)token);
                return [MetadataNames.Of(reader, field.GetDeclaringType()), .. field.DecodeSignature(provider, null)];
            }
            case HandleKind.MemberReference:
            {
                var member = reader.GetMemberReference((MemberReferenceHandle)token);
                var parent = member.Parent.Kind is HandleKind.MethodDefinition ? TypesOfToken(reader, provider, member.Parent) : provider.OfTypeHandle(member.Parent);
                var signature = member.GetKind() == MemberReferenceKind.Method
                    ? TypeNameProvider.Flatten(member.DecodeMethodSignature(provider, null))
                    : member.DecodeFieldSignature(provider, null);
                return [.. parent, .. signature];
            }
            case HandleKind.MethodSpecification:
            {
                var spec = reader.GetMethodSpecification((MethodSpecificationHandle)token);
                return [.. TypesOfToken(reader, provider, spec.Method), .. spec.DecodeSignature(provider, null).SelectMany(a => a)];
            }
            case HandleKind.StandaloneSignature:
                return TypeNameProvider.Flatten(reader.GetStandaloneSignature((StandaloneSignatureHandle)token).DecodeMethodSignature(provider, null));
            default:
                return [];
        }
    }
}
