namespace Pipeline.Dedup;

/// <summary>
/// Open-addressing hash map from a non-zero 64-bit key to an int, linear probing, no deletes.
/// Two flat arrays, no per-entry objects. Keys are expected to be well-mixed hashes.
/// </summary>
internal sealed class LongIntMap
{
    private ulong[] _keys;
    private int[] _values;
    private int _mask;

    public LongIntMap(int capacity = 1024)
    {
        int cap = 16;
        while (cap < capacity * 5 / 4) cap <<= 1;
        _keys = new ulong[cap];
        _values = new int[cap];
        _mask = cap - 1;
    }

    public int Count { get; private set; }

    /// <summary>Bytes held by the two arrays.</summary>
    public long Bytes => _keys.LongLength * 12;

    public bool TryGetValue(ulong key, out int value)
    {
        int i = (int)(key ^ (key >> 32)) & _mask;
        while (true)
        {
            ulong k = _keys[i];
            if (k == key) { value = _values[i]; return true; }
            if (k == 0) { value = -1; return false; }
            i = (i + 1) & _mask;
        }
    }

    /// <summary>Adds <paramref name="key"/> unless present; returns true when added.</summary>
    public bool TryAdd(ulong key, int value)
    {
        if ((Count + 1) * 5L > _keys.LongLength * 4) Grow();
        int i = (int)(key ^ (key >> 32)) & _mask;
        while (true)
        {
            ulong k = _keys[i];
            if (k == key) return false;
            if (k == 0)
            {
                _keys[i] = key;
                _values[i] = value;
                Count++;
                return true;
            }
            i = (i + 1) & _mask;
        }
    }

    /// <summary>Sets <paramref name="key"/> to <paramref name="value"/>; returns the previous value, or -1 when the key was absent.</summary>
    public int Exchange(ulong key, int value)
    {
        if ((Count + 1) * 5L > _keys.LongLength * 4) Grow();
        int i = (int)(key ^ (key >> 32)) & _mask;
        while (true)
        {
            ulong k = _keys[i];
            if (k == key)
            {
                int previous = _values[i];
                _values[i] = value;
                return previous;
            }
            if (k == 0)
            {
                _keys[i] = key;
                _values[i] = value;
                Count++;
                return -1;
            }
            i = (i + 1) & _mask;
        }
    }

    private void Grow()
    {
        var oldKeys = _keys;
        var oldValues = _values;
        _keys = new ulong[oldKeys.Length * 2];
        _values = new int[oldKeys.Length * 2];
        _mask = _keys.Length - 1;
        for (int j = 0; j < oldKeys.Length; j++)
        {
            ulong key = oldKeys[j];
            if (key == 0) continue;
            int i = (int)(key ^ (key >> 32)) & _mask;
            while (_keys[i] != 0) i = (i + 1) & _mask;
            _keys[i] = key;
            _values[i] = oldValues[j];
        }
    }
}
