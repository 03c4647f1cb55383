using Dl4m.Nn.Kernels;

namespace Dl4m.Tests.Nn;

public class KernelIsaTests
{
    [Fact]
    public void Dl4mIsaNamesEveryPathInAnyCaseAndDefaultsToTheHardware()
    {
        Assert.Equal(KernelIsa.Hardware, KernelIsa.Parse(null));
        Assert.Equal(KernelIsa.Hardware, KernelIsa.Parse("  "));
        Assert.Equal(Isa.Scalar, KernelIsa.Parse("scalar"));
        if (KernelIsa.Supported(Isa.Avx2)) Assert.Equal(Isa.Avx2, KernelIsa.Parse(" AVX2 "));
        if (KernelIsa.Supported(Isa.Avx512)) Assert.Equal(Isa.Avx512, KernelIsa.Parse("avx512"));
    }

    [Theory]
    [InlineData("sse")]
    [InlineData("1")]
    [InlineData("7")]
    public void UnknownPathIsAnErrorNamingTheVariable(string value)
    {
        var error = Assert.Throws<Dl4mException>(() => KernelIsa.Parse(value));
        Assert.Equal($"DL4M_ISA={value}: unknown kernel path (use avx512, avx2 or scalar)", error.Message);
    }
}
