using System.Collections;
using System.Collections.Immutable;
using System.Globalization;

namespace Pipeline.Core.Documents;

/// <summary>
/// Immutable, key-sorted document metadata. Values are JSON-like: string, long, double, bool,
/// a list of strings, or a string→long map (counts). Keys are snake_case by convention
/// (<c>language</c>, <c>licence</c>, <c>domain</c>, <c>pii_counts</c>, <c>toxicity_score</c>).
/// Sorted keys keep serialised output byte-identical run to run.
/// </summary>
public sealed class Meta : IReadOnlyDictionary<string, object>, IEquatable<Meta>
{
    private readonly ImmutableSortedDictionary<string, object> _map;

    /// <summary>No metadata.</summary>
    public static readonly Meta Empty = new(ImmutableSortedDictionary.Create<string, object>(StringComparer.Ordinal));

    private Meta(ImmutableSortedDictionary<string, object> map) => _map = map;

    /// <summary>Builds metadata from pairs (values normalised as in <see cref="Set"/>).</summary>
    public static Meta From(IEnumerable<KeyValuePair<string, object>> pairs)
    {
        var b = ImmutableSortedDictionary.CreateBuilder<string, object>(StringComparer.Ordinal);
        foreach (var kv in pairs) b[kv.Key] = Normalise(kv.Value);
        return b.Count == 0 ? Empty : new Meta(b.ToImmutable());
    }

    /// <summary>Returns a copy with <paramref name="key"/> set to <paramref name="value"/>.</summary>
    public Meta Set(string key, object value) => new(_map.SetItem(key, Normalise(value)));

    /// <summary>Returns a copy with several keys set.</summary>
    public Meta SetMany(IEnumerable<KeyValuePair<string, object>> pairs)
    {
        var b = _map.ToBuilder();
        foreach (var kv in pairs) b[kv.Key] = Normalise(kv.Value);
        return new Meta(b.ToImmutable());
    }

    /// <summary>Returns a copy without <paramref name="key"/>.</summary>
    public Meta Remove(string key) => _map.ContainsKey(key) ? new(_map.Remove(key)) : this;

    /// <summary>String value of <paramref name="key"/>, or null (numbers are formatted invariantly).</summary>
    public string? GetString(string key) => _map.TryGetValue(key, out var v) ? v switch
    {
        string s => s,
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        _ => v.ToString(),
    } : null;

    /// <summary>Numeric value of <paramref name="key"/>, or null.</summary>
    public double? GetDouble(string key) => _map.TryGetValue(key, out var v) ? v switch
    {
        long l => l,
        double d => d,
        string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        _ => null,
    } : null;

    /// <summary>Integer value of <paramref name="key"/>, or null.</summary>
    public long? GetLong(string key) => _map.TryGetValue(key, out var v) ? v switch
    {
        long l => l,
        double d => (long)d,
        string s when long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) => l,
        _ => null,
    } : null;

    /// <summary>Boolean value of <paramref name="key"/>, or null.</summary>
    public bool? GetBool(string key) => _map.TryGetValue(key, out var v) ? v switch
    {
        bool b => b,
        string s => s is "true" or "1",
        long l => l != 0,
        _ => null,
    } : null;

    /// <summary>String list value of <paramref name="key"/>, or an empty list.</summary>
    public IReadOnlyList<string> GetStrings(string key) => _map.TryGetValue(key, out var v) ? v switch
    {
        IReadOnlyList<string> list => list,
        string s => [s],
        _ => [],
    } : [];

    /// <summary>Count map value of <paramref name="key"/>, or an empty map.</summary>
    public IReadOnlyDictionary<string, long> GetCounts(string key) =>
        _map.TryGetValue(key, out var v) && v is IReadOnlyDictionary<string, long> d ? d : ImmutableSortedDictionary<string, long>.Empty;

    private static object Normalise(object value) => value switch
    {
        null => throw new ArgumentNullException(nameof(value), "metadata values cannot be null; remove the key instead"),
        string or long or double or bool => value,
        int i => (long)i,
        short s => (long)s,
        byte b => (long)b,
        uint u => (long)u,
        ulong ul => checked((long)ul),
        float f => (double)f,
        decimal m => (double)m,
        DateTimeOffset dto => dto.ToString("O", CultureInfo.InvariantCulture),
        DateTime dt => dt.ToString("O", CultureInfo.InvariantCulture),
        IReadOnlyDictionary<string, long> counts => counts is ImmutableSortedDictionary<string, long> ? counts : counts.ToImmutableSortedDictionary(StringComparer.Ordinal),
        IDictionary<string, long> counts => counts.ToImmutableSortedDictionary(StringComparer.Ordinal),
        IEnumerable<string> strings => strings is ImmutableArray<string> ? strings : strings.ToImmutableArray(),
        _ => throw new ArgumentException($"unsupported metadata value type {value.GetType().Name}", nameof(value)),
    };

    /// <inheritdoc/>
    public object this[string key] => _map[key];
    /// <inheritdoc/>
    public IEnumerable<string> Keys => _map.Keys;
    /// <inheritdoc/>
    public IEnumerable<object> Values => _map.Values;
    /// <inheritdoc/>
    public int Count => _map.Count;
    /// <inheritdoc/>
    public bool ContainsKey(string key) => _map.ContainsKey(key);
    /// <inheritdoc/>
    public bool TryGetValue(string key, out object value) => _map.TryGetValue(key, out value!);
    /// <inheritdoc/>
    public IEnumerator<KeyValuePair<string, object>> GetEnumerator() => _map.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc/>
    public bool Equals(Meta? other)
    {
        if (other is null) return false;
        if (ReferenceEquals(this, other)) return true;
        if (other.Count != Count) return false;
        foreach (var kv in _map)
        {
            if (!other._map.TryGetValue(kv.Key, out var ov)) return false;
            if (!ValueEquals(kv.Value, ov)) return false;
        }
        return true;
    }

    /// <summary>True when this and <paramref name="other"/> both lack <paramref name="key"/> or hold equal values for it.</summary>
    public bool SameValue(Meta other, string key)
    {
        ArgumentNullException.ThrowIfNull(other);
        bool mine = _map.TryGetValue(key, out var a), theirs = other._map.TryGetValue(key, out var b);
        return mine == theirs && (!mine || ValueEquals(a!, b!));
    }

    private static bool ValueEquals(object a, object b) => (a, b) switch
    {
        (IEnumerable<string> x, IEnumerable<string> y) => x.SequenceEqual(y),
        (IReadOnlyDictionary<string, long> x, IReadOnlyDictionary<string, long> y) => x.Count == y.Count && x.All(kv => y.TryGetValue(kv.Key, out var v) && v == kv.Value),
        _ => a.Equals(b),
    };

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as Meta);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var h = new HashCode();
        foreach (var k in _map.Keys) h.Add(k, StringComparer.Ordinal);
        return h.ToHashCode();
    }
}
