using System.Globalization;
using System.Text;
using Pipeline.Core.Ledger;

namespace Pipeline.Audit;

/// <summary>Read-only questions the audit asks the provenance ledger (through <see cref="ILedgerReader"/>, wherever it lives).</summary>
internal static class LedgerFacts
{
    /// <summary>Origin facts of <paramref name="documentIds"/> (ids the ledger does not know are absent).</summary>
    public static Dictionary<string, DocumentFacts> Documents(ILedgerReader ledger, IEnumerable<string> documentIds)
    {
        var result = new Dictionary<string, DocumentFacts>(StringComparer.Ordinal);
        var ids = documentIds.Distinct(StringComparer.Ordinal).ToList();
        for (int at = 0; at < ids.Count; at += 2000)
        {
            // every run's rows (a spike may point at documents an earlier run of the ledger entered), with the metadata
            // later steps found (document_updates) over what the source step knew
            var sql = new StringBuilder("""
                SELECT DISTINCT ON (doc_id) doc_id, domain, source_file, url, licence FROM documents_with_updates
                WHERE doc_id IN (
                """);
            bool first = true;
            foreach (var id in ids.Skip(at).Take(2000))
            {
                if (!first) sql.Append(',');
                sql.Append('\'').Append(id.Replace("'", "''", StringComparison.Ordinal)).Append('\'');
                first = false;
            }
            sql.Append(") ORDER BY doc_id, seq");
            var t = ledger.Query(sql.ToString());
            foreach (var row in t)
            {
                var id = (string)row[0]!;
                result[id] = new DocumentFacts(id, row[1] as string, row[2] as string, row[3] as string, row[4] as string);
            }
        }
        return result;
    }

    /// <summary>
    /// Documents per licence (kept) and tokens in the train and validation shards from the ledger's
    /// <c>licence_breakdown</c> view (the numbers <c>pipeline provenance licences</c> prints; each token counted once).
    /// </summary>
    public static List<(string Licence, long Documents, long Kept, long TrainTokens, long ValTokens)> Licences(ILedgerReader ledger)
    {
        var t = ledger.Query("SELECT licence, sum(documents)::BIGINT, sum(kept)::BIGINT, sum(train_tokens)::BIGINT, sum(val_tokens)::BIGINT FROM licence_breakdown GROUP BY licence ORDER BY 2 DESC, 1");
        return t.Select(r => ((string)r[0]!, ToLong(r[1]), ToLong(r[2]), ToLong(r[3]), ToLong(r[4]))).ToList();
    }

    /// <summary>
    /// Documents entering (all source steps of the latest run), then what is left after each step that dropped or
    /// failed documents, in DAG order; the last stage is documents written by sinks when any.
    /// </summary>
    public static List<(string Stage, long Documents)> Funnel(ILedgerReader ledger)
    {
        var t = ledger.Query("""
            SELECT step_id, coalesce(entered, 0)::BIGINT, (coalesce(dropped, 0) + coalesce(errored, 0))::BIGINT, coalesce(written, 0)::BIGINT
            FROM funnel WHERE run_id = (SELECT run_id FROM current_runs ORDER BY started_at DESC LIMIT 1)
            ORDER BY step_order NULLS LAST, first_seq
            """);
        var result = new List<(string, long)>();
        // Distinct ids: a later branch re-reading written documents (ingest.parquet) does not count them twice.
        var e = ledger.Query("SELECT count(DISTINCT doc_id) FROM documents WHERE run_id = (SELECT run_id FROM current_runs ORDER BY started_at DESC LIMIT 1)");
        long entered = e.Count == 0 ? 0 : ToLong(e[0][0]);
        if (entered == 0) return result;
        result.Add(("entered", entered));
        long left = entered;
        foreach (var r in t)
        {
            long lost = ToLong(r[2]);
            if (lost > 0) result.Add(($"after {r[0]}", left -= lost));
        }
        return result;
    }

    /// <summary>Training tokens per domain from the ledger's <c>shards</c> table.</summary>
    public static Dictionary<string, long> TrainTokensPerDomain(ILedgerReader ledger)
    {
        var t = ledger.Query("SELECT coalesce(domain, 'unknown'), sum(token_count)::BIGINT FROM shards WHERE coalesce(split, 'train') = 'train' GROUP BY 1");
        return t.ToDictionary(r => (string)r[0]!, r => ToLong(r[1]), StringComparer.Ordinal);
    }

    private static long ToLong(object? v) => v is null ? 0 : Convert.ToInt64(v, CultureInfo.InvariantCulture);
}
