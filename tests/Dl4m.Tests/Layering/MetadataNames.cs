using System.Reflection.Metadata;

namespace Dl4m.Tests.Layering;

/// <summary>Full names and namespaces of metadata types; a nested type (a lambda's closure, an iterator) counts as its outermost type.</summary>
internal static class MetadataNames
{
    public static string Of(MetadataReader reader, TypeDefinitionHandle handle)
    {
        var type = reader.GetTypeDefinition(handle);
        var outer = type.GetDeclaringType();
        return outer.IsNil ? Join(reader.GetString(type.Namespace), reader.GetString(type.Name)) : Of(reader, outer);
    }

    public static string Of(MetadataReader reader, TypeReferenceHandle handle)
    {
        var type = reader.GetTypeReference(handle);
        return type.ResolutionScope.Kind == HandleKind.TypeReference
            ? Of(reader, (TypeReferenceHandle)type.ResolutionScope)
            : Join(reader.GetString(type.Namespace), reader.GetString(type.Name));
    }

    /// <summary>The namespace part of a full type name ("" for a type in no namespace).</summary>
    public static string NamespaceOf(string fullName)
    {
        int dot = fullName.LastIndexOf('.');
        return dot < 0 ? "" : fullName[..dot];
    }

    private static string Join(string ns, string name) => ns.Length == 0 ? name : ns + "." + name;
}
