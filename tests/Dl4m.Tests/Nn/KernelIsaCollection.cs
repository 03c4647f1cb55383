using Dl4m.Nn.Kernels;

namespace Dl4m.Tests.Nn;

/// <summary>
/// Runs alone: these tests switch every kernel to another path (<see cref="KernelIsa.Force"/>), which
/// would change the rounding of tests running in parallel (bit-identity checks among them).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public class KernelIsaCollection
{
    public const string Name = "KernelIsa";

    /// <summary>Every kernel path this machine can run (all three on an AVX-512 machine), by DL4M_ISA name.</summary>
    public static TheoryData<string> Paths()
    {
        var data = new TheoryData<string>();
        foreach (var isa in Enum.GetValues<Isa>())
            if (KernelIsa.Supported(isa)) data.Add(KernelIsa.Name(isa));
        return data;
    }

    /// <summary>Forces the named path until disposed.</summary>
    internal static IDisposable Force(string name) => KernelIsa.Force(Enum.Parse<Isa>(name, ignoreCase: true));
}
