namespace Dl4m.Nn.Kernels;

/// <summary>
/// Compile-time tile sizes for the register-blocked GEMM microkernel. The JIT specialises a generic
/// method per struct type argument and folds <c>N</c> to a constant, so the unused accumulators of a
/// smaller tile vanish from the generated code instead of costing branches.
/// </summary>
internal interface ITileSize
{
    static abstract int N { get; }
}

internal struct Tile1 : ITileSize { public static int N => 1; }

internal struct Tile2 : ITileSize { public static int N => 2; }

internal struct Tile3 : ITileSize { public static int N => 3; }

internal struct Tile4 : ITileSize { public static int N => 4; }

internal struct Tile5 : ITileSize { public static int N => 5; }

internal struct Tile6 : ITileSize { public static int N => 6; }
