using System.Text.Json;
using Pipeline.Core.Documents;
using Pipeline.Ingest.Licence;

namespace Pipeline.Ingest.Io;

/// <summary>
/// Turns one JSON object of <c>ingest.jsonl</c> into a document: text and id from their keys, the URL from a
/// "source" object (as <c>sink.jsonl</c> writes) or the top-level URL key, metadata from the metadata object plus
/// the other top-level fields (all, or those <see cref="JsonlSourceOptions.MetadataFields"/> names; the metadata
/// object wins on a clash), the licence from the licence key (<c>licence</c> or <c>license</c>) or the step's
/// declaration, and <c>host</c>/<c>domain</c> from the URL (<see cref="SourceMetadata"/>).
/// </summary>
internal sealed class JsonlRecordMapper
{
    private readonly JsonlSourceOptions _options;
    private readonly DeclaredLicence _declared;
    private readonly HashSet<string> _reserved;
    private readonly HashSet<string>? _fields;
    private readonly string[] _licenceKeys;

    public JsonlRecordMapper(JsonlSourceOptions options)
    {
        _options = options;
        _declared = new DeclaredLicence(options.Licence, options.LicenceByPath);
        _licenceKeys = options.LicenceKey is "licence" or "license" ? ["licence", "license"] : [options.LicenceKey];
        _reserved = new HashSet<string>(StringComparer.Ordinal) { options.TextKey, options.IdKey, options.MetadataKey, options.UrlKey, "source" };
        _reserved.UnionWith(_licenceKeys);
        _fields = options.MetadataFields is null ? null : new HashSet<string>(options.MetadataFields, StringComparer.Ordinal);
    }

    /// <summary>The document of <paramref name="root"/> read from <paramref name="name"/> at <paramref name="offset"/>, or null with <paramref name="problem"/>.</summary>
    public Document? Map(JsonElement root, string name, long offset, out string problem)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            problem = $"expected a JSON object, found {root.ValueKind.ToString().ToLowerInvariant()}";
            return null;
        }
        if (!root.TryGetProperty(_options.TextKey, out var t))
        {
            problem = $"missing text key '{_options.TextKey}'";
            return null;
        }
        if (t.ValueKind != JsonValueKind.String)
        {
            problem = $"'{_options.TextKey}' is {t.ValueKind.ToString().ToLowerInvariant()}, expected a string";
            return null;
        }
        if (root.TryGetProperty(_options.IdKey, out var idCheck) && idCheck.ValueKind is not (JsonValueKind.String or JsonValueKind.Number or JsonValueKind.Null))
        {
            problem = $"'{_options.IdKey}' is {idCheck.ValueKind.ToString().ToLowerInvariant()}, expected a string or number";
            return null;
        }
        if (root.TryGetProperty(_options.MetadataKey, out var metaCheck) && metaCheck.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
        {
            problem = $"'{_options.MetadataKey}' is {metaCheck.ValueKind.ToString().ToLowerInvariant()}, expected an object";
            return null;
        }
        var text = t.GetString()!;
        string id = root.TryGetProperty(_options.IdKey, out var idEl) && idEl.ValueKind switch
        {
            JsonValueKind.String => idEl.GetString()!.Length > 0,
            JsonValueKind.Number => true,
            _ => false,
        }
            ? (idEl.ValueKind == JsonValueKind.String ? idEl.GetString()! : idEl.GetRawText())
            : DocumentId.For(name, offset);

        var top = MetaJson.Read(root, k => !_reserved.Contains(k) && (_fields is null || _fields.Contains(k)));
        var meta = root.TryGetProperty(_options.MetadataKey, out var m) ? MetaJson.Read(m) : Meta.Empty;
        foreach (var kv in top)
            if (!meta.ContainsKey(kv.Key)) meta = meta.Set(kv.Key, kv.Value);
        if (meta.GetString("licence") is null && meta.GetString("license") is null)
            foreach (var key in _licenceKeys)
                if (GetString(root, key) is { Length: > 0 } lic)
                {
                    meta = meta.Set("licence", lic);
                    break;
                }

        string? url = null, contentType = null, recordId = null;
        DateTimeOffset? fetch = null;
        if (root.TryGetProperty("source", out var src) && src.ValueKind == JsonValueKind.Object)
        {
            url = GetString(src, "url");
            fetch = DocumentJsonl.ParseTime(GetString(src, "fetch_time"));
            contentType = GetString(src, "content_type");
            recordId = GetString(src, "record_id");
        }
        url ??= GetString(root, _options.UrlKey);
        meta = SourceMetadata.Complete(meta, url, _options.Domain, _declared, name);
        problem = "";
        return new Document(id, text, new SourceRef(name, offset, url, fetch, contentType, recordId, "byte"), meta);
    }

    private static string? GetString(JsonElement obj, string key) =>
        obj.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
