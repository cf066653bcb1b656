using System.Globalization;
using System.Text;
using Pipeline.Core.Util;

namespace Pipeline.Dedup;

/// <summary>
/// The middle stage of staged dedup (<c>pipeline dedup cluster</c>). Reads all tasks' signature files and
/// decides removals with exactly the streaming semantics of <c>dedup.minhash</c> over the documents in global
/// order (task index, then input order): a document is removed when a band collides with an earlier kept
/// document whose similarity reaches the threshold (the most similar; ties to the earliest).
/// <para>How: per band (in parallel) the band hashes are sorted to group buckets; union-find joins the members
/// of every bucket into candidate components; components are independent under those semantics, so each
/// non-singleton component is replayed in global order in parallel. Memory per document: compact signature
/// (2·num_perm bytes), band hashes (8·bands), id, plus one band's sort buffers at a time per thread.</para>
/// </summary>
public static class MinHashClustering
{
    /// <summary>Runs the clustering. <paramref name="bands"/>/<paramref name="rows"/>/<paramref name="threshold"/> default to the files' settings.</summary>
    public static ClusterResult Run(IReadOnlyList<string> inputs, string outputDirectory, double? threshold = null, int? bands = null, int? rows = null,
        int threads = 0, CancellationToken cancellationToken = default)
    {
        if (inputs.Count == 0) throw new ArgumentException("no signature files given", nameof(inputs));
        var files = new List<(string Path, SignatureFile.Header Header)>();
        foreach (var p in inputs)
        {
            using var s = File.OpenRead(p);
            files.Add((p, SignatureFile.ReadHeader(s, p)));
        }
        files.Sort((a, b) => a.Header.TaskIndex != b.Header.TaskIndex ? a.Header.TaskIndex.CompareTo(b.Header.TaskIndex) : string.CompareOrdinal(a.Path, b.Path));
        var first = files[0].Header;
        foreach (var (p, h) in files)
        {
            if (h.NumPerm != first.NumPerm || h.Seed != first.Seed || h.ShingleSize != first.ShingleSize)
                throw new InvalidDataException($"{p}: signature settings (num_perm {h.NumPerm}, seed {h.Seed}, shingle size {h.ShingleSize}) differ from {files[0].Path}; rerun all tasks with the same options");
        }
        for (int i = 1; i < files.Count; i++)
            if (files[i].Header.TaskIndex == files[i - 1].Header.TaskIndex)
                throw new InvalidDataException($"{files[i].Path} and {files[i - 1].Path} are both task {files[i].Header.TaskIndex}; give each task's signature file once");

        int k = first.NumPerm;
        int nb = bands ?? first.Bands, nr = rows ?? first.Rows;
        if (bands.HasValue != rows.HasValue) { nb = bands ?? (k / nr); nr = rows ?? (k / nb); }
        if (nb * nr > k) throw new ArgumentException($"bands × rows = {nb * nr} exceeds the {k} signature values in the files");
        double t = threshold ?? first.Threshold;
        long total = files.Sum(f => f.Header.Documents);
        if (total > int.MaxValue / Math.Max(k, 8)) throw new ArgumentException($"{total} documents are too many for one clustering run");
        int n = (int)total;

        // Load: ids, compact signatures, band hashes.
        var ids = new StringStore();
        var compact = new ushort[(long)n * k];
        var bandHashes = new ulong[(long)n * nb];
        var hasWords = new bool[n];
        var taskOf = new int[files.Count];
        var taskStart = new int[files.Count + 1];
        var hasher = new MinHasher(nb, nr, first.Seed);
        var tmp = new uint[k];
        int g = 0;
        for (int f = 0; f < files.Count; f++)
        {
            taskOf[f] = files[f].Header.TaskIndex;
            taskStart[f] = g;
            using var s = new BufferedStream(File.OpenRead(files[f].Path), 1 << 20);
            SignatureFile.ReadHeader(s, files[f].Path);
            SignatureFile.ReadRecords(s, files[f].Header, files[f].Path, (id, words, sig) =>
            {
                ids.Add(id);
                hasWords[g] = words;
                if (words)
                {
                    MinHasher.Compact(sig, compact.AsSpan(g * k, k));
                    hasher.BandHashes(sig[..(nb * nr)], bandHashes.AsSpan(g * nb, nb));
                }
                g++;
            });
            cancellationToken.ThrowIfCancellationRequested();
        }
        taskStart[files.Count] = g;

        // Band-partitioned bucket grouping (parallel over bands) + union-find.
        var parent = new int[n];
        for (int i = 0; i < n; i++) parent[i] = i;
        var ufLock = new object();
        var par = new ParallelOptions { MaxDegreeOfParallelism = threads <= 0 ? Environment.ProcessorCount : threads, CancellationToken = cancellationToken };
        Parallel.For(0, nb, par, b =>
        {
            var keys = new ulong[n];
            var docs = new int[n];
            int m = 0;
            for (int i = 0; i < n; i++)
            {
                if (!hasWords[i]) continue;
                keys[m] = bandHashes[(long)i * nb + b];
                docs[m++] = i;
            }
            Array.Sort(keys, docs, 0, m);
            lock (ufLock)
            {
                for (int i = 1; i < m; i++)
                    if (keys[i] == keys[i - 1]) Union(parent, docs[i - 1], docs[i]);
            }
        });
        long arrays = (long)n * k * 2 + (long)n * nb * 8 + ids.Bytes + (long)n * 5 + (long)Math.Min(nb, par.MaxDegreeOfParallelism) * n * 12;

        // Components in global order; singletons are kept.
        var root = new int[n];
        var size = new int[n];
        for (int i = 0; i < n; i++) { root[i] = Find(parent, i); size[root[i]]++; }
        var start = new int[n + 1];
        for (int i = 0; i < n; i++) start[i + 1] = start[i] + (size[i] > 1 ? size[i] : 0);
        var order = new int[start[n]];
        var fill = (int[])start.Clone();
        for (int i = 0; i < n; i++) if (size[root[i]] > 1) order[fill[root[i]]++] = i;
        var components = Enumerable.Range(0, n).Where(r => size[r] > 1).ToArray();

        var dupOf = new int[n];
        var dupSim = new double[n];
        Array.Fill(dupOf, -1);
        Parallel.ForEach(components, par, r =>
        {
            var firstKept = new Dictionary<(int, ulong), int>();
            for (int j = start[r]; j < start[r + 1]; j++)
            {
                int d = order[j];
                var sig = compact.AsSpan(d * k, k);
                int best = -1;
                double bestSim = 0;
                for (int b = 0; b < nb; b++)
                {
                    if (!firstKept.TryGetValue((b, bandHashes[(long)d * nb + b]), out int c) || c == best) continue;
                    double s = MinHasher.EstimateJaccard(sig, compact.AsSpan(c * k, k));
                    if (s >= t && (best < 0 || s > bestSim || (s == bestSim && c < best))) { best = c; bestSim = s; }
                }
                if (best >= 0)
                {
                    dupOf[d] = best;
                    dupSim[d] = Math.Round(bestSim, 4);
                }
                else
                {
                    for (int b = 0; b < nb; b++) firstKept.TryAdd((b, bandHashes[(long)d * nb + b]), d);
                }
            }
        });

        // Outputs: per-task removal lists, cluster table.
        Directory.CreateDirectory(outputDirectory);
        var lists = new List<string>();
        var clusters = new ClusterBuilder();
        long removed = 0;
        for (int f = 0; f < files.Count; f++)
        {
            var h = files[f].Header;
            string suffix = h.TaskCount > 1 ? $".task-{h.TaskIndex:D4}" : "";
            var path = Path.Combine(outputDirectory, $"removals{suffix}.tsv");
            using (var af = new AtomicFile(path))
            {
                using (var w = new StreamWriter(af.Stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true))
                {
                    w.Write("member\tduplicate_of\tsimilarity\n");
                    for (int d = taskStart[f]; d < taskStart[f + 1]; d++)
                    {
                        if (dupOf[d] < 0) continue;
                        w.Write($"{ids[d]}\t{ids[dupOf[d]]}\t{dupSim[d].ToString("R", CultureInfo.InvariantCulture)}\n");
                        clusters.Add(dupOf[d], ids[d], dupSim[d]);
                        removed++;
                    }
                }
                af.Commit();
            }
            lists.Add(path);
        }
        var table = clusters.Build(i => ids[i]);
        var tablePath = Path.Combine(outputDirectory, "clusters.parquet");
        table.WriteAsync(tablePath, cancellationToken).GetAwaiter().GetResult();
        return new ClusterResult(n, files.Count, removed, table.Clusters, nb, nr, t, lists, tablePath, arrays);
    }

    private static int Find(int[] parent, int x)
    {
        while (parent[x] != x)
        {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        return x;
    }

    private static void Union(int[] parent, int a, int b)
    {
        int ra = Find(parent, a), rb = Find(parent, b);
        if (ra == rb) return;
        if (ra < rb) parent[rb] = ra; else parent[ra] = rb;
    }
}
