namespace Dl4m.Tests.Nn;

/// <summary>
/// Runs alone: GC.GetTotalAllocatedBytes counts every thread (our workers included), so tests
/// running in parallel would be counted too.
/// </summary>
[CollectionDefinition(nameof(AllocationTests), DisableParallelization = true)]
public class AllocationTestsCollection;
