using System.Text.Json;

namespace Pipeline.Filters.Pii;

/// <summary>One labelled text of a PII set: its spans (types mapped by <see cref="PiiEntityTypes.Canonical"/>) and template id.</summary>
internal sealed record PiiRecord(int Index, string Text, IReadOnlyList<PiiMatch> Gold, string Template)
{
    /// <summary>Reads a presidio-style JSON array of {full_text, spans: [{entity_type, start_position, end_position}], template_id?}.</summary>
    public static List<PiiRecord> ReadAll(string path)
    {
        JsonDocument json;
        try
        {
            using var stream = File.OpenRead(path);
            json = JsonDocument.Parse(stream);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path}: not valid JSON ({ex.Message}); expected an array of {{full_text, spans}}", ex);
        }
        using var _ = json;
        if (json.RootElement.ValueKind != JsonValueKind.Array)
            throw new InvalidDataException($"{path}: expected a JSON array of {{full_text, spans}} records");
        var records = new List<PiiRecord>();
        int index = 0;
        foreach (var record in json.RootElement.EnumerateArray())
        {
            if (!record.TryGetProperty("full_text", out var textEl) || textEl.ValueKind != JsonValueKind.String)
                throw new InvalidDataException($"{path}: record {index} has no string 'full_text'");
            var text = textEl.GetString()!;
            var gold = new List<PiiMatch>();
            if (record.TryGetProperty("spans", out var spans) && spans.ValueKind == JsonValueKind.Array)
                foreach (var s in spans.EnumerateArray())
                {
                    try
                    {
                        var type = PiiEntityTypes.Canonical(s.GetProperty("entity_type").GetString() ?? "");
                        int start = s.GetProperty("start_position").GetInt32();
                        int end = s.GetProperty("end_position").GetInt32();
                        if (start < 0 || end < start || end > text.Length) throw new InvalidDataException($"{path}: record {index}: span {start}..{end} outside the text ({text.Length} chars)");
                        gold.Add(new PiiMatch(type, start, end - start));
                    }
                    catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or FormatException)
                    {
                        throw new InvalidDataException($"{path}: record {index}: a span needs entity_type, start_position and end_position ({ex.Message})", ex);
                    }
                }
            var template = record.TryGetProperty("template_id", out var t) && t.ValueKind is JsonValueKind.Number or JsonValueKind.String ? t.ToString() : "";
            records.Add(new PiiRecord(index, text, gold, template));
            index++;
        }
        return records;
    }

    /// <summary>
    /// True when the record belongs to the held-out split: its template id (or, without one, its text) hashes into
    /// the held-out fraction, so held-out sentences have layouts the model never saw.
    /// </summary>
    public bool IsHeldOut(double fraction) => Toxicity.LabelledText.IsHeldOut(Template.Length > 0 ? "template:" + Template : Text, fraction);
}
