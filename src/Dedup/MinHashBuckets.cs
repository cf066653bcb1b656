using Microsoft.Win32.SafeHandles;

namespace Pipeline.Dedup;

/// <summary>
/// Staged dedup, stage 2a (<c>pipeline dedup buckets</c>), one task of an array: share k of M owns the band hashes
/// in [k·2⁶⁴/M, (k+1)·2⁶⁴/M) of every band. Band by band it reads that range from every task's bucket file (one
/// contiguous read per band and file), sorts it, and turns every bucket of two or more documents into candidate
/// edges — each member joined to the bucket's first document in global order, so the same group met in another
/// band gives the same edges, kept once. Memory: one band's share (16 bytes per record) plus the distinct edges;
/// it never holds a signature, fingerprint or id.
/// </summary>
public static class MinHashBuckets
{
    /// <summary>Runtime and buffers a task needs besides its records and edges.</summary>
    public const long BaselineBytes = 96L << 20;

    /// <summary>Bytes per distinct edge held: hash set entry, bucket, growth (old and new arrays while it resizes) and the sorted copy written out (measured at 10M documents: 445 MB peak for 10M records per band and 2.0M edges).</summary>
    public const long BytesPerEdge = 96;

    /// <summary>Runs bucket share <paramref name="share"/> of <paramref name="shares"/> over the bucket files of <paramref name="signatureFiles"/>.</summary>
    /// <exception cref="MemoryBudgetExceededException">The share needs more than <paramref name="memoryBudget"/> bytes.</exception>
    public static BucketTaskResult Run(IReadOnlyList<string> signatureFiles, int share, int shares, string outputDirectory, long? memoryBudget,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(signatureFiles);
        if (shares < 1 || share < 0 || share >= shares) throw new ArgumentException($"bucket task {share} is outside 0..{shares - 1}");
        if (signatureFiles.Count == 0) throw new ArgumentException("no signature files given", nameof(signatureFiles));
        var files = new List<(string Path, SafeFileHandle Handle, BucketFile.Header Header)>();
        try
        {
            foreach (var sig in signatureFiles)
            {
                var bucketPath = BucketFile.PathFor(sig);
                if (!File.Exists(bucketPath))
                    throw new InvalidDataException($"{sig} has no bucket file {Path.GetFileName(bucketPath)}: rerun stage 1 with dedup.minhash_signatures bucket_file: true (the default), or cluster in one process with `pipeline dedup cluster --input`");
                var handle = File.OpenHandle(bucketPath);
                files.Add((bucketPath, handle, BucketFile.ReadHeader(handle, bucketPath)));
            }
            files.Sort((a, b) => a.Header.TaskIndex.CompareTo(b.Header.TaskIndex));
            var first = files[0].Header;
            foreach (var (p, _, h) in files)
                if (h.Bands != first.Bands || h.Rows != first.Rows || h.Seed != first.Seed || h.DagHash != first.DagHash)
                    throw new InvalidDataException($"{p}: bands, rows, seed or DAG ({h.Bands} × {h.Rows}, seed {h.Seed}) differ from {files[0].Path}; rerun all tasks of stage 1 with one DAG");
            for (int i = 1; i < files.Count; i++)
                if (files[i].Header.TaskIndex == files[i - 1].Header.TaskIndex)
                    throw new InvalidDataException($"{files[i].Path} and {files[i - 1].Path} are both task {files[i].Header.TaskIndex}");

            ulong lo = BucketFile.ShareStart(share, shares);
            bool last = share == shares - 1;
            ulong hi = last ? 0 : BucketFile.ShareStart(share + 1, shares);
            int nb = first.Bands;
            // The ranges first (binary search only): the memory check comes before any allocation.
            var from = new long[files.Count, nb];
            var to = new long[files.Count, nb];
            long largest = 0, records = 0;
            for (int b = 0; b < nb; b++)
            {
                long bandRecords = 0;
                for (int f = 0; f < files.Count; f++)
                {
                    from[f, b] = BucketFile.LowerBound(files[f].Handle, files[f].Header, b, lo);
                    to[f, b] = last ? files[f].Header.Records : BucketFile.LowerBound(files[f].Handle, files[f].Header, b, hi);
                    bandRecords += to[f, b] - from[f, b];
                }
                largest = Math.Max(largest, bandRecords);
                records += bandRecords;
            }
            long estimate = BaselineBytes + largest * 16;
            Check(memoryBudget, estimate, share, shares, $"its largest band share holds {largest:N0} records (16 bytes each)", largest * 16);
            if (largest > Array.MaxLength) throw new MemoryBudgetExceededException($"bucket task {share} of {shares}: {largest:N0} records in one band share are more than one array holds; use more bucket tasks");

            var hashes = new ulong[largest];
            var refs = new ulong[largest];
            var edges = new HashSet<UInt128>();
            long buckets = 0;
            for (int b = 0; b < nb; b++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int m = 0;
                for (int f = 0; f < files.Count; f++)
                {
                    BucketFile.ReadRange(files[f].Handle, files[f].Header, b, from[f, b], to[f, b], hashes, refs, m);
                    m += (int)(to[f, b] - from[f, b]);
                }
                Array.Sort(hashes, refs, 0, m);
                for (int i = 0; i < m;)
                {
                    int j = i + 1;
                    while (j < m && hashes[j] == hashes[i]) j++;
                    if (j - i > 1)
                    {
                        buckets++;
                        ulong root = ulong.MaxValue;
                        for (int x = i; x < j; x++) root = Math.Min(root, refs[x]);
                        for (int x = i; x < j; x++)
                            if (refs[x] != root) edges.Add(((UInt128)root << 64) | refs[x]);
                    }
                    i = j;
                }
                long now = BaselineBytes + largest * 16 + edges.Count * BytesPerEdge;
                Check(memoryBudget, now, share, shares, $"after band {b + 1} of {nb} it holds {edges.Count:N0} distinct candidate edges ({BytesPerEdge} bytes each) besides {largest:N0} records", largest * 16 + edges.Count * BytesPerEdge);
                estimate = Math.Max(estimate, now);
            }
            var sorted = new UInt128[edges.Count];
            edges.CopyTo(sorted);
            edges = null;
            Array.Sort(sorted);
            var path = Path.Combine(outputDirectory, EdgeFile.FileName(share, shares));
            EdgeFile.Write(path, new EdgeFile.Header(share, shares, first.TaskCount, sorted.Length, first.DagHash), sorted, sorted.Length);
            return new BucketTaskResult(share, shares, files.Count, records, largest, buckets, sorted.Length, records * BucketFile.RecordSize,
                EdgeFile.HeaderSize + sorted.LongLength * 16, estimate, path);
        }
        finally
        {
            foreach (var f in files) f.Handle.Dispose();
        }
    }

    private static void Check(long? budget, long estimate, int share, int shares, string what, long variableBytes)
    {
        if (budget is not { } limit || estimate <= limit) return;
        long factor = (long)Math.Ceiling(variableBytes / (double)Math.Max(1, limit - BaselineBytes));
        throw new MemoryBudgetExceededException(
            $"bucket task {share} of {shares} needs about {Size(estimate)}, more than its memory budget of {Size(limit)}: {what}. " +
            $"Run the bucket stage with more tasks (about {Math.Max(shares + 1, shares * factor)}; `pipeline submit --memory-per-task` chooses them from the document count) or give each task more memory");
    }

    /// <summary>Bytes as "1.5 GB" / "200 MB".</summary>
    public static string Size(long bytes) =>
        bytes >= 1L << 30 ? $"{bytes / (double)(1L << 30):F1} GB" : $"{bytes / (double)(1L << 20):F0} MB";

    /// <summary>
    /// Bucket tasks needed so that each stays within <paramref name="memoryPerTask"/> for <paramref name="documents"/>
    /// documents: a band share holds documents/M records of 16 bytes, and the edges of a share are budgeted at
    /// <paramref name="edgesPerDocument"/> per document of the share (measured at 10M documents, 20% duplicates: 0.2
    /// with one bucket task, which keeps each pair once, 1.03 with eight, where a pair met in several bands lands in
    /// several shares) — with a 1.5× margin for bucket skew.
    /// </summary>
    public static int TasksFor(long documents, long memoryPerTask, double edgesPerDocument = 1.0)
    {
        double perTask = memoryPerTask - BaselineBytes;
        if (perTask <= 0) throw new ArgumentException($"--memory-per-task {Size(memoryPerTask)} is below the {Size(BaselineBytes)} a task needs to start");
        double need = documents * (16 + edgesPerDocument * BytesPerEdge) * 1.5;
        return (int)Math.Max(1, Math.Ceiling(need / perTask));
    }
}
