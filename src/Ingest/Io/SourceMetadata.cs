using Pipeline.Core.Documents;
using Pipeline.Ingest.Licence;
using Pipeline.Ingest.Web;

namespace Pipeline.Ingest.Io;

/// <summary>
/// Metadata every file source fills the same way: <c>domain</c> (and <c>host</c>) from the document's URL when the
/// record has no domain (a <c>domain</c> option, a corpus name, wins), <c>licence</c> normalised whatever its spelling (<c>license</c> is
/// read as <c>licence</c>), and the licence the step declares for the file when the record names none.
/// </summary>
internal static class SourceMetadata
{
    /// <summary>Completes <paramref name="meta"/> of a document read from <paramref name="file"/>.</summary>
    public static Meta Complete(Meta meta, string? url, string? domainOption, DeclaredLicence declared, string file)
    {
        if (meta.GetString("license") is { } lic)
        {
            meta = meta.Remove("license");
            if (meta.GetString("licence") is null) meta = meta.Set("licence", lic);
        }
        if (meta.GetString("licence") is { } raw)
        {
            var id = DeclaredLicence.Id(raw);
            if (!string.Equals(id, raw, StringComparison.Ordinal))
            {
                meta = meta.Set("licence", id);
                if (meta.GetString("licence_evidence") is null) meta = meta.Set("licence_evidence", "record: " + raw);
            }
        }
        else if (declared.For(file) is { } d)
            meta = meta.Set("licence", d.Id).Set("licence_evidence", d.Evidence);
        if (domainOption is { Length: > 0 } domain) meta = meta.Set("domain", domain);
        else if (meta.GetString("domain") is null && DomainNames.HostOf(url) is { } host)
        {
            meta = meta.Set("domain", DomainNames.Registrable(host));
            if (meta.GetString("host") is null) meta = meta.Set("host", host);
        }
        return meta;
    }
}
