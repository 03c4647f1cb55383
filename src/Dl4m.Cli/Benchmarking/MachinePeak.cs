using System.Globalization;
using Dl4m.Nn.Kernels;
using Dl4m.Nn;

namespace Dl4m.Cli.Benchmarking;

/// <summary>
/// An estimate of the machine's FP32 peak: cores × FMA units × lanes × 2 × GHz. Lanes are those of the
/// kernel path in use (<see cref="KernelIsa"/>: 16 with AVX-512, 8 with AVX2, 1 scalar), the clock from /proc/cpuinfo's "cpu MHz"
/// (the current, not the boost, clock), and the FMA units per core are assumed to be 2 (true of recent
/// x86 server cores; Zen 4 splits a 512-bit FMA over two 256-bit pipes, which would halve it).
/// </summary>
internal sealed record MachinePeak(string CpuModel, int Cores, double Ghz, int Lanes, int FmaUnits)
{
    /// <summary>Peak GFLOP/s of all cores.</summary>
    public double GflopsAllCores => Cores * FmaUnits * Lanes * 2 * Ghz;

    /// <summary>Peak GFLOP/s of one core.</summary>
    public double GflopsPerCore => FmaUnits * Lanes * 2 * Ghz;

    public string Assumption =>
        $"{Cores} cores x {FmaUnits} FMA units (assumed) x {Lanes} fp32 lanes x 2 x {Ghz:0.00} GHz (/proc/cpuinfo cpu MHz)";

    public static MachinePeak Detect()
    {
        string model = "unknown";
        double mhz = 0;
        try
        {
            foreach (string line in File.ReadLines("/proc/cpuinfo"))
            {
                int colon = line.IndexOf(':');
                if (colon < 0) continue;
                string key = line[..colon].Trim(), value = line[(colon + 1)..].Trim();
                if (key == "model name" && model == "unknown") model = value;
                if (key == "cpu MHz" && mhz == 0) double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out mhz);
            }
        }
        catch (IOException)
        {
            // Not Linux: leave the clock unknown.
        }
        catch (UnauthorizedAccessException)
        {
        }
        // The peak of the path the kernels take (DL4M_ISA may force a narrower one than the CPU has).
        int lanes = KernelIsa.Current switch { Isa.Avx512 => 16, Isa.Avx2 => 8, _ => 1 };
        return new MachinePeak(model, Environment.ProcessorCount, mhz / 1000, lanes, FmaUnits: 2);
    }
}
