using System.Collections.Immutable;
using System.Reflection.Metadata;

namespace Dl4m.Tests.Layering;

/// <summary>
/// Decodes a signature (field, method, local variables, generic instantiation) into the full names of every type it
/// mentions, generic arguments and array elements included: <c>List&lt;Dl4m.Data.EventRecord&gt;</c> mentions
/// System.Collections.Generic.List`1 and Dl4m.Data.EventRecord.
/// </summary>
internal sealed class TypeNameProvider(MetadataReader reader) : ISignatureTypeProvider<ImmutableArray<string>, object?>
{
    private static readonly ImmutableArray<string> None = [];

    public ImmutableArray<string> GetPrimitiveType(PrimitiveTypeCode typeCode) => None;
    public ImmutableArray<string> GetTypeFromDefinition(MetadataReader r, TypeDefinitionHandle handle, byte rawTypeKind) => [MetadataNames.Of(r, handle)];
    public ImmutableArray<string> GetTypeFromReference(MetadataReader r, TypeReferenceHandle handle, byte rawTypeKind) => [MetadataNames.Of(r, handle)];
    public ImmutableArray<string> GetTypeFromSpecification(MetadataReader r, object? context, TypeSpecificationHandle handle, byte rawTypeKind) =>
        r.GetTypeSpecification(handle).DecodeSignature(this, context);
    public ImmutableArray<string> GetSZArrayType(ImmutableArray<string> elementType) => elementType;
    public ImmutableArray<string> GetArrayType(ImmutableArray<string> elementType, ArrayShape shape) => elementType;
    public ImmutableArray<string> GetByReferenceType(ImmutableArray<string> elementType) => elementType;
    public ImmutableArray<string> GetPointerType(ImmutableArray<string> elementType) => elementType;
    public ImmutableArray<string> GetPinnedType(ImmutableArray<string> elementType) => elementType;
    public ImmutableArray<string> GetGenericInstantiation(ImmutableArray<string> genericType, ImmutableArray<ImmutableArray<string>> typeArguments) =>
        [.. genericType, .. typeArguments.SelectMany(a => a)];
    public ImmutableArray<string> GetGenericMethodParameter(object? context, int index) => None;
    public ImmutableArray<string> GetGenericTypeParameter(object? context, int index) => None;
    public ImmutableArray<string> GetModifiedType(ImmutableArray<string> modifier, ImmutableArray<string> unmodifiedType, bool isRequired) => [.. modifier, .. unmodifiedType];
    public ImmutableArray<string> GetFunctionPointerType(MethodSignature<ImmutableArray<string>> signature) => Flatten(signature);

    /// <summary>Every type a method signature mentions: return type and parameters.</summary>
    public static ImmutableArray<string> Flatten(MethodSignature<ImmutableArray<string>> signature) =>
        [.. signature.ReturnType, .. signature.ParameterTypes.SelectMany(p => p)];

    /// <summary>The types of an entity handle used as a type (TypeDef, TypeRef or TypeSpec).</summary>
    public ImmutableArray<string> OfTypeHandle(EntityHandle handle) => handle.Kind switch
    {
        HandleKind.TypeDefinition => [MetadataNames.Of(reader, (TypeDefinitionHandle)handle)],
        HandleKind.TypeReference => [MetadataNames.Of(reader, (TypeReferenceHandle)handle)],
        HandleKind.TypeSpecification => reader.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(this, null),
        _ => None,
    };
}
