using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace Pipeline.Tokens;

/// <summary>
/// Byte-level BPE training. Text is split with the GPT-4 (cl100k) pattern into pre-tokens, counted into a table of
/// unique words with frequencies, and merges are chosen from incrementally maintained pair counts with a lazy
/// max-heap: each merge touches only the words that contain the merged pair. Deterministic (ties break on the
/// lower pair of ids).
/// </summary>
public static class BpeTrainer
{
    /// <summary>Trains a vocabulary of <paramref name="vocabSize"/> ids: 256 bytes + merges + &lt;|endoftext|&gt;.</summary>
    public static BpeTrainingResult Train(IReadOnlyList<string> texts, int vocabSize, CancellationToken cancellationToken = default) =>
        Train(texts, vocabSize, null, cancellationToken);

    /// <summary>As <see cref="Train(IReadOnlyList{string}, int, CancellationToken)"/>, calling <paramref name="onMerges"/> with the merges done so far (every 16 merges).</summary>
    public static BpeTrainingResult Train(IReadOnlyList<string> texts, int vocabSize, Action<int>? onMerges, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(texts);
        ArgumentOutOfRangeException.ThrowIfLessThan(vocabSize, 257);
        var sw = Stopwatch.StartNew();
        var words = CountWords(texts, cancellationToken);
        long chars = texts.Sum(t => (long)t.Length);

        // Word table: symbols (token ids) and frequency per unique pre-token, in a deterministic order.
        var ordered = words.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToArray();
        int n = ordered.Length;
        var symbols = new int[n][];
        var freq = new long[n];
        for (int i = 0; i < n; i++)
        {
            var bytes = Encoding.UTF8.GetBytes(ordered[i].Key);
            var s = new int[bytes.Length];
            for (int k = 0; k < bytes.Length; k++) s[k] = bytes[k];
            symbols[i] = s;
            freq[i] = ordered[i].Value;
        }
        words.Clear();

        var tokens = new List<byte[]>(vocabSize);
        var known = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int b = 0; b < 256; b++)
        {
            tokens.Add([(byte)b]);
            known[Latin1(tokens[b])] = b;
        }

        var counts = new Dictionary<long, long>();
        var where = new Dictionary<long, List<int>>();
        for (int w = 0; w < n; w++)
        {
            var s = symbols[w];
            for (int k = 0; k + 1 < s.Length; k++)
            {
                long p = Key(s[k], s[k + 1]);
                counts[p] = counts.GetValueOrDefault(p) + freq[w];
                if (!where.TryGetValue(p, out var list)) where[p] = list = [];
                if (list.Count == 0 || list[^1] != w) list.Add(w);
            }
        }
        var heap = new PriorityQueue<long, (long NegCount, long Pair)>(counts.Count);
        foreach (var kv in counts) heap.Enqueue(kv.Key, (-kv.Value, kv.Key));

        var stamp = new int[n];
        int merges = 0, target = vocabSize - 1;
        int round = 0;
        var touched = new HashSet<long>();
        while (tokens.Count < target && heap.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if ((round & 15) == 0) onMerges?.Invoke(merges);
            heap.TryDequeue(out long pair, out var prio);
            long current = counts.GetValueOrDefault(pair);
            if (current != -prio.NegCount)
            {
                // Stale entry: re-queue with the current count (every count rise was queued too, so the max is exact).
                if (current > 0) heap.Enqueue(pair, (-current, pair));
                continue;
            }
            if (current <= 0) continue;
            int a = (int)(pair >> 32), b = (int)(pair & 0xFFFFFFFF);
            var merged = new byte[tokens[a].Length + tokens[b].Length];
            tokens[a].CopyTo(merged, 0);
            tokens[b].CopyTo(merged, tokens[a].Length);
            var mkey = Latin1(merged);
            if (!known.TryGetValue(mkey, out int id))
            {
                id = tokens.Count;
                tokens.Add(merged);
                known[mkey] = id;
            }
            merges++;
            round++;
            touched.Clear();
            var list = where[pair];
            where.Remove(pair);
            foreach (int w in list)
            {
                if (stamp[w] == round) continue;
                stamp[w] = round;
                var s = symbols[w];
                if (!Contains(s, a, b)) continue;
                long f = freq[w];
                for (int k = 0; k + 1 < s.Length; k++)
                {
                    long p = Key(s[k], s[k + 1]);
                    counts[p] -= f;
                }
                var ns = new List<int>(s.Length);
                for (int k = 0; k < s.Length; k++)
                {
                    if (k + 1 < s.Length && s[k] == a && s[k + 1] == b) { ns.Add(id); k++; }
                    else ns.Add(s[k]);
                }
                var arr = ns.ToArray();
                symbols[w] = arr;
                for (int k = 0; k + 1 < arr.Length; k++)
                {
                    long p = Key(arr[k], arr[k + 1]);
                    counts[p] = counts.GetValueOrDefault(p) + f;
                    if (arr[k] == id || arr[k + 1] == id)
                    {
                        touched.Add(p);
                        if (!where.TryGetValue(p, out var wl)) where[p] = wl = [];
                        if (wl.Count == 0 || wl[^1] != w) wl.Add(w);
                    }
                }
            }
            counts.Remove(pair);
            foreach (var p in touched)
            {
                long c = counts.GetValueOrDefault(p);
                if (c > 0) heap.Enqueue(p, (-c, p));
                else counts.Remove(p);
            }
        }
        onMerges?.Invoke(merges);
        return new BpeTrainingResult(tokens, merges, n, chars, sw.Elapsed);
    }

    private static bool Contains(int[] s, int a, int b)
    {
        for (int k = 0; k + 1 < s.Length; k++) if (s[k] == a && s[k + 1] == b) return true;
        return false;
    }

    private static long Key(int a, int b) => ((long)a << 32) | (uint)b;

    private static string Latin1(byte[] bytes) => Encoding.Latin1.GetString(bytes);

    /// <summary>Unique pre-tokens of <paramref name="texts"/> with their counts (parallel; the result does not depend on thread count).</summary>
    internal static Dictionary<string, long> CountWords(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        var partials = new ConcurrentBag<Dictionary<string, long>>();
        Parallel.ForEach(
            Partitioner.Create(0, texts.Count, Math.Max(1, texts.Count / (Environment.ProcessorCount * 4) + 1)),
            new ParallelOptions { CancellationToken = cancellationToken },
            () => new Dictionary<string, long>(StringComparer.Ordinal),
            (range, state, local) =>
            {
                var lookup = local.GetAlternateLookup<ReadOnlySpan<char>>();
                var regex = BpePattern.Regex();
                for (int i = range.Item1; i < range.Item2; i++)
                {
                    var text = texts[i];
                    foreach (var m in regex.EnumerateMatches(text))
                    {
                        var span = text.AsSpan(m.Index, m.Length);
                        ref var slot = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(lookup, span, out _);
                        slot++;
                    }
                }
                return local;
            },
            partials.Add);
        Dictionary<string, long>? total = null;
        foreach (var d in partials)
        {
            if (total is null) { total = d; continue; }
            foreach (var kv in d) total[kv.Key] = total.GetValueOrDefault(kv.Key) + kv.Value;
        }
        return total ?? new Dictionary<string, long>(StringComparer.Ordinal);
    }
}
