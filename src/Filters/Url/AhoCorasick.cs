namespace Pipeline.Filters.Url;

/// <summary>Aho–Corasick automaton over ordinal (already lower-cased) patterns: finds whether any pattern occurs in a text in one pass.</summary>
internal sealed class AhoCorasick
{
    private readonly Dictionary<long, int> _next = [];
    private readonly List<int> _fail = [0];
    private readonly List<int> _output = [-1]; // index of a pattern ending here (or reachable by fail links), -1 none
    private readonly List<string> _patterns = [];

    /// <summary>Number of patterns.</summary>
    public int Count => _patterns.Count;

    /// <summary>Builds the automaton.</summary>
    public AhoCorasick(IEnumerable<string> patterns)
    {
        foreach (var p in patterns)
        {
            if (p.Length == 0) continue;
            int node = 0;
            foreach (var c in p)
            {
                long key = Key(node, c);
                if (!_next.TryGetValue(key, out var child))
                {
                    child = _fail.Count;
                    _next[key] = child;
                    _fail.Add(0);
                    _output.Add(-1);
                    _children.Add([]);
                    _children[node].Add(c);
                }
                node = child;
            }
            if (_output[node] < 0) _output[node] = _patterns.Count;
            _patterns.Add(p);
        }
        BuildFailLinks();
        _children.Clear();
    }

    private readonly List<List<char>> _children = [[]];

    private static long Key(int node, char c) => ((long)node << 16) | c;

    private void BuildFailLinks()
    {
        var queue = new Queue<int>();
        foreach (var c in _children[0])
        {
            int child = _next[Key(0, c)];
            _fail[child] = 0;
            queue.Enqueue(child);
        }
        while (queue.Count > 0)
        {
            int node = queue.Dequeue();
            foreach (var c in _children[node])
            {
                int child = _next[Key(node, c)];
                int f = _fail[node];
                while (f != 0 && !_next.ContainsKey(Key(f, c))) f = _fail[f];
                int target = _next.TryGetValue(Key(f, c), out var t) && t != child ? t : 0;
                _fail[child] = target;
                if (_output[child] < 0) _output[child] = _output[target];
                queue.Enqueue(child);
            }
        }
    }

    /// <summary>The first pattern found in <paramref name="text"/>, or null.</summary>
    public string? FindFirst(ReadOnlySpan<char> text)
    {
        if (_patterns.Count == 0) return null;
        int node = 0;
        foreach (var c in text)
        {
            while (true)
            {
                if (_next.TryGetValue(Key(node, c), out var child)) { node = child; break; }
                if (node == 0) break;
                node = _fail[node];
            }
            if (_output[node] >= 0) return _patterns[_output[node]];
        }
        return null;
    }
}
