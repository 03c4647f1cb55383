using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Dl4m.Nn.Kernels;

/// <summary>
/// The kernel path in use: the best the hardware has, unless the environment variable
/// <c>DL4M_ISA</c> (avx512, avx2, scalar; read once, on first use) or <see cref="Force"/> asks for a
/// slower one. Forcing exists so the tests run every path on one machine and benchmarks can compare
/// them; asking for a path the hardware lacks is an error, never a silent fallback.
/// The 8-lane kernels are written out beside the 16-lane ones, not as one generic kernel: .NET 10 keeps
/// ISimdVector internal, and a generic matrix-vector kernel over our own wrapper structs (one per
/// width) ran generation at ~0.55× the speed (measured), the wrappers passed by ref leaving registers.
/// </summary>
internal static class KernelIsa
{
    public const string EnvironmentVariable = "DL4M_ISA";

    private static int current = -1; // -1: not read yet

    /// <summary>The best path this CPU runs natively.</summary>
    public static Isa Hardware { get; } =
        Vector512.IsHardwareAccelerated ? Isa.Avx512
        : Vector256.IsHardwareAccelerated && Fma.IsSupported ? Isa.Avx2
        : Isa.Scalar;

    /// <summary>The path the kernels take now.</summary>
    public static Isa Current
    {
        get
        {
            int value = current;
            return value >= 0 ? (Isa)value : Initialise();
        }
    }

    /// <summary>Lower-case name as DL4M_ISA spells it.</summary>
    public static string Name(Isa isa) => isa.ToString().ToLowerInvariant();

    /// <summary>Switches every kernel to <paramref name="isa"/> until the returned scope is disposed.</summary>
    public static IDisposable Force(Isa isa)
    {
        Check(isa, "KernelIsa.Force");
        var previous = Current;
        current = (int)isa;
        return new Restore(previous);
    }

    /// <summary>One line for benchmark reports: the path in use, and why.</summary>
    public static string Describe()
    {
        var isa = Current;
        string? requested = Environment.GetEnvironmentVariable(EnvironmentVariable);
        string why = isa == Hardware ? "the best this CPU has" : string.IsNullOrWhiteSpace(requested) ? $"forced; this CPU has {Name(Hardware)}" : $"{EnvironmentVariable}={requested.Trim()}; this CPU has {Name(Hardware)}";
        return $"kernels: {Name(isa)} ({why})";
    }

    /// <summary>True when this machine can run <paramref name="isa"/>.</summary>
    public static bool Supported(Isa isa) => isa <= Hardware;

    private static Isa Initialise()
    {
        var isa = Parse(Environment.GetEnvironmentVariable(EnvironmentVariable));
        current = (int)isa;
        return isa;
    }

    /// <summary>The path a DL4M_ISA value asks for: the hardware's best when unset or blank.</summary>
    internal static Isa Parse(string? requested)
    {
        if (string.IsNullOrWhiteSpace(requested)) return Hardware;
        string name = requested.Trim();
        if (!Enum.TryParse(name, ignoreCase: true, out Isa isa) || !Enum.IsDefined(isa) || char.IsDigit(name[0]))
            throw new Dl4mException($"{EnvironmentVariable}={requested}: unknown kernel path (use avx512, avx2 or scalar)");
        Check(isa, $"{EnvironmentVariable}={requested}");
        return isa;
    }

    private static void Check(Isa isa, string source)
    {
        if (!Supported(isa))
            throw new Dl4mException($"{source}: this CPU cannot run the {Name(isa)} kernels (best: {Name(Hardware)})");
    }

    private sealed class Restore(Isa previous) : IDisposable
    {
        public void Dispose() => current = (int)previous;
    }
}
