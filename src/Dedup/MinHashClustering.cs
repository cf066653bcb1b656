using System.Globalization;
using System.Text;
using Pipeline.Core.Util;

namespace Pipeline.Dedup;

/// <summary>
/// The middle stage of staged dedup (<c>pipeline dedup cluster</c>). Reads all tasks' signature files and
/// decides removals and clusters with exactly the streaming semantics of <c>dedup.minhash</c> (see
/// <see cref="LshIndex"/>) over the documents in global order (task index, then input order).
/// <para>How: per band (in parallel) the band hashes are sorted to group buckets; union-find joins the members
/// of every bucket into candidate components; a document's candidates all share a bucket with it, so components
/// are independent, and each non-singleton component is replayed in global order through the streaming index, in
/// parallel. Memory per document: band hashes (8·bands), then for documents of non-singleton components their
/// fingerprints (or compact signature) and id, plus one band's sort buffers at a time per thread and the
/// replay index of the components in flight.</para>
/// </summary>
public static class MinHashClustering
{
    /// <summary>Runs the clustering. <paramref name="bands"/>/<paramref name="rows"/>/<paramref name="threshold"/> default to the files' settings.</summary>
    public static ClusterResult Run(IReadOnlyList<string> inputs, string outputDirectory, double? threshold = null, int? bands = null, int? rows = null,
        int threads = 0, CancellationToken cancellationToken = default) =>
        Run(inputs, outputDirectory, threshold, bands, rows, threads, null, cancellationToken);

    /// <summary>Runs the clustering with the chaining guard <paramref name="clusterFloor"/> (default: <see cref="MinHashParameters.DefaultClusterFloor"/> of the threshold).</summary>
    public static ClusterResult Run(IReadOnlyList<string> inputs, string outputDirectory, double? threshold, int? bands, int? rows,
        int threads, double? clusterFloor, CancellationToken cancellationToken)
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
            if (h.NumPerm != first.NumPerm || h.Seed != first.Seed || h.ShingleSize != first.ShingleSize || h.Fingerprints != first.Fingerprints)
                throw new InvalidDataException($"{p}: signature settings (num_perm {h.NumPerm}, seed {h.Seed}, shingle size {h.ShingleSize}, verify {(h.Fingerprints ? "exact" : "estimate")}) differ from {files[0].Path}; rerun all tasks with the same options");
        }
        for (int i = 1; i < files.Count; i++)
            if (files[i].Header.TaskIndex == files[i - 1].Header.TaskIndex)
                throw new InvalidDataException($"{files[i].Path} and {files[i - 1].Path} are both task {files[i].Header.TaskIndex}; give each task's signature file once");

        int k = first.NumPerm;
        bool exact = first.Fingerprints;
        int nb = bands ?? first.Bands, nr = rows ?? first.Rows;
        if (bands.HasValue != rows.HasValue) { nb = bands ?? (k / nr); nr = rows ?? (k / nb); }
        if (nb * nr > k) throw new ArgumentException($"bands × rows = {nb * nr} exceeds the {k} signature values in the files");
        double t = threshold ?? first.Threshold;
        double floor = clusterFloor ?? MinHashParameters.DefaultClusterFloor(t);
        long total = files.Sum(f => f.Header.Documents);
        if (total > int.MaxValue / Math.Max(k, 8)) throw new ArgumentException($"{total} documents are too many for one clustering run");
        int n = (int)total;

        // Pass 1: band hashes of every document.
        var bandHashes = new ulong[(long)n * nb];
        var hasWords = new bool[n];
        var taskStart = new int[files.Count + 1];
        var hasher = new MinHasher(nb, nr, first.Seed);
        int g = 0;
        for (int f = 0; f < files.Count; f++)
        {
            taskStart[f] = g;
            ReadFile(files[f].Path, files[f].Header, (id, words, sig, _) =>
            {
                hasWords[g] = words;
                if (words) hasher.BandHashes(sig[..(nb * nr)], bandHashes.AsSpan(g * nb, nb));
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

        // Only documents in components of two or more can be removed or be a representative:
        // pass 2 loads compact signatures and ids for those alone ("dense" index, in global order).
        var size = new int[n];
        for (int i = 0; i < n; i++) { parent[i] = Find(parent, i); size[parent[i]]++; }
        var dense = new int[n];
        int md = 0;
        for (int i = 0; i < n; i++) dense[i] = size[parent[i]] > 1 ? md++ : -1;
        // Estimate mode: compact signatures; exact mode: coded shingle fingerprints (as in the streaming index).
        var compact = new ushort[exact ? 0 : (long)md * k];
        var fingerprints = exact ? new FingerprintStore() : null;
        var globalOf = new int[md];
        var ids = new StringStore();
        g = 0;
        for (int f = 0; f < files.Count; f++)
        {
            ReadFile(files[f].Path, files[f].Header, (id, words, sig, fp) =>
            {
                int d = dense[g];
                if (d >= 0)
                {
                    ids.Add(id);
                    globalOf[d] = g;
                    if (fingerprints is not null) fingerprints.Add(fp);
                    else MinHasher.Compact(sig, compact.AsSpan(d * k, k));
                }
                g++;
            });
            cancellationToken.ThrowIfCancellationRequested();
        }
        long arrays = (long)n * (nb * 8 + 13) + compact.LongLength * 2 + (long)md * 24 + (fingerprints?.Bytes ?? 0) + ids.Bytes + (long)Math.Min(nb, par.MaxDegreeOfParallelism) * n * 12;

        // Components (runs of equal root, members in global order), replayed in parallel.
        var key = new long[md];
        for (int d = 0; d < md; d++) key[d] = ((long)parent[globalOf[d]] << 32) | (uint)d;
        Array.Sort(key);
        var runs = new List<int>();
        for (int j = 0; j < md; j++) if (j == 0 || key[j] >> 32 != key[j - 1] >> 32) runs.Add(j);
        runs.Add(md);
        var dupOf = new int[md];
        var dupSim = new double[md];
        var survivorOf = new int[md];
        Array.Fill(dupOf, -1);
        var store = new ComponentReplay.Store(bandHashes, globalOf, compact, fingerprints, ids);
        Parallel.For(0, runs.Count - 1, par, r =>
        {
            var members = new int[runs[r + 1] - runs[r]];
            for (int j = 0; j < members.Length; j++) members[j] = (int)(key[runs[r] + j] & 0xFFFFFFFF);
            ComponentReplay.Run(store, members, nb, k, t, floor, dupOf, dupSim, survivorOf);
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
                    w.Write("member\tduplicate_of\tsimilarity\tcluster\n");
                    for (int gi = taskStart[f]; gi < taskStart[f + 1]; gi++)
                    {
                        int d = dense[gi];
                        if (d < 0 || dupOf[d] < 0) continue;
                        w.Write($"{ids[d]}\t{ids[dupOf[d]]}\t{dupSim[d].ToString("R", CultureInfo.InvariantCulture)}\t{ids[survivorOf[d]]}\n");
                        clusters.Add(survivorOf[d], ids[d], dupOf[d], dupSim[d]);
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

    private static void ReadFile(string path, SignatureFile.Header header, SignatureRecordHandler onRecord)
    {
        using var s = new BufferedStream(File.OpenRead(path), 1 << 20);
        SignatureFile.ReadHeader(s, path);
        SignatureFile.ReadRecords(s, header, path, onRecord);
    }

    internal static int Find(int[] parent, int x)
    {
        while (parent[x] != x)
        {
            parent[x] = parent[parent[x]];
            x = parent[x];
        }
        return x;
    }

    internal static void Union(int[] parent, int a, int b)
    {
        int ra = Find(parent, a), rb = Find(parent, b);
        if (ra == rb) return;
        if (ra < rb) parent[rb] = ra; else parent[ra] = rb;
    }
}
