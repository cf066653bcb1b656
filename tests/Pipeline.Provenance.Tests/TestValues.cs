using System.Globalization;
using System.Numerics;

namespace Pipeline.Provenance.Tests;

/// <summary>Conversions of DuckDB result values.</summary>
public static class TestValues
{
    /// <summary>An integer result (DuckDB sums are HUGEINT → BigInteger).</summary>
    public static long Long(object? v) => v switch
    {
        BigInteger b => (long)b,
        null => throw new InvalidOperationException("NULL where a number was expected"),
        _ => Convert.ToInt64(v, CultureInfo.InvariantCulture),
    };
}
