using System.Text;
using Microsoft.Win32.SafeHandles;
using Pipeline.Core.Util;

namespace Pipeline.Dedup;

/// <summary>
/// Staged exact dedup, stage 2 (run by <c>pipeline dedup buckets</c> next to the MinHash share): share k of M owns
/// the key hashes whose high 64 bits lie in [k·2⁶⁴/M, (k+1)·2⁶⁴/M). It reads that range from every task's
/// <see cref="ExactHashFile"/>, and for every hash seen more than once keeps the first document in global input
/// order (task, then input order) — exactly what <c>dedup.exact</c> keeps in one process — and lists the others,
/// with the kept id, in one removal list per stage-1 task (<c>exact[.task-NNNN].part-KKKK-of-MMMM.tsv</c>, written
/// for every task, empty ones included). Memory: 32 bytes per record of the share.
/// </summary>
public static class ExactBuckets
{
    /// <summary>Runs share <paramref name="share"/> of <paramref name="shares"/>; returns (records read, documents listed for removal).</summary>
    /// <exception cref="MemoryBudgetExceededException">The share needs more than <paramref name="memoryBudget"/> bytes.</exception>
    public static (long Records, long Removed) Run(IReadOnlyList<string> hashFiles, int share, int shares, string outputDirectory, long? memoryBudget,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(hashFiles);
        if (shares < 1 || share < 0 || share >= shares) throw new ArgumentException($"bucket task {share} is outside 0..{shares - 1}");
        if (hashFiles.Count == 0) throw new ArgumentException("no exact hash files given", nameof(hashFiles));
        var files = new List<(string Path, SafeFileHandle Handle, ExactHashFile.Header Header)>();
        try
        {
            foreach (var p in hashFiles)
            {
                var handle = File.OpenHandle(p);
                files.Add((p, handle, ExactHashFile.ReadHeader(handle, p)));
            }
            files.Sort((a, b) => a.Header.TaskIndex.CompareTo(b.Header.TaskIndex));
            for (int i = 0; i < files.Count; i++)
            {
                var h = files[i].Header;
                if (h.KeyFingerprint != files[0].Header.KeyFingerprint || h.DagHash != files[0].Header.DagHash)
                    throw new InvalidDataException($"{files[i].Path}: key, normalisation or DAG differ from {files[0].Path}; rerun all tasks of stage 1 with one DAG");
                if (i > 0 && h.TaskIndex == files[i - 1].Header.TaskIndex)
                    throw new InvalidDataException($"{files[i].Path} and {files[i - 1].Path} are both task {h.TaskIndex}");
            }
            ulong lo = BucketFile.ShareStart(share, shares);
            bool last = share == shares - 1;
            ulong hi = last ? 0 : BucketFile.ShareStart(share + 1, shares);
            var from = new long[files.Count];
            var to = new long[files.Count];
            long total = 0;
            for (int f = 0; f < files.Count; f++)
            {
                from[f] = ExactHashFile.LowerBound(files[f].Handle, files[f].Header, lo);
                to[f] = last ? files[f].Header.Records : ExactHashFile.LowerBound(files[f].Handle, files[f].Header, hi);
                total += to[f] - from[f];
            }
            long estimate = MinHashBuckets.BaselineBytes + total * 32;
            if (memoryBudget is { } limit && estimate > limit)
                throw new MemoryBudgetExceededException(
                    $"exact-dedup bucket task {share} of {shares} needs about {MinHashBuckets.Size(estimate)}, more than its memory budget of {MinHashBuckets.Size(limit)}: " +
                    $"its share holds {total:N0} key hashes (32 bytes each). Run the bucket stage with more tasks or give each task more memory");
            if (total > Array.MaxLength) throw new MemoryBudgetExceededException($"{total:N0} key hashes in one share are more than one array holds; use more bucket tasks");
            var hashes = new UInt128[total];
            var refs = new ulong[total];
            var offsets = new long[total];
            int m = 0;
            for (int f = 0; f < files.Count; f++)
            {
                ExactHashFile.ReadRange(files[f].Handle, files[f].Header, from[f], to[f], hashes, offsets, m);
                for (long i = from[f]; i < to[f]; i++, m++) refs[m] = BucketFile.Reference(files[f].Header.TaskIndex, offsets[m]);
            }
            offsets = null;
            Array.Sort(hashes, refs);
            cancellationToken.ThrowIfCancellationRequested();
            var byTask = files.Select((f, i) => (f.Header.TaskIndex, i)).ToDictionary(x => x.TaskIndex, x => x.i);
            var removals = new List<(ulong Member, ulong Kept)>();
            for (int i = 0; i < m;)
            {
                int j = i + 1;
                while (j < m && hashes[j] == hashes[i]) j++;
                if (j - i > 1)
                {
                    ulong kept = ulong.MaxValue;
                    for (int x = i; x < j; x++) kept = Math.Min(kept, refs[x]);
                    for (int x = i; x < j; x++) if (refs[x] != kept) removals.Add((refs[x], kept));
                }
                i = j;
            }
            removals.Sort();
            Directory.CreateDirectory(outputDirectory);
            int r = 0;
            foreach (var (_, handle, h) in files)
            {
                string suffix = h.TaskCount > 1 ? $".task-{h.TaskIndex:D4}" : "";
                using var af = new AtomicFile(Path.Combine(outputDirectory, ExactHashFile.RemovalsName(suffix, share, shares)));
                using (var w = new StreamWriter(af.Stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true))
                {
                    w.Write("member\tduplicate_of\n");
                    for (; r < removals.Count && BucketFile.TaskOf(removals[r].Member) == h.TaskIndex; r++)
                    {
                        var (member, kept) = removals[r];
                        var keptFile = files[byTask[BucketFile.TaskOf(kept)]];
                        w.Write($"{ExactHashFile.ReadId(handle, BucketFile.OffsetOf(member))}\t{ExactHashFile.ReadId(keptFile.Handle, BucketFile.OffsetOf(kept))}\n");
                    }
                }
                af.Commit();
            }
            return (total, removals.Count);
        }
        finally
        {
            foreach (var f in files) f.Handle.Dispose();
        }
    }
}
