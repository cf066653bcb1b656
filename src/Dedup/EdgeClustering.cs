using System.Globalization;
using System.Text;
using Microsoft.Win32.SafeHandles;
using Pipeline.Core.Util;

namespace Pipeline.Dedup;

/// <summary>
/// Staged dedup, stage 2b (<c>pipeline dedup cluster --edges</c>): turns the bucket tasks' candidate edges into
/// clusters and per-task removal lists. Union-find over the edges only (documents that share no bucket with
/// another never appear), then each candidate component is replayed in global order through the streaming index
/// (<see cref="ComponentReplay"/>), a batch of components at a time: the batch's documents — and only they — are
/// read from the signature files by positioned reads (their reference is their record's offset), so memory grows
/// with the candidates (near duplicates and the documents they collide with), not with the documents.
/// </summary>
public static class EdgeClustering
{
    /// <summary>
    /// Bytes held per candidate document: its reference, union-find parent and component key (20), and — a candidate
    /// being removed at most once — a removal with its ids and cluster table row (measured at 10M documents: 1.85 GB
    /// peak for 3.75M candidates and 1.66M removals).
    /// </summary>
    public const long BytesPerCandidate = 450;

    private readonly record struct Decision(ulong Member, ulong Match, ulong Survivor, double Similarity);

    /// <summary>Clusters the edges of <paramref name="edgeFiles"/> over the documents of <paramref name="signatureFiles"/>.</summary>
    /// <exception cref="MemoryBudgetExceededException">The edges need more than <paramref name="memoryBudget"/> bytes.</exception>
    public static ClusterResult Run(IReadOnlyList<string> signatureFiles, IReadOnlyList<string> edgeFiles, string outputDirectory, double? clusterFloor,
        long? memoryBudget, int threads, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(signatureFiles);
        ArgumentNullException.ThrowIfNull(edgeFiles);
        if (signatureFiles.Count == 0) throw new ArgumentException("no signature files given", nameof(signatureFiles));
        if (edgeFiles.Count == 0) throw new ArgumentException("no edge files given", nameof(edgeFiles));
        var sigs = new List<(string Path, SignatureFile.Header Header)>();
        foreach (var p in signatureFiles)
        {
            using var s = File.OpenRead(p);
            sigs.Add((p, SignatureFile.ReadHeader(s, p)));
        }
        sigs.Sort((a, b) => a.Header.TaskIndex.CompareTo(b.Header.TaskIndex));
        var first = sigs[0].Header;
        var byTask = new Dictionary<int, int>();
        for (int i = 0; i < sigs.Count; i++)
        {
            var h = sigs[i].Header;
            if (h.NumPerm != first.NumPerm || h.Seed != first.Seed || h.ShingleSize != first.ShingleSize || h.Fingerprints != first.Fingerprints || h.Bands != first.Bands || h.Rows != first.Rows)
                throw new InvalidDataException($"{sigs[i].Path}: signature settings differ from {sigs[0].Path}; rerun all tasks with the same options");
            if (!byTask.TryAdd(h.TaskIndex, i)) throw new InvalidDataException($"{sigs[i].Path} and {sigs[byTask[h.TaskIndex]].Path} are both task {h.TaskIndex}");
        }
        int nb = first.Bands, nr = first.Rows, k = first.NumPerm;
        bool exact = first.Fingerprints;
        double t = first.Threshold;
        double floor = clusterFloor ?? MinHashParameters.DefaultClusterFloor(t);
        long documents = sigs.Sum(s => s.Header.Documents);

        // Edges: every bucket task's, checked against the signature files.
        long total = 0;
        var headers = new List<(string Path, EdgeFile.Header Header)>();
        foreach (var p in edgeFiles)
        {
            using var s = File.OpenRead(p);
            var h = EdgeFile.ReadHeader(s, p);
            if (h.SignatureTasks != first.TaskCount || (h.DagHash != first.DagHash && h.DagHash.Length > 0 && first.DagHash.Length > 0))
                throw new InvalidDataException($"{p}: written from {h.SignatureTasks} signature task(s) of DAG {Short(h.DagHash)}, but the signature files are {first.TaskCount} task(s) of DAG {Short(first.DagHash)}; rerun the bucket stage");
            headers.Add((p, h));
            total += h.Edges;
        }
        // Pass 1: the candidates, i.e. the distinct endpoints, in global order (a reference orders documents by task,
        // then input order). The same pair comes from every band it shares, and from several bucket tasks, so edges are
        // streamed and only distinct endpoints are kept: memory follows the candidates, not the edges.
        var buffer = new ulong[1 << 20];
        int used = 0;
        void Compact(bool final)
        {
            Array.Sort(buffer, 0, used);
            int u = 0;
            for (int i = 0; i < used; i++) if (u == 0 || buffer[i] != buffer[u - 1]) buffer[u++] = buffer[i];
            used = u;
            if (!final && used > buffer.Length / 2)
            {
                if (buffer.Length >= Array.MaxLength / 2) throw new MemoryBudgetExceededException("too many candidate documents for one clustering job");
                Array.Resize(ref buffer, buffer.Length * 2);
            }
        }
        foreach (var (p, h) in headers)
        {
            EdgeFile.ForEach(p, h, (x, y) =>
            {
                if (used + 2 > buffer.Length) Compact(false);
                buffer[used++] = x;
                buffer[used++] = y;
            });
            cancellationToken.ThrowIfCancellationRequested();
        }
        Compact(true);
        int c = used;
        var cand = buffer.AsSpan(0, c).ToArray();
        buffer = null;
        long baseline = MinHashBuckets.BaselineBytes;
        long estimate = baseline + c * BytesPerCandidate;
        if (memoryBudget is { } limit && estimate > limit)
            throw new MemoryBudgetExceededException(
                $"clustering {c:N0} candidate documents ({total:N0} edges) needs about {MinHashBuckets.Size(estimate)}, more than its memory budget of {MinHashBuckets.Size(limit)} " +
                $"(~{BytesPerCandidate} bytes per candidate: union-find, removals with their ids and cluster table rows; it grows with the near duplicates, not the documents): give this one job more memory");
        foreach (var r in cand)
            if (!byTask.ContainsKey(BucketFile.TaskOf(r))) throw new InvalidDataException($"an edge names a document of task {BucketFile.TaskOf(r)}, whose signature file was not given");
        // Pass 2: union-find, the edges streamed again.
        var parent = new int[c];
        for (int i = 0; i < c; i++) parent[i] = i;
        foreach (var (p, h) in headers)
            EdgeFile.ForEach(p, h, (x, y) => MinHashClustering.Union(parent, Array.BinarySearch(cand, x), Array.BinarySearch(cand, y)));
        var key = new long[c];
        for (int i = 0; i < c; i++) key[i] = ((long)MinHashClustering.Find(parent, i) << 32) | (uint)i;
        parent = null;
        Array.Sort(key); // components by first member, members in global order

        var decisions = new List<Decision>();
        var idSlot = new Dictionary<ulong, int>();
        var idStore = new StringStore();
        var handles = sigs.Select(s => File.OpenHandle(s.Path)).ToArray();
        var par = new ParallelOptions { MaxDegreeOfParallelism = threads <= 0 ? Environment.ProcessorCount : threads, CancellationToken = cancellationToken };
        int batchMembers = BatchMembers(memoryBudget, estimate, k, exact);
        long largestComponent = 0, components = 0;
        try
        {
            int j = 0;
            while (j < c)
            {
                // a batch: whole components, up to batchMembers documents (a larger component alone)
                int end = j;
                var runs = new List<int> { j };
                while (end < c)
                {
                    int e = end + 1;
                    while (e < c && key[e] >> 32 == key[end] >> 32) e++;
                    if (end > j && e - j > batchMembers) break;
                    largestComponent = Math.Max(largestComponent, e - end);
                    components++;
                    end = e;
                    runs.Add(end);
                }
                ReplayBatch(key.AsSpan(j, end - j), runs, j, cand, sigs, byTask, handles, nb, nr, k, exact, t, floor, par, decisions, idSlot, idStore);
                j = end;
                cancellationToken.ThrowIfCancellationRequested();
            }
        }
        finally
        {
            foreach (var h in handles) h.Dispose();
        }

        decisions.Sort((x, y) => x.Member.CompareTo(y.Member));
        string IdOf(ulong r) => idStore[idSlot[r]];
        Directory.CreateDirectory(outputDirectory);
        var lists = new List<string>();
        int di = 0;
        foreach (var (_, h) in sigs)
        {
            string suffix = h.TaskCount > 1 ? $".task-{h.TaskIndex:D4}" : "";
            var path = Path.Combine(outputDirectory, $"removals{suffix}.tsv");
            using (var af = new AtomicFile(path))
            {
                using (var w = new StreamWriter(af.Stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true))
                {
                    w.Write("member\tduplicate_of\tsimilarity\tcluster\n");
                    for (; di < decisions.Count && BucketFile.TaskOf(decisions[di].Member) == h.TaskIndex; di++)
                    {
                        var d = decisions[di];
                        w.Write($"{IdOf(d.Member)}\t{IdOf(d.Match)}\t{d.Similarity.ToString("R", CultureInfo.InvariantCulture)}\t{IdOf(d.Survivor)}\n");
                    }
                }
                af.Commit();
            }
            lists.Add(path);
        }
        // cluster table: slots in global order, so clusters come out ordered by survivor and members in removal order
        var slots = decisions.Select(d => d.Survivor).Concat(decisions.Select(d => d.Match)).Distinct().Order().ToArray();
        var clusters = new ClusterBuilder();
        foreach (var d in decisions) clusters.Add(Array.BinarySearch(slots, d.Survivor), IdOf(d.Member), Array.BinarySearch(slots, d.Match), d.Similarity);
        var table = clusters.Build(i => IdOf(slots[i]));
        var tablePath = Path.Combine(outputDirectory, "clusters.parquet");
        table.WriteAsync(tablePath, cancellationToken).GetAwaiter().GetResult();
        return new ClusterResult(documents, sigs.Count, decisions.Count, table.Clusters, nb, nr, t, lists, tablePath, estimate)
        {
            Candidates = c,
            Edges = total,
            LargestComponent = largestComponent,
        };
    }

    private static string Short(string hash) => hash.Length >= 12 ? hash[..12] : "(none)";

    /// <summary>Documents per replay batch: ~1.5 KB each (signature, band hashes, fingerprints, id, replay index), within what the budget leaves.</summary>
    private static int BatchMembers(long? budget, long fixedBytes, int numPerm, bool exact)
    {
        const int cap = 1 << 18;
        if (budget is not { } b) return cap;
        long perMember = (exact ? 1200 : 600) + numPerm * 2L;
        return (int)Math.Clamp((b - fixedBytes) / perMember, 4096, cap);
    }

    private static void ReplayBatch(ReadOnlySpan<long> keys, List<int> runs, int offset, ulong[] cand, List<(string Path, SignatureFile.Header Header)> sigs,
        Dictionary<int, int> byTask, SafeFileHandle[] handles, int nb, int nr, int k, bool exact, double t, double floor, ParallelOptions par,
        List<Decision> decisions, Dictionary<ulong, int> idSlot, StringStore idStore)
    {
        int m = keys.Length;
        // positions in global order: read the batch's records in file order
        var members = new int[m];
        for (int i = 0; i < m; i++) members[i] = (int)(keys[i] & 0xFFFFFFFF);
        var byOrder = (int[])members.Clone();
        Array.Sort(byOrder);
        var bands = new ulong[(long)m * nb];
        var compact = exact ? Array.Empty<ushort>() : new ushort[(long)m * k];
        var fingerprints = exact ? new FingerprintStore() : null;
        var ids = new StringStore();
        var hasher = new MinHasher(nb, nr, sigs[0].Header.Seed);
        var sig = new uint[k];
        var buf = new byte[8192];
        for (int p = 0; p < m; p++)
        {
            ulong r = cand[byOrder[p]];
            int f = byTask[BucketFile.TaskOf(r)];
            string id = SignatureFile.ReadRecordAt(handles[f], sigs[f].Path, sigs[f].Header, BucketFile.OffsetOf(r), ref buf, sig, out int fs, out int fl);
            ids.Add(id);
            hasher.BandHashes(sig.AsSpan(0, nb * nr), bands.AsSpan(p * nb, nb));
            if (exact) fingerprints!.Add(buf.AsSpan(fs, fl));
            else MinHasher.Compact(sig, compact.AsSpan(p * k, k));
        }
        var store = new ComponentReplay.Store(bands, null, compact, fingerprints, ids);
        var dupOf = new int[m];
        var dupSim = new double[m];
        var survivorOf = new int[m];
        var positions = new int[m];
        for (int i = 0; i < m; i++) positions[i] = Array.BinarySearch(byOrder, members[i]);
        Parallel.For(0, runs.Count - 1, par, x =>
        {
            int from = runs[x] - offset, to = runs[x + 1] - offset;
            ComponentReplay.Run(store, positions.AsSpan(from, to - from), nb, k, t, floor, dupOf, dupSim, survivorOf);
        });
        int Slot(int p)
        {
            ulong r = cand[byOrder[p]];
            if (!idSlot.TryGetValue(r, out int s)) idSlot[r] = s = idStore.Add(ids[p]);
            return s;
        }
        for (int p = 0; p < m; p++)
        {
            if (dupOf[p] < 0) continue;
            Slot(p);
            Slot(dupOf[p]);
            Slot(survivorOf[p]);
            decisions.Add(new Decision(cand[byOrder[p]], cand[byOrder[dupOf[p]]], cand[byOrder[survivorOf[p]]], dupSim[p]));
        }
    }
}
