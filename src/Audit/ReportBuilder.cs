using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Pipeline.Audit;

/// <summary>Builds the self-contained HTML report (plots as base64 PNG data URIs) and its Markdown summary.</summary>
internal static class ReportBuilder
{
    private const string Style = """
        body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px auto;max-width:960px;color:#1d1d1f;line-height:1.45}
        h1{font-size:26px;margin-bottom:4px}h2{font-size:20px;border-bottom:1px solid #ddd;padding-bottom:4px;margin-top:32px}
        .headline{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}.card{border:1px solid #ddd;border-radius:8px;padding:10px 14px;min-width:140px}
        .card b{display:block;font-size:22px}.card span{font-size:12px;color:#555}
        table{border-collapse:collapse;margin:8px 0 16px;font-size:14px}th,td{border:1px solid #ddd;padding:4px 8px;text-align:left}
        td.n{text-align:right;font-variant-numeric:tabular-nums}th{background:#f5f5f7}img{max-width:100%;border:1px solid #eee}
        .note{color:#555;font-size:13px}.bad{color:#b00020;font-weight:600}.ok{color:#0a7d32;font-weight:600}.warn{background:#fff4e5;border-left:4px solid #e08a00;padding:6px 10px}
        """;

    public static (string Html, string Markdown) Build(ReportData d)
    {
        var html = new StringBuilder();
        var md = new StringBuilder();
        html.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(E(d.Title)).Append("</title><style>").Append(Style).Append("</style></head><body>\n");
        html.Append("<h1>").Append(E(d.Title)).Append("</h1><p class=\"note\">Generated ").Append(DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)).Append(" by audit.report.</p>\n");
        md.Append("# ").Append(d.Title).Append("\n\n");

        Headline(d, html, md);
        GatesSection(d, html, md);
        StabilitySection(d, html, md);
        PerplexitySection(d, html, md);
        ProbesSection(d, html, md);
        FunnelSection(d, html, md);
        LicenceSection(d, html, md);
        MixtureSection(d, html, md);
        if (d.Notes.Count > 0)
        {
            html.Append("<section id=\"notes\"><h2>Notes</h2><ul>");
            md.Append("## Notes\n\n");
            foreach (var n in d.Notes) { html.Append("<li>").Append(E(n)).Append("</li>"); md.Append("- ").Append(n).Append('\n'); }
            html.Append("</ul></section>\n");
            md.Append('\n');
        }
        html.Append("</body></html>\n");
        return (html.ToString(), md.ToString());
    }

    private static void Headline(ReportData d, StringBuilder html, StringBuilder md)
    {
        var cards = new List<(string Label, string Value)>();
        string? V(string key, string format) => d.Results.TryGetValue(key, out var v) ? v.ToString(format, CultureInfo.InvariantCulture) : null;
        if (V("final_train_loss", "0.000") is { } fl) cards.Add(("final train loss", fl));
        if (V("perplexity", "0.0") is { } p) cards.Add(("held-out perplexity", p));
        if (V("bits_per_byte", "0.000") is { } b) cards.Add(("bits per byte", b));
        if (V("probe_accuracy", "0.0%") is { } a) cards.Add(("probe accuracy", a));
        if (V("spikes", "0") is { } s) cards.Add(("spikes (loss / grad norm)", $"{s} / {V("grad_norm_spikes", "0") ?? "0"}"));
        if (d.Funnel.Count > 0) cards.Add(("documents in → kept", $"{d.Funnel[0].Documents:N0} → {d.Funnel[^1].Documents:N0}"));
        if (d.TokensPerDomain.Count > 0) cards.Add(("training tokens", d.TokensPerDomain.Sum(t => t.Tokens).ToString("N0", CultureInfo.InvariantCulture)));
        html.Append("<section id=\"summary\"><h2>Summary</h2><div class=\"headline\">");
        foreach (var (l, v) in cards) html.Append("<div class=\"card\"><b>").Append(E(v)).Append("</b><span>").Append(E(l)).Append("</span></div>");
        html.Append("</div>");
        md.Append("## Summary\n\n");
        foreach (var (l, v) in cards) md.Append("- **").Append(l).Append("**: ").Append(v).Append('\n');
        md.Append('\n');
        if (d.Results.TryGetValue("diverged", out var dv))
        {
            var verdict = dv > 0 ? "<span class=\"bad\">diverged</span>" : "<span class=\"ok\">did not diverge</span>";
            html.Append("<p>Training ").Append(verdict).Append(".</p>");
        }
        html.Append("</section>\n");
    }

    private static void StabilitySection(ReportData d, StringBuilder html, StringBuilder md)
    {
        html.Append("<section id=\"stability\"><h2>Loss curve and stability</h2>\n");
        md.Append("## Loss curve and stability\n\n");
        if (d.Metrics is { } m && m.Steps.Count > 0)
            Img(html, "plot-loss", "Training loss with spikes marked", ReportPlots.LossCurve(m.Steps, m.Evaluations, d.Spikes, Plateaus(d.Stability)));
        else html.Append("<p class=\"note\">No training metrics.</p>");
        if (d.Stability is { } s)
        {
            var lines = new List<string>
            {
                $"{(int?)s["steps"] ?? 0} steps; loss {Num(s["first_loss"])} → {Num(s["last_loss"])}.",
                (bool?)s["diverged"] == true ? $"Diverged: {(string?)s["divergence_reason"]}." : "No divergence.",
                $"Plateaus: {s["plateaus"]?.AsArray().Count ?? 0}{((bool?)s["ends_on_plateau"] == true ? " (training ends on a plateau)" : "")}.",
            };
            var viol = s["schedule_violations"]?.AsArray().Select(v => (string?)v).ToList() ?? [];
            lines.Add(viol.Count == 0 ? $"Learning-rate schedule as configured (peak {Num(s["lr_peak"])} at step {s["lr_peak_step"]})." : "Learning-rate schedule problems: " + string.Join("; ", viol));
            html.Append("<ul>");
            foreach (var l in lines) { html.Append("<li>").Append(E(l)).Append("</li>"); md.Append("- ").Append(l).Append('\n'); }
            html.Append("</ul>");
            md.Append('\n');
            var spikes = s["spikes"]?.AsArray() ?? [];
            if (spikes.Count > 0)
            {
                var df = ReportTables.Frame(
                    ReportTables.Longs("step", spikes.Select(x => (long)x!["step"]!)),
                    ReportTables.Strings("metric", spikes.Select(x => (string?)x!["metric"])),
                    ReportTables.Doubles("value", spikes.Select(x => Dbl(x!["value"]))),
                    ReportTables.Doubles("z", spikes.Select(x => Dbl(x!["z"]))),
                    ReportTables.Strings("top domain", spikes.Select(x => Top(x!["domains"]))),
                    ReportTables.Strings("top source", spikes.Select(x => Top(x!["sources"]))),
                    ReportTables.Strings("licences", spikes.Select(x => string.Join(", ", (x!["licences"]?.AsArray() ?? []).Select(l => (string?)l!["name"])))),
                    ReportTables.Strings("documents", spikes.Select(x => string.Join(", ", (x!["documents"]?.AsArray() ?? []).Take(3).Select(l => (string?)l!["doc_id"])))));
                html.Append("<h3>Spike forensics</h3><p class=\"note\">Each spike's batch traced through the token index to its documents and, through the ledger, to their domains, sources and licences (shares are of the batch's tokens).</p>");
                html.Append(ReportTables.Html(df, "spike-table"));
                md.Append("### Spike forensics\n\n").Append(ReportTables.Markdown(df)).Append('\n');
            }
            else
            {
                html.Append("<p>No spikes above the z-score threshold.</p>");
                md.Append("No spikes above the z-score threshold.\n\n");
            }
        }
        html.Append("</section>\n");
    }

    private static void PerplexitySection(ReportData d, StringBuilder html, StringBuilder md)
    {
        html.Append("<section id=\"perplexity\"><h2>Held-out perplexity per domain</h2>\n");
        md.Append("## Held-out perplexity per domain\n\n");
        var rows = d.Perplexity?["domains"]?.AsArray();
        if (rows is null || rows.Count == 0)
        {
            html.Append("<p class=\"note\">No perplexity audit in this run.</p></section>\n");
            md.Append("No perplexity audit in this run.\n\n");
            return;
        }
        Img(html, "plot-perplexity", "Perplexity per domain", ReportPlots.Bars("Held-out perplexity per domain", "perplexity", rows.Select(r => ((string)r!["domain"]!, Dbl(r["perplexity"]))).ToList()));
        var df = ReportTables.Frame(
            ReportTables.Strings("domain", rows.Select(r => (string?)r!["domain"])),
            ReportTables.Longs("tokens", rows.Select(r => (long)r!["tokens"]!)),
            ReportTables.Doubles("loss", rows.Select(r => Dbl(r!["loss"]))),
            ReportTables.Doubles("perplexity", rows.Select(r => Dbl(r!["perplexity"]))),
            ReportTables.Doubles("bits/byte", rows.Select(r => Dbl(r!["bits_per_byte"]))));
        html.Append(ReportTables.Html(df, "perplexity-table")).Append("<p class=\"note\">Bits per byte = total nats ÷ ln 2 ÷ UTF-8 bytes of the decoded held-out text; comparable across tokenizers.</p></section>\n");
        md.Append(ReportTables.Markdown(df)).Append('\n');
    }

    private static void ProbesSection(ReportData d, StringBuilder html, StringBuilder md)
    {
        html.Append("<section id=\"probes\"><h2>Knowledge probes per domain</h2>\n");
        md.Append("## Knowledge probes per domain\n\n");
        var rows = d.Probes?["domains"]?.AsArray();
        if (rows is null || rows.Count == 0)
        {
            html.Append("<p class=\"note\">No probe audit in this run.</p></section>\n");
            md.Append("No probe audit in this run.\n\n");
            return;
        }
        double chance = rows.Average(r => Dbl(r!["chance"]));
        Img(html, "plot-probes", "Probe accuracy per domain", ReportPlots.Bars("Probe accuracy per domain", "accuracy", rows.Select(r => ((string)r!["domain"]!, Dbl(r["accuracy"]))).ToList(), chance, "chance"));
        var cols = new List<Microsoft.Data.Analysis.DataFrameColumn>
        {
            ReportTables.Strings("domain", rows.Select(r => (string?)r!["domain"])),
            ReportTables.Longs("probes", rows.Select(r => (long)r!["probes"]!)),
            ReportTables.Doubles("accuracy", rows.Select(r => Dbl(r!["accuracy"]))),
            ReportTables.Doubles("chance", rows.Select(r => Dbl(r!["chance"]))),
            ReportTables.Doubles("mean rank", rows.Select(r => Dbl(r!["mean_rank"]))),
            ReportTables.Doubles("answer log-prob", rows.Select(r => Dbl(r!["mean_answer_logprob"]))),
        };
        if (rows.Any(r => r!["retention_change"] is not null))
        {
            cols.Add(ReportTables.Doubles("change vs earlier", rows.Select(r => Dbl(r!["retention_change"]))));
            cols.Add(ReportTables.Strings("forgetting", rows.Select(r => (bool?)r!["forgetting"] == true ? "yes" : "")));
        }
        var df = new Microsoft.Data.Analysis.DataFrame(cols);
        html.Append(ReportTables.Html(df, "probe-table"));
        var earlier = (string?)d.Probes?["earlier_checkpoint"];
        html.Append("<p class=\"note\">Accuracy: share of probes whose answer has a higher log-likelihood than every distractor. ")
            .Append(earlier is null ? "No earlier checkpoint to compare retention with." : $"Retention compares with {E(Path.GetFileName(earlier))}; a drop of more than the tolerance is flagged as forgetting.")
            .Append("</p></section>\n");
        md.Append(ReportTables.Markdown(df)).Append('\n');
    }

    private static void FunnelSection(ReportData d, StringBuilder html, StringBuilder md)
    {
        html.Append("<section id=\"funnel\"><h2>Data funnel</h2>\n");
        md.Append("## Data funnel\n\n");
        if (d.Funnel.Count > 0)
        {
            Img(html, "plot-funnel", "Documents after each step", ReportPlots.Bars("Documents entering and after each step", "documents", d.Funnel.Select(f => (f.Stage, (double)f.Documents)).ToList()));
            var df = ReportTables.Frame(ReportTables.Strings("stage", d.Funnel.Select(f => f.Stage)), ReportTables.Longs("documents", d.Funnel.Select(f => f.Documents)));
            html.Append(ReportTables.Html(df, "funnel-table")).Append("<p class=\"note\">From ").Append(E(d.FunnelSource)).Append(".</p>");
            md.Append(ReportTables.Markdown(df)).Append('\n');
        }
        else html.Append("<p class=\"note\">No document counts (ledger off and no stats.json).</p>");
        if (d.TokensPerDomain.Count > 0)
        {
            Img(html, "plot-tokens", "Training tokens per domain", ReportPlots.Bars("Training tokens per domain", "tokens", d.TokensPerDomain.Select(t => (t.Domain, (double)t.Tokens)).ToList()));
            var df = ReportTables.Frame(ReportTables.Strings("domain", d.TokensPerDomain.Select(t => t.Domain)), ReportTables.Longs("train tokens", d.TokensPerDomain.Select(t => t.Tokens)));
            html.Append(ReportTables.Html(df, "tokens-table"));
            md.Append(ReportTables.Markdown(df)).Append('\n');
        }
        html.Append("</section>\n");
    }

    private static void LicenceSection(ReportData d, StringBuilder html, StringBuilder md)
    {
        html.Append("<section id=\"licences\"><h2>Licence breakdown</h2>\n");
        md.Append("## Licence breakdown\n\n");
        if (d.Licences.Count == 0)
        {
            html.Append("<p class=\"note\">No ledger, so no licence facts.</p></section>\n");
            md.Append("No ledger, so no licence facts.\n\n");
            return;
        }
        Img(html, "plot-licences", "Documents per licence", ReportPlots.Bars("Documents per licence (all entering)", "documents", d.Licences.Select(l => (l.Licence, (double)l.Documents)).ToList()));
        var df = ReportTables.Frame(
            ReportTables.Strings("licence", d.Licences.Select(l => l.Licence)),
            ReportTables.Longs("documents", d.Licences.Select(l => l.Documents)),
            ReportTables.Longs("kept", d.Licences.Select(l => l.Kept)),
            ReportTables.Longs("train tokens", d.Licences.Select(l => l.TrainTokens)),
            ReportTables.Longs("validation tokens", d.Licences.Select(l => l.ValTokens)));
        html.Append(ReportTables.Html(df, "licence-table")).Append("</section>\n");
        md.Append(ReportTables.Markdown(df)).Append('\n');
    }

    private static void GatesSection(ReportData d, StringBuilder html, StringBuilder md)
    {
        if (d.Gates.Count == 0) return;
        int failed = d.Gates.Count(g => !g.Passed);
        html.Append("<section id=\"gates\"><h2>Gates</h2>\n");
        md.Append("## Gates\n\n");
        var verdict = failed == 0 ? $"All {d.Gates.Count} gate(s) passed." : $"{failed} of {d.Gates.Count} gate(s) failed: the run's status is gate_failed.";
        html.Append("<p class=\"").Append(failed == 0 ? "ok" : "bad").Append("\">").Append(E(verdict)).Append("</p>");
        md.Append(verdict).Append("\n\n");
        var df = ReportTables.Frame(
            ReportTables.Strings("rule", d.Gates.Select(g => g.Rule)),
            ReportTables.Doubles("measured", d.Gates.Select(g => g.Measured ?? double.NaN)),
            ReportTables.Strings("result", d.Gates.Select(g => g.Passed ? "passed" : "FAILED")),
            ReportTables.Strings("detail", d.Gates.Select(g => g.Detail ?? "")));
        html.Append(ReportTables.Html(df, "gate-table")).Append("</section>\n");
        md.Append(ReportTables.Markdown(df)).Append('\n');
    }

    private static void MixtureSection(ReportData d, StringBuilder html, StringBuilder md)
    {
        html.Append("<section id=\"mixture\"><h2>Next mixture</h2>\n");
        md.Append("## Next mixture\n\n");
        if (d.Mixture.Count == 0)
        {
            html.Append("<p class=\"note\">Needs per-domain perplexity and training tokens per domain.</p></section>\n");
            md.Append("Needs per-domain perplexity and training tokens per domain.\n\n");
            return;
        }
        var df = ReportTables.Frame(
            ReportTables.Strings("domain", d.Mixture.Select(m => m.Domain)),
            ReportTables.Doubles("token share", d.Mixture.Select(m => m.TokenShare)),
            ReportTables.Doubles("loss (bits/byte)", d.Mixture.Select(m => m.Loss)),
            ReportTables.Doubles("loss share", d.Mixture.Select(m => m.LossShare)),
            ReportTables.Doubles("current weight", d.Mixture.Select(m => m.CurrentWeight)),
            ReportTables.Doubles("next weight", d.Mixture.Select(m => m.NextWeight)),
            ReportTables.Strings("evidence", d.Mixture.Select(m => m.Warning ?? "ok")));
        var thin = d.Mixture.Where(m => m.Warning is not null).ToList();
        if (thin.Count > 0)
        {
            var text = $"Too little held-out evidence for {thin.Count} of {d.Mixture.Count} domain(s) ({string.Join(", ", thin.Select(m => m.Domain))}): their weights were not moved. " +
                "Hold out more text for them (tokens.shards validation_fraction) before trusting a new mixture.";
            html.Append("<p class=\"warn\">⚠ ").Append(E(text)).Append("</p>");
            md.Append("> **Warning:** ").Append(text).Append("\n\n");
        }
        html.Append(ReportTables.Html(df, "mixture-table"))
            .Append("<p>Rule: ").Append(E(MixtureRecommender.Rule)).Append(" Written to <code>next_mixture.json</code> for <code>tokens.shards</code>.</p></section>\n");
        md.Append(ReportTables.Markdown(df)).Append("\nRule: ").Append(MixtureRecommender.Rule).Append(" Written to `next_mixture.json`.\n\n");
    }

    private static void Img(StringBuilder html, string id, string alt, byte[] png) =>
        html.Append("<img id=\"").Append(id).Append("\" alt=\"").Append(E(alt)).Append("\" width=\"").Append(ReportPlots.Width).Append("\" height=\"").Append(ReportPlots.Height)
            .Append("\" src=\"data:image/png;base64,").Append(Convert.ToBase64String(png)).Append("\">\n");

    private static List<(long, long)> Plateaus(JsonObject? stability) =>
        (stability?["plateaus"]?.AsArray() ?? []).Select(p => p!.AsArray()).Where(p => p.Count == 2).Select(p => ((long)p[0]!, (long)p[1]!)).ToList();

    private static string Top(JsonNode? shares) => shares?.AsArray() is { Count: > 0 } a
        ? $"{(string?)a[0]!["name"]} ({Dbl(a[0]!["share"]):P0})" : "";

    private static double Dbl(JsonNode? n) => n is JsonValue v
        ? v.TryGetValue<double>(out var d) ? d : v.TryGetValue<string>(out var s) && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out d) ? d : double.NaN
        : double.NaN;

    private static string Num(JsonNode? n) => ReportTables.Cell(Dbl(n));

    private static string E(string s) => WebUtility.HtmlEncode(s);
}
