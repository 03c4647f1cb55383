using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;

namespace Dl4m.Tests.Layering;

/// <summary>The metadata tokens (types, methods, fields, signatures) a method body's IL refers to: what the code calls and touches.</summary>
internal static class IlTokens
{
    // operand kind of every opcode, from the runtime's own table (System.Reflection.Emit.OpCodes)
    private static readonly Dictionary<ushort, OperandType> Operands = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => (ushort)o.Value, o => o.OperandType);

    public static List<EntityHandle> Of(MethodBodyBlock body)
    {
        var tokens = new List<EntityHandle>();
        var il = body.GetILReader();
        while (il.RemainingBytes > 0)
        {
            ushort code = il.ReadByte();
            if (code == 0xFE) code = (ushort)(0xFE00 | il.ReadByte());
            switch (Operands[code])
            {
                case OperandType.InlineNone:
                    break;
                case OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar:
                    il.ReadByte();
                    break;
                case OperandType.InlineVar:
                    il.ReadUInt16();
                    break;
                case OperandType.InlineI or OperandType.InlineBrTarget or OperandType.ShortInlineR or OperandType.InlineString:
                    il.ReadInt32();
                    break;
                case OperandType.InlineI8 or OperandType.InlineR:
                    il.ReadInt64();
                    break;
                case OperandType.InlineSwitch:
                    int targets = il.ReadInt32();
                    for (int i = 0; i < targets; i++) il.ReadInt32();
                    break;
                case OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineSig or OperandType.InlineTok or OperandType.InlineType:
                    tokens.Add(MetadataTokens.EntityHandle(il.ReadInt32()));
                    break;
                default:
                    throw new InvalidOperationException($"IL opcode 0x{code:X} has an operand kind this reader does not know");
            }
        }
        return tokens;
    }
}
