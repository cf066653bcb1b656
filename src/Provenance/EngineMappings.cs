using System.Text.Json;
using Pipeline.Core.Documents;
using Pipeline.Core.Ledger;
using Pipeline.Core.Steps;
using T = Pipeline.Core.Ledger.LedgerColumnType;

namespace Pipeline.Provenance;

/// <summary>
/// Table mappings of the engine's own records (documents entering, decisions, metadata changes, documents written,
/// errors, artifacts, gates): the tables the runner fills whatever the steps are. Modules map their own records.
/// </summary>
internal static class EngineMappings
{
    public static readonly LedgerTable Documents = new("documents",
        ("doc_id", T.Text), ("source_step", T.Text), ("source_file", T.Text), ("record_offset", T.BigInt), ("offset_kind", T.Text),
        ("record_id", T.Text), ("url", T.Text), ("domain", T.Text), ("host", T.Text), ("fetch_time", T.Timestamp), ("content_type", T.Text),
        ("content_hash", T.Text), ("text_bytes", T.BigInt), ("licence", T.Text), ("licence_evidence", T.Text), ("opt_out", T.TextList),
        ("language", T.Text), ("title", T.Text), ("status", T.Text), ("dropped_by", T.Text), ("drop_reason", T.Text));

    public static readonly LedgerTable DocumentUpdates = new("document_updates",
        [("doc_id", T.Text), ("step_id", T.Text), .. MirroredMeta.Keys.Select(k => (k.Name, k.Type)), ("url", T.Text)]);

    public static readonly LedgerTable Events = new("events",
        ("doc_id", T.Text), ("step_id", T.Text), ("action", T.Text), ("reason", T.Text), ("details", T.Text), ("file", T.Text), ("record_offset", T.BigInt));

    public static readonly LedgerTable Outputs = new("outputs", ("doc_id", T.Text), ("step_id", T.Text), ("output_path", T.Text));

    public static readonly LedgerTable Artifacts = new("artifacts",
        ("step_id", T.Text), ("kind", T.Text), ("path", T.Text), ("format", T.Text), ("properties", T.Text));

    /// <summary>Audit results and gate outcomes (the Audit module maps its records to the same table).</summary>
    public static readonly LedgerTable Audits = new("audits",
        ("checkpoint", T.Text), ("kind", T.Text), ("domain", T.Text), ("metric", T.Text), ("value", T.Double), ("details", T.Text));

    public static LedgerMappings Create() => new LedgerMappings()
        .Map<HashedDocumentRecord>(WriteDocument, Documents)
        .Map<DocumentEnteredRecord>((r, w) => WriteDocument(HashedDocumentRecord.Of(r), w), Documents)
        .Map<DocumentMetaChangedRecord>(WriteUpdate, DocumentUpdates)
        .Map<DocumentEventRecord>((r, w) => w.Row(Events).Text(r.DocumentId).Text(r.StepId).Text(ActionName(r.Action)).Text(r.Reason).Text(r.Details).Text(null).BigInt(null).End(), Events)
        .Map<StepErrorRecord>((r, w) => w.Row(Events).Text(r.DocumentId).Text(r.StepId).Text("error").Text(r.Reason).Text(r.Message).Text(r.File).BigInt(r.Offset).End(), Events)
        .Map<DocumentWrittenRecord>((r, w) => w.Row(Outputs).Text(r.DocumentId).Text(r.StepId).Text(r.OutputPath).End(), Outputs)
        .Map<ArtifactRecord>(WriteArtifact, Artifacts)
        .Map<GateRecord>((r, w) => w.Row(Audits).Text("").Text("gate").Text(r.Rule).Text(r.Metric).Double(r.Measured).Text(r.Passed ? "passed" : $"failed: {r.Detail}").End(), Audits);

    internal static string ActionName(OutcomeAction action) => action switch
    {
        OutcomeAction.Kept => "kept",
        OutcomeAction.Modified => "modified",
        OutcomeAction.Dropped => "dropped",
        _ => "error",
    };

    private static void WriteDocument(HashedDocumentRecord r, ILedgerWriter w)
    {
        var src = r.Source;
        var meta = r.Meta;
        w.Row(Documents).Text(r.DocumentId).Text(r.StepId).Text(src.File).BigInt(src.Offset).Text(src.OffsetKind).Text(src.RecordId).Text(src.Url)
            .Text(meta.GetString("domain")).Text(meta.GetString("host")).Timestamp(src.FetchTime).Text(src.ContentType).Text(r.ContentHash).BigInt(r.TextBytes)
            .Text(meta.GetString("licence")).Text(meta.GetString("licence_evidence")).TextList(meta.GetStrings("opt_out"))
            .Text(meta.GetString("language")).Text(meta.GetString("title")).Text(null).Text(null).Text(null).End();
    }

    private static void WriteUpdate(DocumentMetaChangedRecord r, ILedgerWriter w)
    {
        var meta = r.Document.Meta;
        var row = w.Row(DocumentUpdates).Text(r.Document.Id).Text(r.StepId);
        foreach (var (name, type) in MirroredMeta.Keys)
            row = type == T.TextList ? row.TextList(meta.GetStrings(name)) : row.Text(meta.GetString(name));
        row.Text(r.Document.Source.Url).End();
    }

    private static void WriteArtifact(ArtifactRecord r, ILedgerWriter w)
    {
        var a = r.Artifact;
        string? props = null;
        if (a.Properties is { Count: > 0 } p)
            props = JsonSerializer.Serialize(p.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToDictionary(kv => kv.Key, kv => kv.Value));
        w.Row(Artifacts).Text(r.StepId).Text(a.Kind).Text(a.Path.Replace('\\', '/')).Text(a.Get("format") ?? FormatOf(a.Path)).Text(props).End();
    }

    internal static string? FormatOf(string path)
    {
        var p = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? path[..^3] : path;
        var ext = Path.GetExtension(p).TrimStart('.').ToLowerInvariant();
        return ext.Length == 0 ? null : ext;
    }
}
